"""Certificates on the participant's own page (AppTest): the button appears once the path is passed, issues one
certificate, then the page offers its download and its verification address."""

from __future__ import annotations

from tests.certificates.test_service import account, join, pass_path, setup_workshop
from trainer.certificates import service as certs
from trainer.db.engine import get_session_factory


def test_a_participant_who_passed_receives_and_downloads_the_certificate(make_app, app_db):
    trainer = account(app_db, "gv.hoa", "trainer", "Hoàng Thị Hoa")
    workshop = setup_workshop(app_db, trainer)
    joined = join(app_db, workshop.join_code, "Lương Văn Đức")
    at = make_app("postal_worker")
    at.session_state["trainee_id"] = joined.trainee.id
    at.session_state["resume_code"] = joined.trainee.resume_code
    at.run()
    at.switch_page("pages/practice/my_paths.py").run()
    assert not at.exception, at.exception
    receive = f"mine_cert_{joined.enrolment_id}_receive"
    assert not [b for b in at.button if b.key == receive]  # not passed yet: no button

    pass_path(app_db, joined.trainee.id)
    at.run()
    at.button(key=receive).click().run()
    assert not at.exception, at.exception
    with get_session_factory(app_db)() as session:
        issued = certs.workshop_certificates(session, workshop.id, trainer)
    assert len(issued) == 1 and issued[0].how == "automatic"
    shown = " ".join(m.value for m in at.markdown)
    assert issued[0].serial in shown
    assert any(issued[0].serial in c.value and "/xac-minh?so=" in c.value for c in at.caption)
    assert not [b for b in at.button if b.key == receive]  # one certificate: the button is gone
    assert at.get("download_button")
