"""The participant's side of the live room in AppTest: "Cần hỗ trợ" on any page, the notice after help, and the
room quiz question with its options on the participant's own device (answered once, found again after a reload)."""

from __future__ import annotations

from datetime import timedelta

from tests.live.helpers import NOW, room
from trainer.db.engine import get_session_factory
from trainer.live import board as lb
from trainer.live import room_quiz as rqz
from trainer.training.trainees import trainee_card
from trainer.ui.nav import page


def _as(make_app, url, actor, path="start"):
    with get_session_factory(url)() as session:
        code = trainee_card(session, trainee_id=actor.trainee_id).resume_code
    at = make_app("desk_officer")
    at.query_params["code"] = code
    at.run()
    at.switch_page(page(path).link)
    return at


def test_a_participant_raises_a_hand_on_any_page_and_sees_the_help_given(make_app, app_db):
    r = room(app_db, names=("Lò Thị Mai",))
    mai = r.people[0]
    at = _as(make_app, app_db, mai, "mot-cua")
    at.run()
    assert not at.exception and any(t.value == "Bộ phận Một cửa" for t in at.title)
    at.button(key="live_help_raise").click().run()
    assert any("Bạn đã giơ tay" in w.value for w in at.warning)
    with get_session_factory(app_db)() as session:
        assert lb.board(session, actor=r.trainer, workshop_id=r.workshop_id, now=NOW).rows[0].flags.hand_at is not None
    with get_session_factory(app_db).begin() as session:
        lb.mark_helped(session, actor=r.trainer, workshop_id=r.workshop_id, trainee_id=mai.trainee_id,
                       now=NOW + timedelta(hours=1))
    at.run()
    assert any("Người hướng dẫn đã hỗ trợ bạn" in s.value for s in at.success)
    assert not [w for w in at.warning if "Bạn đã giơ tay" in w.value]
    at.button(key="live_help_ack").click().run()
    assert not [s for s in at.success if "Người hướng dẫn đã hỗ trợ bạn" in s.value]


def test_someone_outside_a_workshop_sees_no_help_button(make_app):
    at = make_app("desk_officer")
    at.run()
    at.switch_page(page("mot-cua").link)
    at.run()
    assert not at.exception
    assert not [b for b in at.button if b.key == "live_help_raise"]


def test_the_room_quiz_question_and_options_are_on_the_participants_device_and_a_reload_finds_them(make_app, app_db):
    r = room(app_db, names=("Lò Thị Mai",))
    mai = r.people[0]
    at = _as(make_app, app_db, mai, "lop-hoc-truc-tiep")
    at.run()
    assert any("Đang chờ người hướng dẫn" in i.value for i in at.info)
    with get_session_factory(app_db).begin() as session:
        rq_id = rqz.start_room_quiz(session, actor=r.trainer, workshop_id=r.workshop_id, quiz_id="co-ban",
                                    now=NOW, timer_seconds=None, seed=3).id
    at.run()
    assert not at.exception
    with get_session_factory(app_db)() as session:
        view = rqz.room_quiz_view(session, session.get(rqz.RoomQuiz, rq_id))
    from trainer.quiz.loader import cached_bank, default_root

    question = cached_bank(default_root()).questions[view.question_id]
    assert any(question.prompt.vi in m.value for m in at.markdown)
    # a reload (a new session with the same code) shows the same question
    again = _as(make_app, app_db, mai, "lop-hoc-truc-tiep")
    again.run()
    assert any(question.prompt.vi in m.value for m in again.markdown)
    assert again.button(key=f"quiz_q_-{rq_id * 1000}_{question.id}_submit") is not None
