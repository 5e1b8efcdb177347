"""Issuing (pass rule met, or by the workshop's trainer), revoking with a reason, the public verification, on SQLite
and PostgreSQL; who may do what; two issues at once give one certificate."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tests.races import race
from trainer.accounts.services import account_actor, create_account
from trainer.actor import Actor
from trainer.certificates import service as certs
from trainer.coach.models import Run
from trainer.db.engine import get_session_factory
from trainer.db.events import Event
from trainer.errors import TrainerError
from trainer.quiz.models import QuizAttempt
from trainer.training import workshops as ws
from trainer.training.paths import get_path

NOW = datetime(2026, 3, 2, 8, 0)
COMMUNE = "01849"
PATH = "buu-dien-bcci"  # one scenario (post-pickup-and-delivery) and one quiz (co-ban)


def account(url: str, username: str, role: str, name: str = "") -> Actor:
    with get_session_factory(url).begin() as session:
        row = create_account(session, actor=Actor.operator_shell(), username=username, password="mat-khau-dai-1",
                             role=role, display_name=name or username, unit_codes=(), now=NOW)
        return account_actor(row, "desk_officer")


def setup_workshop(url: str, trainer: Actor) -> ws.WorkshopRow:
    with get_session_factory(url).begin() as session:
        return ws.create_workshop(session, actor=trainer, unit_code=COMMUNE, held_on=date(2026, 3, 2),
                                  path_ids=[PATH], now=NOW, title="Tập huấn bưu chính công ích xã Phong Quang")


def join(url: str, code: str, name: str) -> ws.Joined:
    with get_session_factory(url).begin() as session:
        return ws.join_workshop(session, actor=Actor.playing("postal_worker"), code=code, name=name,
                                audience="official", path_id=PATH, unit_code=COMMUNE, now=NOW + timedelta(minutes=3))


def pass_path(url: str, trainee_id: int, *, quiz_score: float = 0.9, at: datetime = NOW + timedelta(minutes=10)) -> None:
    """The path's scenario passed alone and its quiz finished with quiz_score (after joining, at `at`)."""
    with get_session_factory(url).begin() as session:
        session.add(Run(trainee_id=trainee_id, scenario_id="post-pickup-and-delivery", scenario_version=1,
                        role="postal_worker", status="passed", started_at=at, finished_at=at + timedelta(minutes=9),
                        with_help=False, score=9, max_score=10))
        session.add(QuizAttempt(trainee_id=trainee_id, quiz_id="co-ban", seed=1, layout={}, feedback="end",
                                pass_mark=0.7, started_at=at, deadline_at=None, finished_at=at + timedelta(minutes=20),
                                ended_by="completed", score=quiz_score, passed=quiz_score >= 0.7))


def me(joined: ws.Joined) -> Actor:
    return Actor.trainee("postal_worker", joined.trainee.id, name=joined.trainee.name)


def refused(call) -> str:
    with pytest.raises(TrainerError) as info:
        call()
    return info.value.key


@pytest.fixture
def world(db_url):
    trainer = account(db_url, "gv.hoa", "trainer", "Hoàng Thị Hoa")
    workshop = setup_workshop(db_url, trainer)
    joined = join(db_url, workshop.join_code, "Lương Văn Đức")
    return db_url, trainer, workshop, joined


def test_the_pass_rule_met_issues_one_certificate_with_a_snapshot_and_an_event(world):
    url, _trainer, workshop, joined = world
    factory = get_session_factory(url)
    with factory.begin() as session:
        assert certs.issue_if_passed(session, actor=me(joined), trainee_id=joined.trainee.id, path_id=PATH,
                                     workshop_id=workshop.id, now=NOW) is None  # nothing done yet
    pass_path(url, joined.trainee.id)
    later = NOW + timedelta(hours=1)
    with factory.begin() as session:
        cert = certs.issue_if_passed(session, actor=me(joined), trainee_id=joined.trainee.id, path_id=PATH,
                                     workshop_id=workshop.id, now=later)
    assert cert is not None and cert.valid and cert.how == "automatic"
    assert cert.holder_name == "Lương Văn Đức" and cert.unit_label == "Xã Phong Quang"
    assert cert.path_title_in("vi") == get_path(PATH).title.vi
    assert cert.workshop_title == "Tập huấn bưu chính công ích xã Phong Quang" and cert.trainer_name == "Hoàng Thị Hoa"
    assert cert.issued_on == later.date()
    with factory.begin() as session:
        again = certs.issue_if_passed(session, actor=me(joined), trainee_id=joined.trainee.id, path_id=PATH,
                                      workshop_id=workshop.id, now=later + timedelta(days=1))
        assert again.serial == cert.serial  # one certificate per person and path
        events = session.query(Event).filter(Event.action == "certificate.issued").all()
        assert [e.entity_id for e in events] == [cert.serial] and events[0].data["how"] == "automatic"
        assert [c.serial for c in certs.certificates_of(session, me(joined))] == [cert.serial]


def test_in_a_workshop_only_what_was_done_since_joining_counts(world):
    url, _trainer, workshop, joined = world
    pass_path(url, joined.trainee.id, at=NOW - timedelta(days=30))  # passed in an earlier course
    with get_session_factory(url).begin() as session:
        assert certs.issue_if_passed(session, actor=me(joined), trainee_id=joined.trainee.id, path_id=PATH,
                                     workshop_id=workshop.id, now=NOW) is None
        assert certs.issue_if_passed(session, actor=me(joined), trainee_id=joined.trainee.id, path_id=PATH,
                                     now=NOW) is not None  # outside a workshop, all of it counts


def test_a_quiz_below_the_rule_issues_nothing(world):
    url, _, workshop, joined = world
    pass_path(url, joined.trainee.id, quiz_score=0.6)
    with get_session_factory(url).begin() as session:
        assert certs.issue_if_passed(session, actor=me(joined), trainee_id=joined.trainee.id, path_id=PATH,
                                     workshop_id=workshop.id, now=NOW) is None


def test_the_trainer_issues_for_the_workshop_recorded_with_whether_the_rule_was_met(world):
    url, trainer, workshop, joined = world
    with get_session_factory(url).begin() as session:
        cert = certs.issue_by_trainer(session, actor=trainer, workshop_id=workshop.id, trainee_id=joined.trainee.id,
                                      now=NOW, note="Đã thực hành trên giấy tại hội trường")
        event = session.query(Event).filter(Event.action == "certificate.issued").one()
    assert cert.how == "trainer" and cert.trainer_name == "Hoàng Thị Hoa"
    assert event.data["rule_met"] is False and event.account_id == trainer.account_id
    assert event.note == "Đã thực hành trên giấy tại hội trường"


def test_others_may_not_issue_or_read(world):
    url, trainer, workshop, joined = world
    other_trainer = account(url, "gv.khac", "trainer")
    stranger = Actor.trainee("citizen", joined.trainee.id + 999)
    factory = get_session_factory(url)
    with factory.begin() as session:
        assert refused(lambda: certs.issue_by_trainer(session, actor=other_trainer, workshop_id=workshop.id,
                                                      trainee_id=joined.trainee.id, now=NOW)) == "errors.certificates.forbidden"
        assert refused(lambda: certs.issue_if_passed(session, actor=stranger, trainee_id=joined.trainee.id,
                                                     path_id=PATH, workshop_id=None, now=NOW)) == "errors.certificates.forbidden"
        assert refused(lambda: certs.workshop_certificates(session, workshop.id, other_trainer)) == "errors.certificates.forbidden"
        cert = certs.issue_by_trainer(session, actor=trainer, workshop_id=workshop.id, trainee_id=joined.trainee.id,
                                      now=NOW)
        assert refused(lambda: certs.certificate(session, cert.serial, stranger)) == "errors.certificates.forbidden"
        assert certs.certificate(session, cert.serial, me(joined)).serial == cert.serial


def test_revocation_needs_a_reason_and_the_right_person_and_shows_on_verification(world):
    url, trainer, workshop, joined = world
    admin = account(url, "qtv", "administrator")
    other_trainer = account(url, "gv.khac", "trainer")
    factory = get_session_factory(url)
    with factory.begin() as session:
        cert = certs.issue_by_trainer(session, actor=trainer, workshop_id=workshop.id, trainee_id=joined.trainee.id,
                                      now=NOW)
    with factory.begin() as session:
        found = certs.verify(session, cert.serial.lower().replace("-", " "))
        assert found is not None and found.valid and found.holder_name == "Lương Văn Đức"
        assert refused(lambda: certs.revoke(session, actor=other_trainer, serial=cert.serial, reason="Nhầm người",
                                            now=NOW)) == "errors.certificates.revoke_forbidden"
        assert refused(lambda: certs.revoke(session, actor=me(joined), serial=cert.serial, reason="Tự thu hồi",
                                            now=NOW)) == "errors.certificates.revoke_forbidden"
        assert refused(lambda: certs.revoke(session, actor=trainer, serial=cert.serial, reason="  ",
                                            now=NOW)) == "errors.certificates.reason_required"
    revoked_at = NOW + timedelta(days=3)
    with factory.begin() as session:
        done = certs.revoke(session, actor=trainer, serial=cert.serial, reason="Cấp nhầm người cùng tên", now=revoked_at)
    assert not done.valid and done.revoke_reason == "Cấp nhầm người cùng tên"
    with factory.begin() as session:
        assert refused(lambda: certs.revoke(session, actor=admin, serial=cert.serial, reason="Lần nữa",
                                            now=revoked_at)) == "errors.certificates.already_revoked"
        shown = certs.verify(session, cert.serial)
        assert shown is not None and not shown.valid and shown.revoked_on == revoked_at.date()
        assert set(vars(shown)) == {"serial", "holder_name", "path_title", "issued_on", "revoked_on"}
        assert session.query(Event).filter(Event.action == "certificate.revoked").one().note == "Cấp nhầm người cùng tên"
    with factory.begin() as session:  # after a revocation, a new certificate (a new serial) may be issued
        new = certs.issue_by_trainer(session, actor=admin, workshop_id=workshop.id, trainee_id=joined.trainee.id,
                                     now=revoked_at)
    assert new.serial != cert.serial and new.valid


def test_unknown_and_malformed_serials_are_simply_not_found(world):
    url, *_ = world
    with get_session_factory(url)() as session:
        from trainer.certificates.serials import new_serial

        for text in (new_serial(2026), "MCS-2026-000123", "", None, "' OR 1=1 --"):
            assert certs.verify(session, text) is None


def test_two_issues_at_once_give_one_certificate(world):
    url, trainer, workshop, joined = world
    pass_path(url, joined.trainee.id)

    def auto(session):
        return certs.issue_if_passed(session, actor=me(joined), trainee_id=joined.trainee.id, path_id=PATH,
                                     workshop_id=workshop.id, now=NOW).serial

    def by_trainer(session):
        return certs.issue_by_trainer(session, actor=trainer, workshop_id=workshop.id, trainee_id=joined.trainee.id,
                                      now=NOW).serial

    outcome = race(url, auto, by_trainer)
    assert not outcome.crashed
    with get_session_factory(url)() as session:
        issued = certs.workshop_certificates(session, workshop.id, trainer)
    assert len(issued) == 1
    assert all(s == issued[0].serial for s in outcome.results)


def test_issue_to_everyone_who_passed_in_a_workshop(world):
    url, trainer, workshop, joined = world
    second = join(url, workshop.join_code, "Đinh Thị Nga")
    pass_path(url, joined.trainee.id)
    with get_session_factory(url).begin() as session:
        assert certs.issue_passed_in_workshop(session, actor=trainer, workshop_id=workshop.id, now=NOW) == 1
        assert certs.issue_passed_in_workshop(session, actor=trainer, workshop_id=workshop.id, now=NOW) == 0
        rows = certs.workshop_certificates(session, workshop.id, trainer)
    assert [r.holder_name for r in rows] == ["Lương Văn Đức"] and second.trainee.name == "Đinh Thị Nga"
