"""The file pickers of the import and export dialogs: textual-fspicker's open and save
dialogs; a served app's stay inside its one folder, as its typed paths do."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from textual.widget import Widget
from textual_fspicker import FileOpen, FileSave
from textual_fspicker.parts import DirectoryNavigation


class FolderNavigation(DirectoryNavigation):
    """The picker's list of folders and files, kept inside `folder`: no way up out of it."""

    def __init__(self, folder: Path, location: Path, **kwargs) -> None:
        super().__init__(location, **kwargs)
        self.folder = folder

    def validate__location(self, location: Path) -> Path:
        return location if location.resolve().is_relative_to(self.folder) else self.folder

    @property
    def is_root(self) -> bool:  # no ".." entry at the folder itself
        return self.location.resolve() == self.folder


class FolderPicker:
    """What the open and save pickers add: with a `folder` (a served app), the list stays in it
    and a name typed or picked outside it is refused."""

    def __init__(self, location: Path, folder: Path | None, **kwargs) -> None:
        super().__init__(location, **kwargs)
        self.folder = folder

    def compose(self) -> Iterator[Widget]:
        for widget in super().compose():
            if self.folder is not None and isinstance(widget, DirectoryNavigation):
                widget = FolderNavigation(self.folder, self._location,
                                          double_click_directories=self._double_click_directories)
            yield widget

    def _should_return(self, candidate: Path) -> bool:
        if self.folder is not None and not candidate.resolve().is_relative_to(self.folder):
            self._set_error(f"Only files in {self.folder}")
            return False
        return super()._should_return(candidate)


class FolderFileOpen(FolderPicker, FileOpen):
    def __init__(self, location: Path, folder: Path | None) -> None:
        super().__init__(location, folder, title="Choose the file")


class FolderFileSave(FolderPicker, FileSave):
    def __init__(self, location: Path, folder: Path | None) -> None:
        super().__init__(location, folder, title="Save as")
