"""The dialog seam: the test fake and the Qt dialogs answer the same questions."""

from __future__ import annotations

import inspect

import pytest

from app.ui.prompts import DialogPrompts, Prompts
from tests.app.ui.conftest import AnsweredPrompts

QUESTIONS = sorted(
    name
    for name, member in vars(Prompts).items()
    if inspect.isfunction(member) and not name.startswith("_")
)


def test_the_protocol_lists_every_question_the_window_asks() -> None:
    assert {"term", "resolve_conflict", "password", "error", "restore_autosave"} <= set(QUESTIONS)


@pytest.mark.parametrize("implementation", [AnsweredPrompts, DialogPrompts])
@pytest.mark.parametrize("question", QUESTIONS)
def test_every_implementation_answers_every_question_with_the_same_parameters(
    implementation: type, question: str
) -> None:
    expected = list(inspect.signature(getattr(Prompts, question)).parameters)
    actual = list(inspect.signature(getattr(implementation, question)).parameters)
    assert actual == expected
