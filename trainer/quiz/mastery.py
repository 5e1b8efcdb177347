"""Mastery per topic per person: recent answers weigh more, and the weakest topics come first for review.

Each answer scores points/max_points (0..1). For a topic, the trainee's answers to questions tagged with it
are taken newest first; the k-th newest (k = 0, 1, ...) weighs 0.5 ** (k / HALF_LIFE_ANSWERS), so an
answer HALF_LIFE_ANSWERS answers older counts half as much. Mastery is the weighted mean; a topic with no
answer has no mastery yet (None). The decay follows answer order, not clock age, so a trainee who practises
once a month is judged by what they did, not by how long ago it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.quiz.loader import Bank
from trainer.quiz.models import QuizAnswer
from trainer.quiz.services import bank_or_default

HALF_LIFE_ANSWERS = 5  # answers; the 6th newest answer weighs half the newest
MASTERED = 0.8  # share; at or above this a topic is not suggested for review
REVIEW_LIMIT = 3  # topics suggested at once


@dataclass(frozen=True)
class TopicMastery:
    """How well one person knows one topic, and where to practise it."""

    topic: str
    mastery: float | None  # 0..1, None when never answered
    answers: int
    last_answered_at: datetime | None
    scenarios: tuple[str, ...]

    @property
    def mastered(self) -> bool:
        return self.mastery is not None and self.mastery >= MASTERED


def weighted_mastery(scores_newest_first: list[float], half_life: float = HALF_LIFE_ANSWERS) -> float | None:
    """The decayed mean of scores (each 0..1), newest first; None for no scores."""
    if not scores_newest_first:
        return None
    weights = [0.5 ** (k / half_life) for k in range(len(scores_newest_first))]
    return sum(w * s for w, s in zip(weights, scores_newest_first, strict=True)) / sum(weights)


def mastery_for(session: Session, actor: Actor, now: datetime, *, bank: Bank | None = None) -> list[TopicMastery]:
    """Mastery of every known topic for the acting trainee, in topics.yaml order (answers after `now` ignored)."""
    bank = bank_or_default(bank)
    rows = session.execute(
        select(QuizAnswer.topics, QuizAnswer.points, QuizAnswer.max_points, QuizAnswer.answered_at)
        .where(QuizAnswer.trainee_id == actor.trainee_id, QuizAnswer.answered_at <= now)
        .order_by(QuizAnswer.answered_at.desc(), QuizAnswer.id.desc())
    ).all()
    scores: dict[str, list[float]] = {}
    last: dict[str, datetime] = {}
    for topics, points, max_points, answered_at in rows:
        for topic in topics or []:
            scores.setdefault(topic, []).append(points / max_points if max_points else 0.0)
            last.setdefault(topic, answered_at)
    out = []
    for topic_id, topic in bank.topics.items():
        mine = scores.get(topic_id, [])
        out.append(TopicMastery(topic_id, weighted_mastery(mine), len(mine), last.get(topic_id), tuple(topic.scenarios)))
    return out


def review_next(masteries: list[TopicMastery], limit: int = REVIEW_LIMIT) -> list[TopicMastery]:
    """What to review next: practised but not mastered topics, weakest first; then topics never tried."""
    weak = sorted((m for m in masteries if m.mastery is not None and not m.mastered), key=lambda m: (m.mastery, m.topic))
    untried = [m for m in masteries if m.mastery is None]
    return (weak + untried)[:limit]
