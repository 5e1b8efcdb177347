"""Grading is a pure function of question and response; shuffling the presentation never changes a grade."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.quiz.draw import positions_to_response, presented_order
from trainer.quiz.grading import ResponseError, correct_response, grade, parse_number
from trainer.quiz.schema import (
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)

BASE = {"topics": ["fees"], "difficulty": 1, "prompt": {"vi": "?"}, "explanation": {"vi": "Vì."}, "source": "Nghị định 61/2018/NĐ-CP"}


def choice(kind: str, n: int, correct: set[int]):
    model = SingleQuestion if kind == "single" else MultipleQuestion
    options = [{"id": f"o{i}", "text": {"vi": f"Ý {i}"}, "correct": i in correct} for i in range(n)]
    return model(id="q-1", type=kind, options=options, **BASE)


def ordering(n: int) -> OrderingQuestion:
    return OrderingQuestion(id="q-2", type="ordering", items=[{"id": f"s{i}", "text": {"vi": f"B{i}"}} for i in range(n)], **BASE)


def matching(n: int) -> MatchingQuestion:
    pairs = [{"left": {"vi": f"L{i}"}, "right": {"vi": f"R{i}"}} for i in range(n)]
    return MatchingQuestion(id="q-3", type="matching", pairs=pairs, **BASE)


def numeric(answer: float, tolerance: float = 0) -> NumericQuestion:
    return NumericQuestion(id="q-4", type="numeric", answer=answer, tolerance=tolerance, **BASE)


@pytest.mark.parametrize(
    ("typed", "value"),
    [("6000", 6000), ("6.000", 6000), ("6 000", 6000), ("6000 đồng", 6000), ("6.000đ", 6000), ("7.000 ₫", 7000),
     ("2,5", 2.5), ("2,5 ngày", 2.5), ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("1.000.000", 1_000_000),
     ("200.000 đồng", 200_000), ("12.5", 12.5), ("0,125", 0.125), ("6\u00a0000", 6000), (" 15 ", 15), (3, 3)],
)
def test_numbers_typed_the_vietnamese_way_are_understood(typed, value):
    assert parse_number(typed) == pytest.approx(value)


@pytest.mark.parametrize("typed", ["abc", "6000 hay 7000", "1.23.4", "đồng", "", True])
def test_text_that_is_not_one_number_is_refused_with_a_clear_error(typed):
    with pytest.raises(ResponseError) as caught:
        parse_number(typed)
    assert caught.value.key == "errors.quiz.not_a_number"


def test_numeric_answers_are_accepted_within_the_tolerance_only():
    question = numeric(2.5, tolerance=0.1)
    assert grade(question, "2,6").correct
    assert not grade(question, "2,7").correct
    assert grade(numeric(7000), "7.000 đồng").points == 1.0


def test_an_empty_numeric_answer_is_asked_again_not_graded():
    with pytest.raises(ResponseError) as caught:
        grade(numeric(7000), "  ")
    assert caught.value.key == "errors.quiz.no_answer"


def test_single_choice_is_right_only_on_the_correct_option():
    question = choice("single", 3, {1})
    assert grade(question, "o1").correct
    assert grade(question, "o0").points == 0
    with pytest.raises(ResponseError):
        grade(question, "zz")


def test_multiple_choice_gives_partial_credit_and_is_correct_only_when_exact():
    question = choice("multiple", 4, {0, 2})
    assert grade(question, ["o0", "o2"]).correct
    half = grade(question, ["o0"])
    assert (half.correct, half.points) == (False, 0.5)
    assert grade(question, ["o0", "o1"]).points == 0  # one right, one wrong
    assert grade(question, ["o1", "o3"]).points == 0  # never below zero


def test_true_false_needs_a_real_choice():
    question = TrueFalseQuestion(id="q-5", type="true_false", answer=False, **BASE)
    assert grade(question, False).correct
    assert not grade(question, True).correct
    with pytest.raises(ResponseError):
        grade(question, None)


def test_ordering_is_graded_exact_and_must_use_every_step_once():
    question = ordering(4)
    assert grade(question, ["s0", "s1", "s2", "s3"]).correct
    assert grade(question, ["s1", "s0", "s2", "s3"]).points == 0
    with pytest.raises(ResponseError) as caught:
        grade(question, ["s0", "s0", "s2", "s3"])
    assert caught.value.key == "errors.quiz.ordering_incomplete"


def test_matching_scores_each_pair():
    question = matching(4)
    assert grade(question, [0, 1, 2, 3]).correct
    partly = grade(question, [0, 1, 3, 2])
    assert (partly.correct, partly.points) == (False, 0.5)
    with pytest.raises(ResponseError):
        grade(question, [0, None, 2, 3])


@st.composite
def question_and_picks(draw):
    kind = draw(st.sampled_from(["single", "multiple", "ordering", "matching"]))
    n = draw(st.integers(min_value=3, max_value=7))
    if kind == "single":
        question = choice("single", n, {draw(st.integers(0, n - 1))})
        picks = draw(st.integers(0, n - 1))
    elif kind == "multiple":
        question = choice("multiple", n, set(draw(st.lists(st.integers(0, n - 1), min_size=1, unique=True))))
        picks = draw(st.lists(st.integers(0, n - 1), min_size=1, unique=True))
    elif kind == "ordering":
        question = ordering(n)
        picks = draw(st.permutations(list(range(n))))
    else:
        question = matching(n)
        picks = draw(st.lists(st.integers(0, n - 1), min_size=n, max_size=n))
    return question, picks, draw(st.integers(0, 2**31 - 1))


@settings(max_examples=300, deadline=None)
@given(question_and_picks())
def test_a_shuffled_question_is_graded_the_same_as_the_unshuffled_one(case):
    question, picks, seed = case
    shuffled = presented_order(question, random.Random(seed))
    canonical = tuple(o.id for o in question.options) if hasattr(question, "options") else (
        tuple(i.id for i in question.items) if isinstance(question, OrderingQuestion) else tuple(range(len(question.pairs)))
    )
    assert sorted(map(str, shuffled)) == sorted(map(str, canonical))  # a permutation of the same choices
    # The person picks the same things on both screens: translate screen positions of the shuffled screen ...
    response = positions_to_response(question, shuffled, picks)
    # ... and find where those same things stand on the unshuffled screen.
    if isinstance(question, SingleQuestion):
        same_picks = canonical.index(response)
    else:
        same_picks = [canonical.index(r) for r in response]
    assert grade(question, response) == grade(question, positions_to_response(question, canonical, same_picks))


@settings(max_examples=200, deadline=None)
@given(question_and_picks())
def test_the_correct_answer_earns_full_points_whatever_the_shuffle(case):
    question, _, seed = case
    order = presented_order(question, random.Random(seed))
    right = correct_response(question)
    # where the right answer stands on the shuffled screen, picked there, read back as ids
    if isinstance(question, SingleQuestion):
        on_screen = order.index(right)
    else:
        on_screen = [order.index(r) for r in right]
    result = grade(question, positions_to_response(question, order, on_screen))
    assert result.correct and result.points == result.max_points
