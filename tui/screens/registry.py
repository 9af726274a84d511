"""The app's screens, one row each; their keys are in tui/actions.py.

Screens are imported only when first opened, so start-up pays for the spreadsheet alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from textual.screen import Screen


@dataclass(frozen=True)
class ScreenEntry:
    scope: str  # mode name, and the scope of the screen's commands
    title: str
    target: str  # "module:Class"

    def load(self) -> type[Screen]:
        module_name, class_name = self.target.split(":")
        return getattr(import_module(module_name), class_name)


SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("programs", "Programs", "tui.screens.programs:ProgramsScreen"),
    ScreenEntry("profile", "Profile", "tui.screens.profile:ProfileScreen"),
    ScreenEntry("priorities", "Priorities", "tui.screens.priorities:PrioritiesScreen"),
    ScreenEntry("dashboard", "Dashboard", "tui.screens.dashboard:DashboardScreen"),
    ScreenEntry("interviews", "Interviews", "tui.screens.interviews:InterviewsScreen"),
    ScreenEntry("ranklist", "Rank list", "tui.screens.ranklist:RankListScreen"),
    ScreenEntry("outreach", "Outreach", "tui.screens.outreach:OutreachScreen"),
    ScreenEntry("redflags", "Red flags", "tui.screens.redflags:RedFlagsScreen"),
    ScreenEntry("materials", "Materials", "tui.screens.materials:MaterialsScreen"),
    ScreenEntry("settings", "Settings", "tui.screens.settings:SettingsScreen"),
)
