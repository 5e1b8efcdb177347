"""Helpers for browser tests (import from tests.e2e.helpers)."""

from tests.e2e.conftest import choose, menu, menu_link, open_slip_qr, run_cli, screenshot, wait_for_app

__all__ = ["QUESTION_BOX", "choose", "menu", "menu_link", "open_slip_qr", "question_box", "run_cli", "screenshot",
           "wait_for_app"]


QUESTION_BOX = "[class*='st-key-quiz_question_']"  # a quiz question with its options and "Trả lời" (quiz_view.py)


def question_box(page):  # type: ignore[no-untyped-def]
    """The quiz question on screen (a bordered container, not an st.form: its picks survive a language switch)."""
    return page.locator(QUESTION_BOX)
