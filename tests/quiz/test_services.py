"""Quiz services on SQLite and PostgreSQL: answers are stored (with events) before feedback, attempts resume."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from trainer.actor import Actor
from trainer.db.engine import get_session_factory
from trainer.db.events import Event
from trainer.errors import DomainError, NotFound
from trainer.quiz import services
from trainer.quiz.draw import draw, layout_from_json
from trainer.quiz.grading import correct_response
from trainer.quiz.mastery import mastery_for, review_next
from trainer.quiz.models import QuizAnswer
from trainer.training.trainees import create_trainee

NOW = datetime(2026, 3, 2, 9, 0)


def new_trainee(url: str, audience: str = "official") -> Actor:
    """A trainee profile, as the acting person (quizzes do not look at the practice role)."""
    with get_session_factory(url).begin() as session:
        trainee = create_trainee(session, name="Hoàng Văn Nam", audience=audience, unit_code=None, now=NOW)
        return Actor.trainee("desk_officer" if audience == "official" else "citizen", trainee.id)


def wrong_response(question):
    right = correct_response(question)
    kind = question.type
    if kind == "single":
        return next(o.id for o in question.options if not o.correct)
    if kind == "multiple":
        return [o.id for o in question.options if not o.correct] or right[:1]
    if kind == "true_false":
        return not right
    if kind == "ordering":
        return list(reversed(right))
    if kind == "matching":
        return right[1:] + right[:1]
    return str(question.answer + question.tolerance + 1000)


def test_an_attempt_is_stored_with_its_seed_and_replays_exactly(db_url, bank):
    trainee = new_trainee(db_url)
    with get_session_factory(db_url).begin() as session:
        attempt = services.start_attempt(session, trainee, "thu", NOW, seed=42, bank=bank)
        attempt_id = attempt.id
    with get_session_factory(db_url)() as session:
        state = services.progress(session, attempt_id, actor=trainee)
        assert state.attempt.seed == 42
        assert layout_from_json(state.attempt.layout) == draw(bank, bank.quizzes["thu"], 42, state.attempt.layout["recent"])
        started = session.scalars(select(Event).where(Event.action == "quiz.started")).one()
        assert started.trainee_id == trainee.trainee_id and started.data["seed"] == 42


def test_taking_a_quiz_to_the_end_stores_every_answer_and_scores_per_topic(db_url, bank):
    trainee = new_trainee(db_url)
    factory = get_session_factory(db_url)
    with factory.begin() as session:
        attempt_id = services.start_attempt(session, trainee, "thu", NOW, seed=5, bank=bank).id
    feedback = []
    for n in range(5):
        with factory.begin() as session:
            drawn = services.progress(session, attempt_id, actor=trainee).next
            question = bank.questions[drawn.question_id]
            response = correct_response(question) if drawn.topic == "statuses" else wrong_response(question)
            feedback.append(services.answer_question(session, attempt_id, drawn.question_id, response,
                                                     NOW + timedelta(minutes=n), actor=trainee, bank=bank))
        with factory() as session:  # stored before the feedback reached the caller
            stored = session.scalars(select(QuizAnswer).where(QuizAnswer.question_id == drawn.question_id)).one()
            assert stored.correct == feedback[-1].correct
    assert [f.finished for f in feedback] == [False] * 4 + [True]
    assert all(f.show_now for f in feedback)  # the fixture quiz gives immediate feedback
    with factory() as session:
        outcome = services.results(session, attempt_id, actor=trainee)
        assert outcome.attempt.score == pytest.approx(0.6)
        assert outcome.attempt.passed is True  # pass mark 0.6
        assert outcome.attempt.ended_by == "completed"
        by_topic = {s.topic: (s.points, s.max_points) for s in outcome.topics}
        assert by_topic == {"statuses": (3.0, 3.0), "fees": (0.0, 2.0)}
        actions = session.scalars(select(Event.action).order_by(Event.id)).all()
        assert actions.count("quiz.answered") == 5 and actions[-1] == "quiz.finished"
        masteries = {m.topic: m for m in mastery_for(session, trainee, NOW + timedelta(hours=1), bank=bank)}
        assert masteries["statuses"].mastery == pytest.approx(1.0)
        assert masteries["fees"].mastery == pytest.approx(0.0)
        assert review_next(list(masteries.values()))[0].topic == "fees"


def test_an_interrupted_attempt_resumes_at_the_next_unanswered_question(db_url, bank):
    trainee = new_trainee(db_url)
    factory = get_session_factory(db_url)
    with factory.begin() as session:
        attempt_id = services.start_attempt(session, trainee, "thu", NOW, bank=bank).id
        first = services.progress(session, attempt_id, actor=trainee).next
        services.answer_question(session, attempt_id, first.question_id,
                                 correct_response(bank.questions[first.question_id]), NOW, actor=trainee, bank=bank)
    with factory.begin() as session:  # "after a reload": only the trainee and the quiz are known
        again = services.current_attempt(session, trainee, "thu")
        assert again.id == attempt_id
        assert services.start_attempt(session, trainee, "thu", NOW, bank=bank).id == attempt_id
        state = services.progress(session, attempt_id, actor=trainee)
        assert state.position == 2 and state.next == state.layout[1]


def test_a_wrong_or_repeated_answer_is_refused_without_storing_anything(db_url, bank):
    trainee = new_trainee(db_url)
    factory = get_session_factory(db_url)
    with factory.begin() as session:
        attempt_id = services.start_attempt(session, trainee, "thu", NOW, bank=bank).id
        drawn = services.progress(session, attempt_id, actor=trainee).next
        question = bank.questions[drawn.question_id]
        services.answer_question(session, attempt_id, drawn.question_id, correct_response(question), NOW,
                                 actor=trainee,
                                 bank=bank)
    for question_id, response, key in [
        (drawn.question_id, correct_response(question), "errors.quiz.already_answered"),
        ("sa-002", True, "errors.quiz.not_in_attempt"),
    ]:
        with pytest.raises(DomainError) as caught, factory.begin() as session:
            services.answer_question(session, attempt_id, question_id, response, NOW, actor=trainee, bank=bank)
        assert caught.value.key == key
    with factory() as session:
        assert len(session.scalars(select(QuizAnswer)).all()) == 1


def test_time_limit_and_attempt_limit_are_enforced_with_clear_errors(db_url, bank):
    trainee = new_trainee(db_url)
    factory = get_session_factory(db_url)
    with factory.begin() as session:
        attempt = services.start_attempt(session, trainee, "gioi-han", NOW, bank=bank)
        attempt_id, deadline = attempt.id, attempt.deadline_at
        assert deadline == NOW + timedelta(minutes=10)
    late = deadline + timedelta(seconds=1)
    with pytest.raises(DomainError) as caught, factory.begin() as session:
        drawn = services.progress(session, attempt_id, actor=trainee).next
        services.answer_question(session, attempt_id, drawn.question_id, True, late, actor=trainee, bank=bank)
    assert caught.value.key == "errors.quiz.time_up"
    with factory.begin() as session:
        done = services.finish_attempt(session, attempt_id, late, actor=trainee)
        assert (done.ended_by, done.score, done.passed, done.finished_at) == ("time_up", 0.0, False, deadline)
    with factory.begin() as session:
        services.start_attempt(session, trainee, "gioi-han", late, bank=bank)
        later = late + timedelta(hours=1)  # the second attempt runs out of time; a third is refused
        with pytest.raises(DomainError) as caught:
            services.start_attempt(session, trainee, "gioi-han", later, bank=bank)
    assert caught.value.key == "errors.quiz.no_attempts_left"
    assert caught.value.params == {"n": 2}


def test_a_quiz_for_officials_is_refused_to_a_citizen(db_url, bank):
    trainee = new_trainee(db_url, audience="citizen")
    with pytest.raises(DomainError) as caught, get_session_factory(db_url).begin() as session:
        services.start_attempt(session, trainee, "gioi-han", NOW, bank=bank)
    assert caught.value.key == "errors.quiz.not_for_audience"


def test_results_of_an_unfinished_attempt_are_not_shown(db_url, bank):
    trainee = new_trainee(db_url)
    with get_session_factory(db_url).begin() as session:
        attempt_id = services.start_attempt(session, trainee, "gioi-han", NOW, bank=bank).id
        with pytest.raises(DomainError) as caught:
            services.results(session, attempt_id, actor=trainee)
    assert caught.value.key == "errors.quiz.not_finished"


def test_an_answer_racing_another_tab_is_refused_by_the_database_not_stored_twice(db_url, bank, monkeypatch):
    trainee = new_trainee(db_url)
    factory = get_session_factory(db_url)
    with factory.begin() as session:
        attempt_id = services.start_attempt(session, trainee, "thu", NOW, bank=bank).id
        drawn = services.progress(session, attempt_id, actor=trainee).next
        right = correct_response(bank.questions[drawn.question_id])
        services.answer_question(session, attempt_id, drawn.question_id, right, NOW, actor=trainee, bank=bank)
    monkeypatch.setattr(services, "_answers", lambda session, attempt_id: {})  # the other tab read before we wrote
    with factory.begin() as session:
        with pytest.raises(DomainError) as caught:
            services.answer_question(session, attempt_id, drawn.question_id, right, NOW, actor=trainee, bank=bank)
        assert caught.value.key == "errors.quiz.already_answered"
    with factory() as session:
        assert len(session.scalars(select(QuizAnswer)).all()) == 1


def test_a_trainee_cannot_read_answer_or_hand_in_another_trainees_attempt(db_url, bank):
    owner, other = new_trainee(db_url), new_trainee(db_url)
    factory = get_session_factory(db_url)
    with factory.begin() as session:
        attempt_id = services.start_attempt(session, owner, "thu", NOW, bank=bank).id
        drawn = services.progress(session, attempt_id, actor=owner).next
    right = correct_response(bank.questions[drawn.question_id])
    nobody = Actor.playing("desk_officer")  # no profile at all
    for intruder in (other, nobody):
        for call in (lambda s, who=intruder: services.progress(s, attempt_id, actor=who),
                     lambda s, who=intruder: services.answer_question(s, attempt_id, drawn.question_id, right, NOW,
                                                                      actor=who, bank=bank),
                     lambda s, who=intruder: services.finish_attempt(s, attempt_id, NOW, actor=who)):
            with pytest.raises(NotFound) as caught, factory.begin() as session:
                call(session)
            assert caught.value.key == "errors.quiz.unknown_attempt"
            assert str(caught.value) == "Không tìm thấy lần làm bài này."
        with factory() as session:
            assert services.attempts_for(session, intruder, "thu") == []
            assert services.current_attempt(session, intruder, "thu") is None
    with factory() as session:
        assert session.scalars(select(QuizAnswer)).all() == []
        assert services.progress(session, attempt_id, actor=owner).attempt.finished_at is None


def _count(url: str, model: type) -> int:
    from sqlalchemy import func

    with get_session_factory(url)() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_fault_between_an_answer_row_and_its_event_leaves_neither(db_url, bank, monkeypatch):
    factory = get_session_factory(db_url)
    with factory.begin() as session:
        trainee = Actor.trainee("desk_officer", create_trainee(session, name="Hà Thị Mai", audience="official",
                                                               unit_code=None, now=NOW).id)
        attempt_id = services.start_attempt(session, trainee, "thu", NOW, seed=3, bank=bank).id
    with factory() as session:
        drawn = services.progress(session, attempt_id, actor=trainee).next
    events_before = _count(db_url, Event)

    def fault(*_args, **_kwargs):
        raise OSError("power cut between the answer row and its event")

    monkeypatch.setattr(services, "record_event", fault)
    with pytest.raises(OSError), factory.begin() as session:
        services.answer_question(session, attempt_id, drawn.question_id,
                                 correct_response(bank.questions[drawn.question_id]), NOW, actor=trainee, bank=bank)
    assert _count(db_url, QuizAnswer) == 0
    assert _count(db_url, Event) == events_before
