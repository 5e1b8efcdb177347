"""Grading, as pure functions of a question and a response (responses name ids, never screen positions).

Response shapes (stored as JSON):
- single: the chosen option id · multiple: the list of chosen option ids · true_false: true/false
- ordering: the item ids in the chosen order · matching: for each pair (left, in file order) the index of
  the pair whose right text was chosen · numeric: the typed text (or a number).

Points (each question is worth 1):
- multiple: partial credit, (right picks − wrong picks) / number of correct options, never below 0;
  "correct" only when the choice is exactly the set of correct options.
- matching: the share of pairs matched correctly; "correct" only when all are.
- ordering: exact order only (1 or 0). numeric: within the absolute tolerance.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from trainer.errors import DomainError
from trainer.quiz.schema import (
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    Question,
    SingleQuestion,
    TrueFalseQuestion,
)

MAX_POINTS = 1.0  # every question weighs the same
_NUMBER_START = re.compile(r"^\s*([+-]?\d[\d\s.,\u00a0\u202f]*)(.*)$", re.DOTALL)


@dataclass(frozen=True)
class Grade:
    """The outcome of one answer."""

    correct: bool
    points: float
    max_points: float = MAX_POINTS


class ResponseError(DomainError):
    """The response cannot be graded (empty, not a number, incomplete order)."""


def parse_number(text: str | float) -> float:
    """Read a number typed the Vietnamese way: "6.000", "6 000", "6000 đồng", "2,5 ngày", "1.234,5"."""
    if isinstance(text, bool):
        raise ResponseError("errors.quiz.not_a_number", value=str(text))
    if isinstance(text, (int, float)):
        return float(text)
    raw = str(text)
    match = _NUMBER_START.match(raw)
    if not match or re.search(r"\d", match.group(2)):
        raise ResponseError("errors.quiz.not_a_number", value=raw.strip())
    digits = re.sub(r"[\s\u00a0\u202f]", "", match.group(1)).rstrip(".,")
    sign = -1.0 if digits.startswith("-") else 1.0
    digits = digits.lstrip("+-")
    if "." in digits and "," in digits:
        decimal = "." if digits.rfind(".") > digits.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        number = digits.replace(thousands, "").replace(decimal, ".")
    elif "." in digits or "," in digits:
        sep = "." if "." in digits else ","
        head, *groups = digits.split(sep)
        thousands_like = all(len(g) == 3 for g in groups) and 1 <= len(head) <= 3 and head != "0"
        if len(groups) > 1 or thousands_like:
            if not (thousands_like and 1 <= len(head) <= 3):
                raise ResponseError("errors.quiz.not_a_number", value=raw.strip())
            number = digits.replace(sep, "")
        else:
            number = digits.replace(sep, ".")
    else:
        number = digits
    try:
        value = float(number)
    except ValueError as exc:
        raise ResponseError("errors.quiz.not_a_number", value=raw.strip()) from exc
    if not math.isfinite(value):
        raise ResponseError("errors.quiz.not_a_number", value=raw.strip())
    return sign * value


def _ids(value: Any) -> list[str]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ResponseError("errors.quiz.bad_response")
    return list(value)


def grade(question: Question, response: Any) -> Grade:
    """Grade one response; an empty or malformed response is a ResponseError (ask again, grade nothing)."""
    if isinstance(question, SingleQuestion):
        ids = {o.id for o in question.options}
        if response is None or response == "":
            raise ResponseError("errors.quiz.no_answer")
        if response not in ids:
            raise ResponseError("errors.quiz.bad_response")
        right = next(o.id for o in question.options if o.correct)
        return _all_or_nothing(response == right)
    if isinstance(question, MultipleQuestion):
        chosen = set(_ids(response))
        if not chosen:
            raise ResponseError("errors.quiz.no_answer")
        if not chosen <= {o.id for o in question.options}:
            raise ResponseError("errors.quiz.bad_response")
        right = {o.id for o in question.options if o.correct}
        share = (len(chosen & right) - len(chosen - right)) / len(right)
        exact = chosen == right
        return Grade(exact, MAX_POINTS if exact else round(max(0.0, share) * MAX_POINTS, 4))
    if isinstance(question, TrueFalseQuestion):
        if not isinstance(response, bool):
            raise ResponseError("errors.quiz.no_answer")
        return _all_or_nothing(response == question.answer)
    if isinstance(question, OrderingQuestion):
        order = _ids(response)
        expected = [i.id for i in question.items]
        if sorted(order) != sorted(expected):
            raise ResponseError("errors.quiz.ordering_incomplete", n=len(expected))
        return _all_or_nothing(order == expected)
    if isinstance(question, MatchingQuestion):
        n = len(question.pairs)
        if not isinstance(response, (list, tuple)) or len(response) != n:
            raise ResponseError("errors.quiz.bad_response")
        if any(r is None for r in response):
            raise ResponseError("errors.quiz.matching_incomplete")
        if any(isinstance(r, bool) or not isinstance(r, int) or not 0 <= r < n for r in response):
            raise ResponseError("errors.quiz.bad_response")
        good = sum(1 for left, right in enumerate(response) if left == right)
        return Grade(good == n, round(good / n * MAX_POINTS, 4))
    if isinstance(question, NumericQuestion):
        if response is None or (isinstance(response, str) and not response.strip()):
            raise ResponseError("errors.quiz.no_answer")
        value = parse_number(response)
        return _all_or_nothing(abs(value - question.answer) <= question.tolerance + 1e-9)
    raise ResponseError("errors.quiz.bad_response")


def _all_or_nothing(ok: bool) -> Grade:
    return Grade(ok, MAX_POINTS if ok else 0.0)


def correct_response(question: Question) -> Any:
    """The response that earns full points (for feedback and tests)."""
    if isinstance(question, SingleQuestion):
        return next(o.id for o in question.options if o.correct)
    if isinstance(question, MultipleQuestion):
        return [o.id for o in question.options if o.correct]
    if isinstance(question, TrueFalseQuestion):
        return question.answer
    if isinstance(question, OrderingQuestion):
        return [i.id for i in question.items]
    if isinstance(question, MatchingQuestion):
        return list(range(len(question.pairs)))
    return question.answer
