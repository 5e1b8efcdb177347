"""The quiz page (AppTest): needs a profile, lists quizzes, takes one to the result in Vietnamese and English."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from tests.support import migrated_sqlite
from trainer.actor import Actor
from trainer.db.engine import dispose_all, get_session_factory
from trainer.quiz import services
from trainer.quiz.grading import correct_response
from trainer.quiz.models import QuizAttempt
from trainer.settings import get_settings
from trainer.training.trainees import create_trainee

APP = str(Path(__file__).resolve().parents[2] / "trainer" / "ui" / "app.py")
NOW = datetime(2026, 3, 2, 9, 0)


@pytest.fixture
def app_url(content_dir) -> Iterator[str]:
    url = migrated_sqlite(get_settings().url)
    st.cache_resource.clear()
    yield url
    st.cache_resource.clear()
    dispose_all()


def make_app(lang: str, trainee_id: int | None) -> AppTest:
    st.config.set_option("runner.enforceSerializableSessionState", False)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["role"] = "desk_officer"
    at.session_state["lang"] = lang
    if trainee_id is not None:
        at.session_state["trainee_id"] = trainee_id
    at.run()
    at.switch_page("views/practice/quizzes.py")
    at.run()
    assert not at.exception, at.exception
    return at


def new_trainee(url: str) -> int:
    with get_session_factory(url).begin() as session:
        return create_trainee(session, name="Lục Thị Mai", audience="official", unit_code=None, now=NOW).id


def answer_on_screen(at: AppTest, bank, attempt_id: int, right: bool) -> None:
    """Pick the right (or a wrong) answer with the page's own widgets, then press Answer."""
    with get_session_factory(get_settings().url)() as session:
        owner = Actor.trainee("desk_officer", session.get(QuizAttempt, attempt_id).trainee_id)
        drawn = services.progress(session, attempt_id, actor=owner).next
    question = bank.questions[drawn.question_id]
    key = f"quiz_q_{attempt_id}_{question.id}"
    target = correct_response(question)
    order = list(drawn.order)
    if question.type == "single":
        pick = order.index(target) if right else next(i for i, o in enumerate(order) if o != target)
        at.radio(key=f"{key}_single").set_value(pick)
    elif question.type == "multiple":
        for oid in order:
            at.checkbox(key=f"{key}_opt_{oid}").set_value((oid in target) == right)
    elif question.type == "true_false":
        at.radio(key=f"{key}_tf").set_value(target if right else not target)
    elif question.type == "ordering":
        wanted = target if right else list(reversed(target))
        for n, item in enumerate(wanted):
            at.selectbox(key=f"{key}_step_{n}").set_value(order.index(item))
    elif question.type == "matching":
        for n in range(len(question.pairs)):
            at.selectbox(key=f"{key}_left_{n}").set_value(order.index(n if right else (n + 1) % len(order)))
    else:
        value = question.answer if right else question.answer + question.tolerance + 1000
        typed = f"{value:,.0f}".replace(",", ".") if float(value).is_integer() else str(value).replace(".", ",")
        at.text_input(key=f"{key}_number").set_value(typed)  # "7.000", "2,5": typed the Vietnamese way
    at.button(key=f"{key}_submit").click().run()
    assert not at.exception, at.exception


def test_without_a_profile_the_page_sends_the_trainee_to_the_start_page(app_url):
    at = make_app("vi", None)
    assert at.title[0].value == "Bài kiểm tra"
    assert "tạo hồ sơ học viên" in at.info[0].value


@pytest.mark.parametrize(("lang", "passed", "topic"), [("vi", "Đạt", "Trạng thái hồ sơ"), ("en", "Passed", "Dossier statuses")])
def test_a_quiz_is_taken_to_the_end_with_feedback_and_a_result_per_topic(app_url, bank, lang, passed, topic):
    trainee = new_trainee(app_url)
    at = make_app(lang, trainee)
    at.button(key="quiz_open_thu").click().run()
    at.button(key="quiz_start_thu").click().run()
    with get_session_factory(app_url)() as session:
        attempt_id = session.scalar(select(QuizAttempt.id))
    for n in range(5):
        answer_on_screen(at, bank, attempt_id, right=n != 0)
        if n < 4:  # immediate feedback with the explanation, then the next question
            assert any("Giải thích" in i.value or "Explanation" in i.value for i in at.info)
    assert not at.exception
    assert [m.value for m in at.metric] == ["80%", passed]
    table = at.dataframe[0].value
    assert topic in list(table.iloc[:, 0])
    review = "Nên ôn lại tiếp" if lang == "vi" else "What to review next"
    assert any(review in m.value for m in at.markdown)
    with get_session_factory(app_url)() as session:
        attempt = session.get(QuizAttempt, attempt_id)
        assert attempt.finished_at is not None and attempt.score == pytest.approx(0.8)


def test_an_unfinished_attempt_resumes_after_a_reload_at_the_next_question(app_url, bank):
    trainee = new_trainee(app_url)
    at = make_app("vi", trainee)
    at.button(key="quiz_open_thu").click().run()
    at.button(key="quiz_start_thu").click().run()
    with get_session_factory(app_url)() as session:
        attempt_id = session.scalar(select(QuizAttempt.id))
    answer_on_screen(at, bank, attempt_id, right=True)
    answer_on_screen(at, bank, attempt_id, right=True)
    # a reload: a new session that knows only the URL (?quiz=thu) and the trainee (by ?code=)
    again = make_app("vi", trainee)
    again.query_params["quiz"] = "thu"
    again.run()
    with get_session_factory(app_url)() as session:
        state = services.progress(session, attempt_id, actor=Actor.trainee("desk_officer", trainee))
    assert state.position == 3
    assert any(f"quiz_q_{attempt_id}_{state.next.question_id}_submit" == b.key for b in again.button)


def test_a_broken_quiz_file_is_listed_as_unavailable_with_its_error(app_url, content_dir):
    (content_dir / "scenarios/quizzes/quizzes/hong.yaml").write_text("id: hong\ntitle: {vi: Hỏng}\n", encoding="utf-8")
    at = make_app("vi", new_trainee(app_url))
    assert any("tạm không dùng được" in w.value for w in at.warning)
    assert any("hong.yaml" in c.value and "required field is missing" in c.value for c in at.code)
    assert at.button(key="quiz_open_thu")  # the valid quizzes are still there


def test_handing_in_early_scores_unanswered_questions_zero_and_shows_every_explanation(app_url, bank):
    trainee = new_trainee(app_url)
    at = make_app("vi", trainee)
    at.button(key="quiz_open_gioi-han").click().run()
    at.button(key="quiz_start_gioi-han").click().run()
    assert any("Còn khoảng" in c.value for c in at.caption)  # the time limit is shown
    with get_session_factory(app_url)() as session:
        attempt_id = session.scalar(select(QuizAttempt.id))
    answer_on_screen(at, bank, attempt_id, right=True)
    assert not any("Giải thích" in i.value for i in at.info)  # this quiz explains only at the end
    at.button(key=f"quiz_finish_{attempt_id}").click().run()
    assert [m.value for m in at.metric] == ["50%", "Chưa đạt"]
    assert sum("Giải thích" in i.value for i in at.info) == 2  # both questions reviewed, the unanswered one too


def new_citizen(url: str) -> int:
    with get_session_factory(url).begin() as session:
        return create_trainee(session, name="Vi Văn Tài", audience="citizen", unit_code=None, now=NOW).id


def test_a_quiz_for_officials_is_not_offered_to_a_citizen_who_is_told_why(app_url, bank):
    at = make_app("vi", new_citizen(app_url))
    keys = {b.key for b in at.button}
    assert "quiz_open_thu" in keys  # for officials and citizens: offered
    assert "quiz_open_gioi-han" not in keys  # for officials only: not offered, and the reason is said instead
    assert any("không dành cho đối tượng của bạn" in c.value and "cán bộ, công chức" in c.value for c in at.caption)
    at.query_params["quiz"] = "gioi-han"  # reached by its address: no start button that would be refused
    at.run()
    assert not at.exception, at.exception
    assert "quiz_start_gioi-han" not in {b.key for b in at.button}
    assert any("không dành cho đối tượng của bạn" in i.value for i in at.info)


def test_a_quiz_with_no_attempts_left_offers_no_start(app_url, bank):
    trainee = new_trainee(app_url)
    actor = Actor.trainee("desk_officer", trainee)
    with get_session_factory(app_url).begin() as session:
        for _ in range(2):
            attempt = services.start_attempt(session, actor, "gioi-han", NOW, bank=bank)
            services.finish_attempt(session, attempt.id, NOW, actor=actor)
    at = make_app("vi", trainee)
    assert "quiz_open_gioi-han" not in {b.key for b in at.button}
    assert any("hết 2 lần cho phép" in c.value for c in at.caption)


def test_a_rerun_while_answering_reads_the_attempt_and_its_answers_once_in_one_transaction(app_url, bank):
    from sqlalchemy import event

    from trainer.db.engine import get_engine

    trainee = new_trainee(app_url)
    at = make_app("vi", trainee)
    at.button(key="quiz_open_thu").click().run()
    at.button(key="quiz_start_thu").click().run()
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        seen.append(statement)

    engine = get_engine(app_url)
    event.listen(engine, "before_cursor_execute", note)
    try:
        at.run()  # a rerun on the question screen (a widget touched, the page drawn again)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert not at.exception, at.exception
    attempts = [s for s in seen if "FROM quiz_attempts" in s]
    answers = [s for s in seen if "FROM quiz_answers" in s]
    assert len(attempts) == 1, attempts  # the open attempt; not every attempt, not the same row again by its id
    assert len(answers) == 1, answers
    assert any(k.startswith("quiz_q_") for k in {b.key for b in at.button if b.key})  # still the question screen
