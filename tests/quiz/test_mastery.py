"""Mastery: a decayed mean where recent answers weigh more; the weakest topics are suggested first."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.quiz.mastery import HALF_LIFE_ANSWERS, TopicMastery, review_next, weighted_mastery


def test_no_answers_means_no_mastery_yet():
    assert weighted_mastery([]) is None


def test_recent_answers_weigh_more_than_old_ones():
    improving = weighted_mastery([1, 1, 1, 0, 0, 0])  # newest first: wrong long ago, right lately
    declining = weighted_mastery([0, 0, 0, 1, 1, 1])
    assert improving > 0.5 > declining
    assert improving + declining == pytest.approx(1.0)


def test_an_answer_one_half_life_older_counts_half():
    scores = [0.0] * HALF_LIFE_ANSWERS + [1.0]
    weights = [0.5 ** (k / HALF_LIFE_ANSWERS) for k in range(len(scores))]
    assert weighted_mastery(scores) == pytest.approx(0.5 / sum(weights))


@given(st.lists(st.floats(0, 1), min_size=1, max_size=40))
def test_mastery_stays_between_the_lowest_and_highest_score(scores):
    value = weighted_mastery(scores)
    assert min(scores) - 1e-9 <= value <= max(scores) + 1e-9


def test_review_suggests_weakest_practised_topics_then_untried_ones():
    at = datetime(2026, 3, 2, 9, 0)
    items = [
        TopicMastery("a", 0.9, 5, at, ()),
        TopicMastery("b", 0.2, 3, at, ("sc-1",)),
        TopicMastery("c", None, 0, None, ()),
        TopicMastery("d", 0.5, 2, at, ()),
    ]
    assert [m.topic for m in review_next(items, limit=3)] == ["b", "d", "c"]
    assert review_next([TopicMastery("a", 0.95, 5, at, ())]) == []
