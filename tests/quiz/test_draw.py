"""Drawing: N per topic, reproducible from the seed, unseen questions first, choices shuffled."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.errors import DomainError
from trainer.quiz.draw import draw, layout_from_json, layout_json


def test_each_topic_gets_its_count_and_no_question_twice(bank):
    drawn = draw(bank, bank.quizzes["thu"], seed=7)
    assert Counter(d.topic for d in drawn) == {"statuses": 3, "fees": 2}
    assert len({d.question_id for d in drawn}) == 5
    for d in drawn:
        assert d.topic in bank.questions[d.question_id].topics


def test_the_same_seed_and_history_replay_the_same_attempt_exactly(bank):
    quiz = bank.quizzes["thu"]
    first = draw(bank, quiz, seed=123, recent=["st-001"])
    stored = layout_json(first, ["st-001"])
    replayed = draw(bank, quiz, seed=123, recent=stored["recent"])
    assert replayed == first == layout_from_json(stored)


def test_different_seeds_give_different_attempts(bank):
    layouts = {tuple((d.question_id, d.order) for d in draw(bank, bank.quizzes["thu"], seed=s)) for s in range(20)}
    assert len(layouts) > 10


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 2**31 - 1), st.lists(st.sampled_from([f"st-00{i}" for i in range(1, 8)]), max_size=7, unique=True))
def test_questions_not_seen_recently_are_preferred(seed, recent):
    from tests.quiz.bank_fixture import QUIZZES, TOPICS, questions
    from trainer.quiz.loader import Bank
    from trainer.quiz.schema import QUESTION_MODELS, QuizDefinition, Topic

    bank = Bank(root=None)  # type: ignore[arg-type]
    bank.topics = {t["id"]: Topic.model_validate(t) for t in TOPICS["topics"]}
    for items in questions().values():
        for q in items:
            bank.questions[q["id"]] = QUESTION_MODELS[q["type"]].model_validate(q)
    quiz = QuizDefinition.model_validate(QUIZZES["thu"])
    chosen = [d.question_id for d in draw(bank, quiz, seed, recent) if d.topic == "statuses"]
    pool = [q.id for q in bank.questions_for("statuses")]
    unseen = [q for q in pool if q not in recent]
    if len(unseen) >= 3:
        assert set(chosen) <= set(unseen)
    else:
        assert set(unseen) <= set(chosen)
        seen_taken = [q for q in chosen if q in recent]
        oldest = sorted((q for q in pool if q in recent), key=recent.index, reverse=True)[: len(seen_taken)]
        assert set(seen_taken) == set(oldest)  # the ones seen longest ago come back first


def test_choices_are_shuffled_but_complete(bank):
    for seed in range(10):
        for d in draw(bank, bank.quizzes["thu"], seed=seed):
            question = bank.questions[d.question_id]
            if question.type in ("single", "multiple"):
                assert sorted(d.order) == sorted(o.id for o in question.options)
            elif question.type == "ordering":
                assert sorted(d.order) == sorted(i.id for i in question.items)
                assert list(d.order) != [i.id for i in question.items]  # never shown already solved
            elif question.type == "matching":
                assert sorted(d.order) == list(range(len(question.pairs)))
            else:
                assert d.order == ()


def test_drawing_more_than_the_bank_holds_is_a_clear_error(bank):
    quiz = bank.quizzes["thu"].model_copy(update={"draw": [bank.quizzes["thu"].draw[0].model_copy(update={"count": 99})]})
    with pytest.raises(DomainError) as caught:
        draw(bank, quiz, seed=1)
    assert caught.value.key == "errors.quiz.not_enough_questions"
