"""Small display helpers of the quiz page: numbers in the reader's convention, typed text shown literally."""

from __future__ import annotations

from trainer.ui.quiz_view import fmt_number
from trainer.ui.widgets import literal


def test_numbers_are_written_the_vietnamese_or_english_way():
    assert fmt_number(7000, "vi") == "7.000"
    assert fmt_number(7000, "en") == "7,000"
    assert fmt_number(2.5, "vi") == "2,5"
    assert fmt_number(1234.5, "en") == "1,234.5"


def test_typed_text_cannot_become_a_link_or_emphasis():
    shown = literal("[bấm vào đây](http://x.example) **6.000**")
    assert "](" not in shown.replace("\\]\\(", "")
    assert "\\*\\*6&#46;000\\*\\*" in shown
