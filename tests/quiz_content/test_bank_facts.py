"""Numbers and dates in the bank agree with the rules they teach (fee rule of DOMAIN.md §10, the sandbox calendar)."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

BANK_DIR = Path(__file__).resolve().parents[2] / "scenarios" / "quizzes" / "questions"
COPY_FEE_FIRST_PAGES = 2000  # ₫ per page for pages 1–2, certified copy 2.000815 (DOMAIN.md §10)
COPY_FEE_LATER_PAGES = 1000  # ₫ per page from page 3 (DOMAIN.md §10)
COPY_FEE_CAP = 200_000  # ₫ per copy at most (DOMAIN.md §10)
SIGNATURE_FEE = 10_000  # ₫, signature certification 2.000884 (DOMAIN.md §10)


def _bank() -> dict[str, dict[str, Any]]:
    found = {}
    for path in sorted(BANK_DIR.glob("*.yaml")):
        for question in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            found[question["id"]] = question
    return found


BANK = _bank()


def copy_fee(pages: int) -> int:
    """Fee for certifying one copy of `pages` pages."""
    by_page = COPY_FEE_FIRST_PAGES * min(pages, 2) + COPY_FEE_LATER_PAGES * max(0, pages - 2)
    return min(COPY_FEE_CAP, by_page)


def _correct_text(question: dict[str, Any]) -> str:
    return next(o["text"]["vi"] for o in question["options"] if o.get("correct"))


def _vn(d: date) -> str:
    return f"{d.day}/{d.month}/{d.year}"


@pytest.mark.parametrize(
    ("question_id", "copies"),
    [
        ("fe-001", [1]),
        ("fe-002", [2]),
        ("fe-003", [5]),
        ("fe-004", [10]),
        ("fe-005", [2, 2, 2]),
        ("fe-006", [300]),
        ("fe-020", [3, 15]),
    ],
)
def test_certified_copy_answers_follow_the_page_rule_and_the_cap(question_id: str, copies: list[int]) -> None:
    assert BANK[question_id]["answer"] == sum(copy_fee(pages) for pages in copies)


def test_the_page_count_where_the_cap_is_reached_is_the_first_one_at_the_cap() -> None:
    pages = BANK["fe-007"]["answer"]
    assert copy_fee(pages) == COPY_FEE_CAP and copy_fee(pages - 1) < COPY_FEE_CAP


def test_copy_plus_signature_answer_adds_both_fees() -> None:
    assert BANK["fe-018"]["answer"] == copy_fee(4) + SIGNATURE_FEE


def test_explanations_of_fee_questions_state_the_answer() -> None:
    for question_id in ("fe-001", "fe-002", "fe-003", "fe-004", "fe-005", "fe-006", "fe-018", "fe-020"):
        question = BANK[question_id]
        vi_amount = f"{int(question['answer']):,}".replace(",", ".")
        assert vi_amount in question["explanation"]["vi"], question_id


@pytest.mark.parametrize(
    ("question_id", "received_at", "working_days"),
    [
        ("dl-006", datetime(2026, 10, 8, 10, 0), 3),
        ("dl-007", datetime(2026, 10, 8, 15, 30), 3),
        ("dl-009", datetime(2026, 4, 29, 9, 0), 3),
    ],
)
def test_appointment_date_answers_agree_with_the_sandbox_calendar(
    question_id: str, received_at: datetime, working_days: int
) -> None:
    calendar = pytest.importorskip("trainer.world.calendar")
    due = calendar.appointment_date(received_at, working_days).date()
    assert _vn(due) in _correct_text(BANK[question_id])


def test_counting_start_pairs_agree_with_the_sandbox_calendar() -> None:
    calendar = pytest.importorskip("trainer.world.calendar")
    for pair in BANK["dl-021"]["pairs"]:
        hour, minute, day, month, year = map(
            int, re.fullmatch(r"(\d+):(\d+) .* (\d+)/(\d+)/(\d+)", pair["left"]["vi"]).groups()
        )
        start = calendar.counting_start(datetime(year, month, day, hour, minute))
        assert pair["right"]["vi"].endswith(_vn(start)), pair["left"]["vi"]


def test_eight_working_hours_answer_agrees_with_the_sandbox_calendar() -> None:
    calendar = pytest.importorskip("trainer.world.calendar")
    deadline = calendar.add_working_hours(datetime(2026, 10, 9, 14, 0), 8)
    assert f"{deadline:%H:%M}" in _correct_text(BANK["dl-020"])
    assert _vn(deadline.date()).rsplit("/", 1)[0] in _correct_text(BANK["dl-020"])


def test_working_day_count_agrees_with_the_sandbox_calendar() -> None:
    calendar = pytest.importorskip("trainer.world.calendar")
    assert BANK["dl-008"]["answer"] == calendar.working_days_between(date(2026, 10, 4), date(2026, 10, 16))
