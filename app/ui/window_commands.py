"""What every group of main-window commands reaches through the window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.ui.glossary_service import GlossaryService
from app.ui.prompts import Prompts

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class WindowCommands:
    """Base of the window's command groups (documents, terms): the window and its seams."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    @property
    def prompts(self) -> Prompts:
        return self.window.prompts  # read each time: tests answer with their own

    @property
    def glossary(self) -> GlossaryService:
        return self.window.glossary
