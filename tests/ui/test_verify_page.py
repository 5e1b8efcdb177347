"""The public verification page (AppTest): valid, revoked with its date, unknown → only "Không tìm thấy."; nothing
else about the person."""

from __future__ import annotations

from datetime import datetime, timedelta

from trainer.certificates import service as certs
from trainer.db.engine import get_session_factory


def submit(at, text: str) -> None:
    at.text_input(key="verify_serial").input(text)
    at.button(key="verify_submit").click().run()


def _issue(url: str) -> tuple[str, str]:
    from tests.certificates.test_service import account, join, setup_workshop

    trainer = account(url, "gv.hoa", "trainer", "Hoàng Thị Hoa")
    workshop = setup_workshop(url, trainer)
    a = join(url, workshop.join_code, "Lương Văn Đức")
    b = join(url, workshop.join_code, "Đinh Thị Nga")
    factory = get_session_factory(url)
    now = datetime(2026, 3, 2, 9)
    with factory.begin() as session:
        valid = certs.issue_by_trainer(session, actor=trainer, workshop_id=workshop.id, trainee_id=a.trainee.id, now=now)
        gone = certs.issue_by_trainer(session, actor=trainer, workshop_id=workshop.id, trainee_id=b.trainee.id, now=now)
    with factory.begin() as session:
        certs.revoke(session, actor=trainer, serial=gone.serial, reason="Cấp nhầm buổi", now=now + timedelta(days=3))
    return valid.serial, gone.serial


def test_the_verification_page_shows_only_what_it_may(make_app, app_db):
    valid, gone = _issue(app_db)
    at = make_app()
    at.run()
    at.switch_page("views/public/verify.py").run()
    submit(at, valid.lower())
    assert not at.exception
    assert [s.value for s in at.success] == ["Giấy chứng nhận hợp lệ."]
    shown = " ".join(m.value for m in at.markdown)
    assert "Lương Văn Đức" in shown and "02/03/2026" in shown and valid in shown
    assert "Xã Phong Quang" not in shown and "Hoàng Thị Hoa" not in shown and "Tập huấn" not in shown

    submit(at, gone)
    assert [e.value for e in at.error] == ["Giấy chứng nhận đã bị thu hồi ngày 05/03/2026."]
    shown = " ".join(m.value for m in at.markdown)
    assert "Đinh Thị Nga" in shown and "Cấp nhầm buổi" not in shown

    for unknown in ("MCS-2026-000123", "<b>Lương Văn Đức</b>", "' OR 1=1 --"):
        submit(at, unknown)
        assert [w.value for w in at.warning if "Không tìm thấy" in w.value] == ["Không tìm thấy."]
        shown = " ".join(m.value for m in at.markdown)
        assert "Lương Văn Đức" not in shown and "Đinh Thị Nga" not in shown
        assert not at.success and not at.error


def test_the_verification_page_takes_the_serial_from_the_qr_link(make_app, app_db):
    valid, _ = _issue(app_db)
    at = make_app()
    at.query_params["so"] = valid
    at.run()
    at.switch_page("views/public/verify.py").run()
    assert [s.value for s in at.success] == ["Giấy chứng nhận hợp lệ."]
