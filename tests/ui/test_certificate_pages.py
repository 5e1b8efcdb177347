"""Certificates on the participant's own page (AppTest): a path whose last step passes has its certificate at once,
shown with its download and verification address without any click; for a path passed before certificates were
issued automatically (its rows written without a finish), the button appears, issues one certificate, then the page
offers its download."""

from __future__ import annotations

from tests.certificates.test_service import account, join, pass_path, setup_workshop
from trainer.certificates import service as certs
from trainer.db.engine import get_session_factory


def test_the_page_shows_the_certificate_issued_when_the_last_step_passed_without_a_click(make_app, app_db):
    from tests.certificates.test_automatic import (
        answer_last,
        finish_run,
        quiz_but_the_last_answer,
        run_at_its_last_check,
    )

    trainer = account(app_db, "gv.hoa", "trainer", "Hoàng Thị Hoa")
    workshop = setup_workshop(app_db, trainer)
    joined = join(app_db, workshop.join_code, "Lương Văn Đức")
    tid = joined.trainee.id
    run_id, last = run_at_its_last_check(app_db, tid), quiz_but_the_last_answer(app_db, tid)
    with get_session_factory(app_db).begin() as session:
        finish_run(session, tid, run_id)
        answer_last(session, tid, last)  # the path's last step: the certificate is issued here
    at = make_app("postal_worker")
    at.session_state["trainee_id"] = tid
    at.session_state["resume_code"] = joined.trainee.resume_code
    at.run()
    at.switch_page("views/practice/my_paths.py").run()
    assert not at.exception, at.exception
    with get_session_factory(app_db)() as session:
        (issued,) = certs.workshop_certificates(session, workshop.id, trainer)
    assert any(issued.serial in m.value for m in at.markdown)
    assert any(issued.serial in c.value and "/xac-minh?so=" in c.value for c in at.caption)
    assert not [b for b in at.button if b.key == f"mine_cert_{joined.enrolment_id}_receive"]
    assert at.get("download_button")


def test_a_path_passed_before_automatic_issuing_gets_its_certificate_by_the_button(make_app, app_db):
    trainer = account(app_db, "gv.hoa", "trainer", "Hoàng Thị Hoa")
    workshop = setup_workshop(app_db, trainer)
    joined = join(app_db, workshop.join_code, "Lương Văn Đức")
    at = make_app("postal_worker")
    at.session_state["trainee_id"] = joined.trainee.id
    at.session_state["resume_code"] = joined.trainee.resume_code
    at.run()
    at.switch_page("views/practice/my_paths.py").run()
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


def _sign_in(at, username: str):
    from trainer.ui.nav import page

    at.run()
    at.switch_page(page("dang-nhap").link)
    at.run()
    at.text_input(key="sign_in_username").input(username)
    at.text_input(key="sign_in_password").input("mat-khau-dai-1")
    at.button(key="sign_in_submit").click().run()
    assert not at.exception, at.exception


def test_the_trainer_revokes_with_a_reason_on_the_certificates_page_and_another_trainer_sees_nothing(make_app, app_db):
    trainer = account(app_db, "gv.hoa", "trainer", "Hoàng Thị Hoa")
    account(app_db, "gv.khac", "trainer", "Giảng viên khác")
    workshop = setup_workshop(app_db, trainer)
    joined = join(app_db, workshop.join_code, "Lương Văn <b>Đức</b>")
    with get_session_factory(app_db).begin() as session:
        from datetime import datetime

        cert = certs.issue_by_trainer(session, actor=trainer, workshop_id=workshop.id, trainee_id=joined.trainee.id,
                                      now=datetime(2026, 3, 2, 9))
    other = make_app("desk_officer")
    _sign_in(other, "gv.khac")
    other.switch_page("views/trainer/certificates.py").run()
    assert not other.exception, other.exception
    assert not any(cert.serial in m.value for m in other.markdown)

    at = make_app("desk_officer")
    _sign_in(at, "gv.hoa")
    at.switch_page("views/trainer/certificates.py").run()
    assert not at.exception, at.exception
    assert any(cert.serial in m.value and "\\<b\\>" in m.value for m in at.markdown)  # the name, literally
    key = f"cert_manage_{cert.id}"
    at.button(key=f"{key}_revoke").click().run()  # no reason: refused, nothing changes
    assert any("lý do" in e.value for e in at.error)
    at.text_input(key=f"{key}_reason").input("Cấp nhầm người")
    at.button(key=f"{key}_revoke").click().run()
    assert not at.exception, at.exception
    with get_session_factory(app_db)() as session:
        shown = certs.verify(session, cert.serial)
    assert shown is not None and not shown.valid
    assert any("Cấp nhầm người" in c.value for c in at.caption)


def test_the_trainer_picks_a_workshop_for_its_kit_and_issues_to_everyone_who_passed(make_app, app_db):
    trainer = account(app_db, "gv.hoa", "trainer", "Hoàng Thị Hoa")
    workshop = setup_workshop(app_db, trainer)
    passed = join(app_db, workshop.join_code, "Lương Văn Đức")
    join(app_db, workshop.join_code, "Đinh Thị Nga")
    pass_path(app_db, passed.trainee.id)
    at = make_app("desk_officer")
    _sign_in(at, "gv.hoa")
    at.switch_page("views/trainer/certificates.py").run()
    at.selectbox(key="cert_manage_ws").set_value(workshop.id).run()
    assert not at.exception, at.exception
    keys = {b.proto.id for b in at.get("download_button")}
    assert len(keys) >= 3  # poster, handout, all certificates
    at.text_input(key="cert_manage_kit_wifi").input("UBND-PhongQuang / tapHuan2026").run()
    at.button(key="cert_manage_ws_cert_issue_passed").click().run()
    assert not at.exception, at.exception
    assert any("Đã cấp thêm 1 giấy chứng nhận." == s.value for s in at.success)
    with get_session_factory(app_db)() as session:
        rows = certs.workshop_certificates(session, workshop.id, trainer)
    assert [r.holder_name for r in rows] == ["Lương Văn Đức"]
    assert any(rows[0].serial in m.value for m in at.markdown)  # listed below among the trainer's certificates


def test_the_workshop_page_has_the_certificates_and_the_kit_tabs(make_app, app_db):
    trainer = account(app_db, "gv.hoa", "trainer", "Hoàng Thị Hoa")
    workshop = setup_workshop(app_db, trainer)
    passed = join(app_db, workshop.join_code, "Lương Văn Đức")
    other = join(app_db, workshop.join_code, "Đinh Thị Nga")
    pass_path(app_db, passed.trainee.id)
    at = make_app("desk_officer")
    _sign_in(at, "gv.hoa")
    at.switch_page("views/trainer/workshop.py")
    at.query_params["lop"] = str(workshop.id)
    at.run()
    assert not at.exception, at.exception
    assert {"Giấy chứng nhận", "Tài liệu in"} <= {tab.label for tab in at.tabs}
    at.button(key="trainer_cert_issue_passed").click().run()
    assert any("Đã cấp thêm 1 giấy chứng nhận." == s.value for s in at.success)
    at.selectbox(key="trainer_cert_one_person").set_value(other.trainee.id).run()
    at.text_input(key="trainer_cert_one_note").input("Thực hành trên giấy tại hội trường")
    at.button(key="trainer_cert_one_issue").click().run()
    assert not at.exception, at.exception
    with get_session_factory(app_db)() as session:
        rows = {r.holder_name: r.how for r in certs.workshop_certificates(session, workshop.id, trainer)}
    assert rows == {"Lương Văn Đức": "automatic", "Đinh Thị Nga": "trainer"}
    assert at.text_input(key="trainer_kit_wifi") is not None
