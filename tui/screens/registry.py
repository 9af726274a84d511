"""The app's screens: one row each, with the key that opens it.

Screens are imported only when first opened, so start-up pays for the spreadsheet alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from textual.screen import Screen


@dataclass(frozen=True)
class ScreenEntry:
    scope: str  # mode name, and the scope of the screen's own commands
    title: str
    key: str
    target: str  # "module:Class"
    help: str

    def load(self) -> type[Screen]:
        module_name, class_name = self.target.split(":")
        return getattr(import_module(module_name), class_name)

    def commands(self):
        """The screen's own commands (module-level SCREEN_COMMANDS), for help and the palette."""
        module = import_module(self.target.split(":")[0])
        return getattr(module, "SCREEN_COMMANDS", ())


SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("programs", "Programs", "f1", "tui.screens.programs:ProgramsScreen",
                "The research spreadsheet of every program"),
    ScreenEntry("profile", "Profile", "f2", "tui.screens.profile:ProfileScreen",
                "Your exams, school, USCE, visa need; self-assessment and risk"),
    ScreenEntry("priorities", "Priorities", "f3", "tui.screens.priorities:PrioritiesScreen",
                "What matters to you in a program: must, nice, not important"),
    ScreenEntry("dashboard", "Dashboard", "f4", "tui.screens.dashboard:DashboardScreen",
                "Tier balance, gates, regions, costs, signals and the timeline"),
    ScreenEntry("interviews", "Interviews", "f5", "tui.screens.interviews:InterviewsScreen",
                "Impressions after each interview"),
    ScreenEntry("ranklist", "Rank list", "f6", "tui.screens.ranklist:RankListScreen",
                "Your rank order list, the suggested order and match odds"),
    ScreenEntry("outreach", "Outreach", "f7", "tui.screens.outreach:OutreachScreen",
                "Contacts, questions asked and follow-ups"),
    ScreenEntry("redflags", "Red flags", "f8", "tui.screens.redflags:RedFlagsScreen",
                "Red flags and their explanation drafts (private)"),
    ScreenEntry("materials", "Materials", "f9", "tui.screens.materials:MaterialsScreen",
                "Letters, personal statements and practice exams"),
    ScreenEntry("settings", "Settings", "f10", "tui.screens.settings:SettingsScreen",
                "Every threshold and weight, with reset to default"),
)

SCREENS_BY_SCOPE = {entry.scope: entry for entry in SCREENS}

# Screens opened from another screen rather than by a key of their own; their commands are
# listed in help too.
DIALOG_MODULES = ("tui.screens.importing", "tui.screens.exporting")

