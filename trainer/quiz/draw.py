"""Drawing an attempt's questions and their presented order, reproducibly from a seed.

For each draw rule, questions tagged with the topic are taken at random, those the person has not seen
recently first (then the ones seen longest ago). Options, ordering items and the right column of a matching
question are shuffled. The result (the layout) is stored with the attempt, so the attempt can be shown and
graded again exactly; draw() with the same seed and the same recent list gives the same layout.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from trainer.errors import DomainError
from trainer.quiz.loader import Bank
from trainer.quiz.schema import (
    MatchingQuestion,
    MultipleQuestion,
    OrderingQuestion,
    Question,
    QuizDefinition,
    SingleQuestion,
)

RESHUFFLES = 5  # an ordering or matching shown already solved gives the answer away: reshuffle up to this many times


@dataclass(frozen=True)
class DrawnQuestion:
    """One question of an attempt: which, for which topic of the quiz, in which presented order."""

    question_id: str
    topic: str
    order: tuple[Any, ...]  # option ids, item ids, or right-column pair indexes; () when nothing is shuffled

    def as_json(self) -> dict[str, Any]:
        return {"id": self.question_id, "topic": self.topic, "order": list(self.order)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DrawnQuestion:
        return cls(data["id"], data["topic"], tuple(data.get("order", ())))


def presented_order(question: Question, rng: random.Random) -> tuple[Any, ...]:
    """A shuffled presentation of the question's choices (never the solved order when avoidable)."""
    if isinstance(question, (SingleQuestion, MultipleQuestion)):
        order = [o.id for o in question.options]
        rng.shuffle(order)
        return tuple(order)
    if isinstance(question, (OrderingQuestion, MatchingQuestion)):
        solved = [i.id for i in question.items] if isinstance(question, OrderingQuestion) else list(range(len(question.pairs)))
        order = list(solved)
        for _ in range(RESHUFFLES):
            rng.shuffle(order)
            if order != solved:
                break
        return tuple(order)
    return ()


def draw(bank: Bank, quiz: QuizDefinition, seed: int, recent: list[str] | tuple[str, ...] = ()) -> list[DrawnQuestion]:
    """The questions of one attempt; recent = question ids the person answered, most recent first."""
    rng = random.Random(seed)
    rank = {qid: i for i, qid in reversed(list(enumerate(recent)))}  # first (most recent) occurrence wins
    taken: set[str] = set()
    drawn: list[DrawnQuestion] = []
    for rule in quiz.draw:
        pool = [q for q in bank.questions_for(rule.topic) if q.id not in taken]
        if len(pool) < rule.count:
            raise DomainError("errors.quiz.not_enough_questions", topic=rule.topic, n=rule.count, have=len(pool))
        rng.shuffle(pool)
        unseen = [q for q in pool if q.id not in rank]
        seen = sorted((q for q in pool if q.id in rank), key=lambda q: -rank[q.id])  # seen longest ago first
        for question in (unseen + seen)[: rule.count]:
            taken.add(question.id)
            drawn.append(DrawnQuestion(question.id, rule.topic, ()))
    rng.shuffle(drawn)
    return [DrawnQuestion(d.question_id, d.topic, presented_order(bank.questions[d.question_id], rng)) for d in drawn]


def layout_json(drawn: list[DrawnQuestion], recent: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """What the attempt stores: the drawn questions in order and the recent list the draw avoided."""
    return {"questions": [d.as_json() for d in drawn], "recent": list(recent)}


def layout_from_json(data: dict[str, Any]) -> list[DrawnQuestion]:
    return [DrawnQuestion.from_json(item) for item in data.get("questions", [])]


def positions_to_response(question: Question, order: tuple[Any, ...], picked: Any) -> Any:
    """Turn what was picked on screen (positions in the presented order) into a response of ids.

    single: a position · multiple: a list of positions · ordering: the positions in the chosen order ·
    matching: for each left row, the position chosen in the right column (or None) · others: unchanged.
    """
    if isinstance(question, SingleQuestion):
        return None if picked is None else order[picked]
    if isinstance(question, (MultipleQuestion, OrderingQuestion)):
        return [order[p] for p in picked]
    if isinstance(question, MatchingQuestion):
        return [None if p is None else order[p] for p in picked]
    return picked
