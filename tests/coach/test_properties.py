"""Rules that hold for all inputs: scoring and the counting of expectations."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from trainer.coach.schema import Counted
from trainer.coach.scoring import compute


@given(st.integers(0, 500), st.booleans(), st.integers(0, 500), st.integers(0, 500), st.integers(0, 100))
def test_a_score_is_never_negative_and_a_pass_needs_every_step_and_the_mark(
    earned: int, all_steps: bool, penalties: int, maximum: int, mark: int
) -> None:
    score = compute(min(earned, maximum), all_steps, penalties, maximum, mark)
    assert 0 <= score.points <= max(maximum, 0)
    assert 0 <= score.percent <= 100
    if score.passed:
        assert all_steps and score.percent >= mark
    if penalties == 0 and all_steps and earned >= maximum:
        assert score.passed


@given(st.integers(0, 50), st.integers(0, 60))
def test_count_means_exactly_and_min_means_at_least(wanted: int, found: int) -> None:
    assert Counted(count=wanted).accepts(found) == (found == wanted)
    if wanted >= 1:
        assert Counted(min=wanted).accepts(found) == (found >= wanted)
    assert Counted().accepts(found) == (found >= 1)
