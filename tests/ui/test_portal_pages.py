"""Citizen pages (AppTest): sign in with mock VNeID, find a procedure without accents, submit, track, follow up."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from tests.ui.eform_fill import fill_eform
from trainer.actor import Actor
from trainer.db.engine import get_session_factory
from trainer.i18n import t
from trainer.sandbox import lifecycle
from trainer.sandbox.models import Dossier, DossierDocument, Rating, Sandbox, Shipment, StoredDocument
from trainer.sandbox.sandboxes import advance_clock, reset_sandbox, sandbox_now
from trainer.settings import get_settings
from trainer.training.trainees import create_trainee

CODE = re.compile(r"\*\*([A-Z0-9.]+-\d{6}-\d{4})\*\*")
PDF = b"%PDF-1.4\n% practice scan\n%%EOF\n"
BIRTH = "1.001193"
NOW = datetime(2026, 3, 2, 9, 30)


def open_page(make_app, page: str, lang: str = "vi"):
    at = make_app("citizen", lang)
    at.run()
    at.switch_page(f"views/practice/{page}")
    at.run()
    assert not at.exception, at.exception
    return at


def citizen_with(url: str, sandbox_id: int, doc_type: str) -> int:
    """A citizen of the sandbox whose data store holds a document of this type."""
    with get_session_factory(url)() as session:
        return session.scalar(select(StoredDocument.citizen_id).where(
            StoredDocument.sandbox_id == sandbox_id, StoredDocument.doc_type == doc_type
        ).order_by(StoredDocument.id))


def sign_in(at, url: str) -> int:
    citizen_id = citizen_with(url, at.session_state["sandbox_id"], "birth_notice")
    at.selectbox(key="portal_citizen_pick").set_value(citizen_id)
    at.button(key="portal_signin").click().run()
    assert not at.exception, at.exception
    return citizen_id


def submit_birth_registration(at, url: str, delivery: str = "electronic", query: str = "dang ky khai sinh") -> str:
    """Through the e-form: search without accents, reuse the birth notice, save (the tờ khai is the declaration), submit."""
    sign_in(at, url)
    at.text_input(key="portal_search_q").input(query).run()
    at.radio(key="portal_proc_pick").set_value(BIRTH).run()
    at.button(key="portal_start").click().run()
    fill_eform(at, url)
    at.radio(key="portal_mode_birth_notice").set_value("store")
    at.radio(key="portal_delivery").set_value(delivery)
    at.button(key="portal_eform_save").click().run()
    assert not at.error, [e.value for e in at.error]
    at.button(key="portal_submit").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    found = [CODE.search(s.value) for s in at.success]
    codes = [m.group(1) for m in found if m]
    assert len(codes) == 1
    return codes[0]


def dossier_by_code(url: str, code: str) -> Dossier:
    with get_session_factory(url)() as session:
        return session.scalar(select(Dossier).where(Dossier.code == code))


def act_in_sandbox(url: str, sandbox_id: int, fn, dossier_id: int, role: str, **kwargs) -> None:
    with get_session_factory(url).begin() as session:
        fn(session, sandbox_id, dossier_id, actor=Actor.playing(role), now=sandbox_now(session, sandbox_id),
           **kwargs)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_citizen_finds_birth_registration_without_accents_and_submits_it_online(make_app, app_db, lang):
    at = open_page(make_app, "portal.py", lang)
    assert at.title[0].value == t("portal.title", lang)
    at_search = submit_birth_registration(at, app_db, query="dang ky khai sinh" if lang == "vi" else "birth registration")
    dossier = dossier_by_code(app_db, at_search)
    assert dossier.status == 1 and dossier.channel == "online" and dossier.delivery == "electronic"
    with get_session_factory(app_db)() as session:
        sources = sorted(session.scalars(select(DossierDocument.source).where(DossierDocument.dossier_id == dossier.id)))
    assert sources == ["eform", "store"]  # the saved e-form is the birth declaration: no file asked for it
    assert any(t("portal.submitted", lang, code=at_search) == s.value for s in at.success)


def test_the_search_shows_the_vietnamese_name_with_its_accents(make_app, app_db):
    at = open_page(make_app, "portal.py")
    sign_in(at, app_db)
    at.text_input(key="portal_search_q").input("DANG KY KHAI SINH").run()
    assert "1.001193 · Đăng ký khai sinh" in at.radio(key="portal_proc_pick").options


def test_a_fee_bearing_level_4_procedure_is_paid_online_before_it_can_be_submitted(make_app, app_db):
    at = open_page(make_app, "portal.py")
    sign_in(at, app_db)
    at.text_input(key="portal_search_q").input("xac nhan tinh trang hon nhan").run()
    at.radio(key="portal_proc_pick").set_value("1.004873").run()
    at.button(key="portal_start").click().run()
    fill_eform(at, app_db)
    at.button(key="portal_eform_save").click().run()
    at.button(key="portal_submit").click().run()
    assert [e.value for e in at.error] == [t("errors.sandbox.fee_unpaid", "vi", amount="5.000 ₫")]  # grouped, with ₫
    at.button(key="portal_pay").click().run()
    assert t("portal.paid_short", "vi", amount="5.000 ₫") in [s.value for s in at.success]
    at.button(key="portal_submit").click().run()
    code = next(m.group(1) for m in (CODE.search(s.value) for s in at.success) if m)
    dossier = dossier_by_code(app_db, code)
    assert dossier.status == 1 and dossier.fee_paid and dossier.fee_amount == 5000


def test_instead_of_submitting_online_the_citizen_can_ask_the_post_to_collect_the_paper_dossier(make_app, app_db):
    at = open_page(make_app, "portal.py")
    sign_in(at, app_db)
    at.text_input(key="portal_search_q").input("khai sinh").run()
    at.radio(key="portal_proc_pick").set_value(BIRTH).run()
    at.button(key="portal_start").click().run()
    fill_eform(at, app_db)
    at.text_input(key="portal_pickup_address").input("Tổ 8, phường Đức Xuân")
    at.button(key="portal_pickup").click().run()
    assert not at.error, [e.value for e in at.error]
    assert [i.value for i in at.info] == [t("portal.pickup_requested")]
    assert "portal_submit" not in {b.key for b in at.button}
    with get_session_factory(app_db)() as session:
        shipment = session.scalar(select(Shipment))
        assert shipment.kind == "pickup" and shipment.address == "Tổ 8, phường Đức Xuân"
        assert session.get(Dossier, shipment.dossier_id).channel == "post"


def test_a_file_that_is_not_really_a_pdf_is_refused_in_vietnamese_and_nothing_is_kept(make_app, app_db):
    at = open_page(make_app, "portal.py")
    sign_in(at, app_db)
    at.text_input(key="portal_search_q").input("khai sinh").run()
    at.radio(key="portal_proc_pick").set_value(BIRTH).run()
    at.button(key="portal_start").click().run()
    fill_eform(at, app_db)
    at.radio(key="portal_mode_birth_notice").set_value("upload")
    at.file_uploader(key="portal_file_birth_notice").set_value(("scan.pdf", b"hello", "application/pdf"))
    at.button(key="portal_eform_save").click().run()
    expected = t("errors.sandbox.upload_not_matching", "vi", filename="scan.pdf")
    assert [e.value for e in at.error] == [expected]
    with get_session_factory(app_db)() as session:
        assert session.scalar(select(DossierDocument.id)) is None


def test_a_scan_over_the_upload_limit_is_refused_in_vietnamese(make_app, app_db, monkeypatch):
    monkeypatch.setenv("TRAINER_UPLOAD_LIMIT_MB", "1")
    get_settings.cache_clear()
    at = open_page(make_app, "portal.py")
    sign_in(at, app_db)
    at.text_input(key="portal_search_q").input("khai sinh").run()
    at.radio(key="portal_proc_pick").set_value(BIRTH).run()
    at.button(key="portal_start").click().run()
    fill_eform(at, app_db)
    at.radio(key="portal_mode_birth_notice").set_value("upload")
    big = PDF + b"0" * (1024 * 1024 + 10)
    at.file_uploader(key="portal_file_birth_notice").set_value(("to-khai.pdf", big, "application/pdf"))
    at.button(key="portal_eform_save").click().run()
    assert [e.value for e in at.error] == [t("errors.sandbox.upload_too_big", "vi", filename="to-khai.pdf", limit_mb=1.0)]


EASY_BIRTH_SCREENS = 24  # who, what, check, relation, 6 about the child, 6 about the mother, father?, review,
# 3 papers, delivery, send, done: the screens of a birth registration in easy mode (mother declaring, no father)


def _progress(at) -> str:
    return at.get("progress")[0].proto.text


def _answer_easy(at, values: dict[str, str]) -> None:
    """Set the one question shown (its widget key is easy_f_<field>) to the correct answer."""
    for box in at.selectbox:
        if box.key and box.key.startswith("easy_f_"):
            box.set_value(values.get(box.key.removeprefix("easy_f_")) or None)
    for box in at.text_input:
        if box.key and box.key.startswith("easy_f_"):
            box.input(values.get(box.key.removeprefix("easy_f_"), box.value or ""))
    at.run()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_easy_mode_asks_one_question_per_screen_and_ends_with_the_dossier_code(make_app, app_db, lang):
    at = open_page(make_app, "portal.py", lang)
    at.toggle(key="portal_easy").set_value(True).run()
    assert at.header[0].value == t("portal.easy.who_title", lang)
    assert _progress(at) == t("portal.easy.progress_start", lang, n=1)  # no total before the procedure is known
    # the page's HTML is constants only: the easy-mode style and the shell's translated input instructions (the
    # sidebar has the shell's scripts)
    bodies = [h.proto.body for h in at.html]
    assert len(bodies) - len(at.sidebar.html) == 2 and sum("InputInstructions" in b for b in bodies) == 1
    citizen_id = citizen_with(app_db, at.session_state["sandbox_id"], "birth_notice")
    at.selectbox(key="easy_citizen_pick").set_value(citizen_id)
    at.button(key="easy_next").click().run()
    assert at.header[0].value == t("portal.easy.what_title", lang)
    at.text_input(key="easy_search_q").input("khai sinh" if lang == "vi" else "birth registration").run()
    at.radio(key="easy_proc_pick").set_value(BIRTH)
    at.button(key="easy_next").click().run()
    assert at.header[0].value == t("portal.easy.form_title", lang)
    values = fill_values = None
    counters, headers = [_progress(at)], [at.header[0].value]
    from tests.ui.eform_fill import correct_values

    fill_values = correct_values(app_db)
    while at.header[0].value != t("portal.easy.done_title", lang):
        header = at.header[0].value
        if header == t("portal.easy.papers_title", lang) and "easy_mode_birth_notice" in _keys(at):
            at.radio(key="easy_mode_birth_notice").set_value("store").run()
        elif header not in (t("portal.easy.form_title", lang), t("portal.easy.review_title", lang),
                            t("portal.easy.papers_title", lang), t("portal.easy.delivery_title", lang),
                            t("portal.easy.send_title", lang)):
            _answer_easy(at, fill_values)
        at.button(key="easy_next").click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
        counters.append(_progress(at))
        headers.append(at.header[0].value)
        assert len(counters) < 40
    del values
    total = EASY_BIRTH_SCREENS
    assert counters == [t("portal.easy.progress", lang, n=n, total=total) for n in range(3, total + 1)], counters
    assert t("portal.easy.review_title", lang) in headers
    assert "Họ, chữ đệm, tên của trẻ" in headers or lang == "en"
    code = CODE.search(at.success[0].value).group(1)
    dossier = dossier_by_code(app_db, code)
    assert dossier.status == 1
    assert dossier.form_data["child_date_of_birth"] == fill_values["child_date_of_birth"]


def test_easy_mode_keeps_a_wrong_answer_on_its_screen_with_the_message(make_app, app_db):
    at = open_page(make_app, "portal.py")
    at.toggle(key="portal_easy").set_value(True).run()
    at.selectbox(key="easy_citizen_pick").set_value(citizen_with(app_db, at.session_state["sandbox_id"],
                                                                 "birth_notice"))
    at.button(key="easy_next").click().run()
    at.text_input(key="easy_search_q").input("khai sinh").run()
    at.radio(key="easy_proc_pick").set_value(BIRTH)
    at.button(key="easy_next").click().run()
    while "easy_f_child_date_of_birth" not in {w.key for w in at.text_input}:
        if at.header[0].value != t("portal.easy.form_title", "vi"):
            from tests.ui.eform_fill import correct_values

            _answer_easy(at, correct_values(app_db))
        at.button(key="easy_next").click().run()
    before = _progress(at)
    at.text_input(key="easy_f_child_date_of_birth").input("31/12/2099").run()
    at.button(key="easy_next").click().run()
    assert _progress(at) == before  # still on this screen
    assert any(e.value.startswith("Ngày này sau ngày đăng ký") for e in at.error), [e.value for e in at.error]
    with get_session_factory(app_db)() as session:
        assert "child_date_of_birth" not in session.scalar(select(Dossier).where(Dossier.status == 0)).form_data


def _keys(at) -> set[str]:
    return {r.key for r in at.radio}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_tracking_opens_from_the_qr_link_and_shows_status_and_timeline(make_app, app_db, lang):
    at = open_page(make_app, "portal.py", lang)
    code = submit_birth_registration(at, app_db, query="khai sinh" if lang == "vi" else "birth")
    at.query_params["dossier"] = code
    at.switch_page("views/practice/tracking.py")
    at.run()
    assert not at.exception
    assert at.text_input(key="tracking_code").value == code
    assert any(t("sandbox.status.s1", lang) in m.value for m in at.markdown)
    timeline = at.dataframe[0].value
    actions = list(timeline[t("portal.track.col_action", lang)])
    assert t("sandbox.event.dossier.submitted", lang) in actions


def test_a_code_typed_in_lower_case_with_spaces_is_still_found(make_app, app_db):
    at = open_page(make_app, "portal.py")
    code = submit_birth_registration(at, app_db)
    at.switch_page("views/practice/tracking.py")
    at.run()
    at.text_input(key="tracking_code").input(f"  {code.lower()[:8]} {code.lower()[8:]} ").run()
    assert not at.error and at.subheader[0].value == code


def test_tracking_flags_a_received_dossier_whose_appointment_has_passed(make_app, app_db):
    at = open_page(make_app, "portal.py")
    code = submit_birth_registration(at, app_db)
    sandbox_id = at.session_state["sandbox_id"]
    act_in_sandbox(app_db, sandbox_id, lifecycle.receive_online, dossier_by_code(app_db, code).id, "desk_officer")
    at.switch_page("views/practice/tracking.py")
    at.run()
    at.text_input(key="tracking_code").input(code).run()
    assert [s.value for s in at.success] == [t("portal.track.on_time")]
    with get_session_factory(app_db).begin() as session:
        advance_clock(session, sandbox_id, working_days=3)
    at.run()
    assert [e.value for e in at.error] == [t("portal.track.late")]


def test_tracking_an_unknown_code_says_it_is_not_in_this_sandbox(make_app, app_db):
    at = open_page(make_app, "tracking.py", "en")
    at.text_input(key="tracking_code").input("H99.99.99.999-260101-0001").run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("errors.sandbox.code_not_found", "en", code="H99.99.99.999-260101-0001")]


def test_my_dossiers_answers_a_supplement_request_which_goes_back_to_the_desk_before_the_receipt(make_app, app_db):
    at = open_page(make_app, "portal.py")
    code = submit_birth_registration(at, app_db)
    sandbox_id = at.session_state["sandbox_id"]
    dossier = dossier_by_code(app_db, code)
    act_in_sandbox(app_db, sandbox_id, lifecycle.request_supplement, dossier.id, "desk_officer",
                   missing=["witness_statement"], note="Thiếu văn bản của người làm chứng")
    at.switch_page("views/practice/my_dossiers.py")
    at.run()
    assert not at.exception
    assert any(t("sandbox.status.s5") in s.value for s in at.subheader)
    assert "- Văn bản của người làm chứng" in [m.value for m in at.markdown]
    at.radio(key="mine_mode_witness_statement").set_value("upload")
    at.file_uploader(key="mine_file_witness_statement").set_value(("nhan-chung.pdf", PDF, "application/pdf"))
    at.button(key="mine_eform_save").click().run()
    at.button(key="mine_supplement").click().run()
    assert not at.error, [e.value for e in at.error]
    assert dossier_by_code(app_db, code).status == 1  # "Gửi bổ sung" does not receive the dossier by itself
    assert any(s.value == t("portal.mine.supplement_done") for s in at.success)
    assert not any("Mẫu 01" in b.label for b in at.get("download_button"))
    act_in_sandbox(app_db, sandbox_id, lifecycle.receive_online, dossier.id, "desk_officer")  # the desk checks again
    at.run()
    labels = [b.label for b in at.get("download_button")]
    assert any("Mẫu 01" in label for label in labels) and any("Mẫu 02" in label for label in labels)


def test_a_signed_electronic_result_is_received_and_rated_once(make_app, app_db):
    at = open_page(make_app, "portal.py", "en")
    code = submit_birth_registration(at, app_db, query="birth registration")
    sandbox_id = at.session_state["sandbox_id"]
    dossier_id = dossier_by_code(app_db, code).id
    act_in_sandbox(app_db, sandbox_id, lifecycle.receive_online, dossier_id, "desk_officer")
    act_in_sandbox(app_db, sandbox_id, lifecycle.forward_to_processing, dossier_id, "desk_officer")
    act_in_sandbox(app_db, sandbox_id, lifecycle.approve_step, dossier_id, "specialist")
    act_in_sandbox(app_db, sandbox_id, lifecycle.approve_step, dossier_id, "office_head")
    act_in_sandbox(app_db, sandbox_id, lifecycle.sign, dossier_id, "leader")
    at.switch_page("views/practice/my_dossiers.py")
    at.run()
    at.button(key="mine_result").click().run()
    assert not at.error, [e.value for e in at.error]
    assert dossier_by_code(app_db, code).status == 10
    assert f"mine_result_file_{dossier_id}" in [b.key for b in at.get("download_button")]
    at.radio(key="mine_rate_score").set_value(4)
    at.button(key="mine_rate_send").click().run()
    assert any(s.value == t("portal.mine.rate_done", "en") for s in at.success)
    assert t("portal.mine.rated", "en") in [c.value for c in at.caption]
    with get_session_factory(app_db)() as session:
        assert session.scalar(select(Rating.score).where(Rating.dossier_id == dossier_id)) == 4


def test_a_financial_obligation_is_paid_online_from_my_dossiers(make_app, app_db):
    at = open_page(make_app, "portal.py")
    code = submit_birth_registration(at, app_db)
    sandbox_id = at.session_state["sandbox_id"]
    dossier_id = dossier_by_code(app_db, code).id
    act_in_sandbox(app_db, sandbox_id, lifecycle.receive_online, dossier_id, "desk_officer")
    act_in_sandbox(app_db, sandbox_id, lifecycle.forward_to_processing, dossier_id, "desk_officer")
    act_in_sandbox(app_db, sandbox_id, lifecycle.request_payment, dossier_id, "specialist", amount=8000)
    at.switch_page("views/practice/my_dossiers.py")
    at.run()
    assert any(t("sandbox.status.s6") in s.value for s in at.subheader)
    at.button(key="mine_pay_obligation").click().run()
    assert not at.error, [e.value for e in at.error]
    assert dossier_by_code(app_db, code).status == 4


def test_a_received_dossier_can_be_withdrawn_with_a_reason(make_app, app_db):
    at = open_page(make_app, "portal.py")
    code = submit_birth_registration(at, app_db)
    dossier_id = dossier_by_code(app_db, code).id
    act_in_sandbox(app_db, at.session_state["sandbox_id"], lifecycle.receive_online, dossier_id, "desk_officer")
    at.switch_page("views/practice/my_dossiers.py")
    at.run()
    at.text_input(key="mine_withdraw_reason").input("Đã nộp nhầm thủ tục")
    at.button(key="mine_withdraw").click().run()
    assert dossier_by_code(app_db, code).status == 7


def test_after_a_sandbox_reset_the_lost_draft_is_forgotten_instead_of_failing(make_app, app_db):
    at = open_page(make_app, "portal.py")
    sign_in(at, app_db)
    at.text_input(key="portal_search_q").input("khai sinh").run()
    at.radio(key="portal_proc_pick").set_value(BIRTH).run()
    at.button(key="portal_start").click().run()
    fill_eform(at, app_db)
    assert at.button(key="portal_eform_save")
    with get_session_factory(app_db).begin() as session:
        reset_sandbox(session, at.session_state["sandbox_id"], sandbox_now(session, at.session_state["sandbox_id"]))
    at.run()
    assert not at.exception
    keys = {b.key for b in at.button}
    assert "portal_eform_save" not in keys
    assert "portal_signin" in keys or at.text_input(key="portal_search_q")
    assert "portal_dossier_id" not in at.session_state


def test_a_trainee_gets_an_own_sandbox_and_never_sees_the_shared_ones_dossiers(make_app, app_db):
    shared = open_page(make_app, "portal.py")
    code = submit_birth_registration(shared, app_db)
    with get_session_factory(app_db).begin() as session:
        trainee = create_trainee(session, name="Hoàng Văn Thụ", audience="citizen", unit_code=None, now=NOW)
        trainee_id, resume = trainee.id, trainee.resume_code
    at = make_app("citizen", "vi")
    at.query_params["code"] = resume
    at.run()
    at.switch_page("views/practice/tracking.py")
    at.run()
    assert at.session_state["sandbox_id"] != shared.session_state["sandbox_id"]
    with get_session_factory(app_db)() as session:
        assert session.get(Sandbox, at.session_state["sandbox_id"]).owner_id == trainee_id
    assert any("Hoàng Văn Thụ" in c.value for c in at.caption)
    at.text_input(key="tracking_code").input(code).run()
    assert [e.value for e in at.error] == [t("errors.sandbox.code_not_found", code=code)]


def test_my_dossiers_asks_to_sign_in_first(make_app, app_db):
    at = open_page(make_app, "my_dossiers.py", "en")
    assert at.info[0].value == t("portal.signin_first", "en")
    assert at.button(key="mine_signin")


def start_birth_draft(at, url: str) -> int:
    citizen_id = sign_in(at, url)
    at.text_input(key="portal_search_q").input("khai sinh").run()
    at.radio(key="portal_proc_pick").set_value(BIRTH).run()
    at.button(key="portal_start").click().run()
    fill_eform(at, url)
    assert not at.exception and not at.error, [e.value for e in at.error]
    return citizen_id


def test_the_declaration_is_the_e_form_itself_shown_as_filled_once_saved_and_no_file_is_asked(make_app, app_db):
    at = open_page(make_app, "portal.py")
    start_birth_draft(at, app_db)
    radios = {r.key for r in at.radio}
    assert "portal_mode_birth_notice" in radios and "portal_mode_birth_declaration" not in radios
    pending = f"- Tờ khai đăng ký khai sinh: {t('portal.attach_eform_pending')}"
    assert pending in [m.value for m in at.markdown]
    at.button(key="portal_eform_save").click().run()
    assert not at.error, [e.value for e in at.error]
    filled = "- ✓ Tờ khai đăng ký khai sinh: Tờ khai điện tử (đã điền)"
    assert filled in [m.value for m in at.markdown] and pending not in [m.value for m in at.markdown]
    with get_session_factory(app_db)() as session:
        dossier = session.scalar(select(Dossier).where(Dossier.procedure_code == BIRTH))
        assert lifecycle.check_completeness(session, dossier.sandbox_id, dossier.id) == []
    at.button(key="portal_submit").click().run()
    assert not at.error, [e.value for e in at.error]
    assert dossier_by_code(app_db, next(m.group(1) for m in (CODE.search(s.value) for s in at.success) if m)).status == 1


def test_the_date_of_birth_is_prefilled_day_month_year(make_app, app_db):
    from trainer.sandbox.models import Citizen

    at = open_page(make_app, "portal.py")
    citizen_id = start_birth_draft(at, app_db)
    with get_session_factory(app_db)() as session:
        born = session.get(Citizen, citizen_id).date_of_birth
    shown = at.text_input(key="portal_f_date_of_birth").value
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", shown) and shown == born.strftime("%d/%m/%Y")


def test_easy_mode_has_no_paper_screen_for_the_declaration_the_form_screen_fills_it():
    from types import SimpleNamespace

    from trainer.ui.portal_easy import steps

    answers = {"requester_relation": "mother", "father_declared": "no"}
    online = steps(SimpleNamespace(procedure_code=BIRTH, channel="online", fee_amount=0), answers)
    assert "review" in online and "paper:birth_declaration" not in online and "paper:birth_notice" in online
    assert len(online) == EASY_BIRTH_SCREENS  # the number the browser walk counts too
    paper = steps(SimpleNamespace(procedure_code=BIRTH, channel="walk_in", fee_amount=0), answers)
    assert "paper:birth_declaration" in paper
    father = steps(SimpleNamespace(procedure_code=BIRTH, channel="online", fee_amount=0),
                   {**answers, "father_declared": "yes"})
    assert len(father) == EASY_BIRTH_SCREENS + 6  # the father's six questions once he is declared


def _shortened_message_page() -> None:
    from trainer.ui import portal_common as pc

    pc.remember_shortened([{"mode": "upload", "doc_id": "x", "filename": "**Tờ khai** " * 30 + ".pdf"},
                           {"mode": "upload", "doc_id": "y", "filename": "ngan.pdf"}])
    pc.show_shortened()
    pc.show_shortened()  # said once


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_shortened_upload_name_is_told_once_with_its_extension_and_not_as_markdown(app_db, lang):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from trainer.sandbox.documents import stored_filename
    from trainer.ui.widgets import literal

    st.config.set_option("runner.enforceSerializableSessionState", False)
    at = AppTest.from_function(_shortened_message_page)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    [info] = at.info
    assert info.value.startswith(t("portal.filename_shortened", lang, limit=200, name="")[:20])
    assert stored_filename("**Tờ khai** " * 30 + ".pdf").endswith(".pdf") and info.value.endswith(literal(".pdf") + "”.")
    assert "\\*\\*Tờ khai\\*\\*" in info.value  # typed asterisks stay asterisks


def _labels(at) -> list[str]:
    return [w.label for w in (*at.text_input, *at.selectbox)]


def test_the_birth_registration_asks_for_the_child_the_parents_and_the_relationship(make_app, app_db):
    at = open_page(make_app, "portal.py")
    sign_in(at, app_db)
    at.text_input(key="portal_search_q").input("khai sinh").run()
    at.radio(key="portal_proc_pick").set_value(BIRTH).run()
    at.button(key="portal_start").click().run()
    labels = _labels(at)
    for label in ("Họ, chữ đệm, tên của trẻ *", "Ngày, tháng, năm sinh của trẻ *", "Nơi sinh *",
                  "Giới tính của trẻ *", "Dân tộc của trẻ *", "Quốc tịch của trẻ *", "Quan hệ với trẻ *",
                  "Có khai thông tin người cha không? *"):
        assert label in labels, (label, labels)
    assert at.text_input(key="portal_f_child_name").value == ""  # never pre-filled from the requester
    assert at.text_input(key="portal_f_mother_full_name").value == ""
    assert "portal_f_father_full_name" not in {w.key for w in at.text_input}
    at.selectbox(key="portal_f_father_declared").set_value("yes").run()
    assert "portal_f_father_full_name" in {w.key for w in at.text_input}  # asked once the father is declared


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"child_date_of_birth": "15/03/2099"}, "child_date_of_birth", "Ngày này sau ngày đăng ký"),
    ({"mother_national_id": "12AB"}, "mother_national_id", "Số định danh cá nhân phải gồm đúng 12 chữ số."),
    ({"child_name": ""}, "child_name", "Chưa điền “Họ, chữ đệm, tên của trẻ”: mục này bắt buộc."),
])
def test_a_wrong_field_shows_its_vietnamese_message_next_to_it_and_nothing_is_saved(make_app, app_db, change,
                                                                                       field, message):
    at = open_page(make_app, "portal.py")
    start_birth_draft(at, app_db)
    fill_eform(at, app_db, **change)
    with get_session_factory(app_db)() as session:
        before = dict(session.scalar(select(Dossier).where(Dossier.status == 0)).form_data)
    at.button(key="portal_eform_save").click().run()
    texts = [e.value for e in at.error]
    assert t("errors.eforms.invalid", "vi", count=1) in texts
    assert any(text.startswith(message) for text in texts), texts
    with get_session_factory(app_db)() as session:
        dossier = session.scalar(select(Dossier).where(Dossier.status == 0))
        assert dict(dossier.form_data) == before
        assert session.scalars(select(DossierDocument).where(DossierDocument.dossier_id == dossier.id)).all() == []
    fill_eform(at, app_db)  # corrected: the next save keeps it
    at.button(key="portal_eform_save").click().run()
    assert not at.error, [e.value for e in at.error]


def test_the_printed_declaration_shows_what_was_declared_with_the_practice_mark(make_app, app_db):
    from tests.support import pdf_text
    from trainer.sandbox.declaration_pdf import render_declaration
    from trainer.sandbox.declared import declared_view

    at = open_page(make_app, "portal.py")
    start_birth_draft(at, app_db)
    assert "portal_eform_pdf" not in {b.key for b in at.get("download_button")}  # nothing declared yet
    values = fill_eform(at, app_db, child_name="Lò Thị Ánh", child_place_of_birth="Trạm Y tế xã Đôn Phong")
    at.button(key="portal_eform_save").click().run()
    assert not at.error, [e.value for e in at.error]
    assert "portal_eform_pdf" in {b.key for b in at.get("download_button")}
    with get_session_factory(app_db)() as session:
        dossier = session.scalar(select(Dossier).where(Dossier.status == 0))
        view = declared_view(session, dossier.sandbox_id, dossier.id)
    text = pdf_text(render_declaration(view, citizen_name="X"))
    assert "TỜ KHAI ĐĂNG KÝ KHAI SINH" in text and "BẢN THỰC HÀNH" in text
    assert "Lò Thị Ánh" in text and "Trạm Y tế xã Đôn Phong" in text and values["child_date_of_birth"] in text


def test_a_field_the_desk_pointed_at_must_be_corrected_before_the_supplement_is_sent(make_app, app_db):
    at = open_page(make_app, "portal.py")
    code = submit_birth_registration(at, app_db)
    sandbox_id = at.session_state["sandbox_id"]
    dossier = dossier_by_code(app_db, code)
    right = dossier.form_data["child_date_of_birth"]
    with get_session_factory(app_db).begin() as session:  # as if the citizen had typed her own birth date
        row = session.get(Dossier, dossier.id)
        row.form_data = {**row.form_data, "child_date_of_birth": "12/05/1996"}
    act_in_sandbox(app_db, sandbox_id, lifecycle.request_supplement, dossier.id, "desk_officer", missing=[],
                   wrong_fields=["child_date_of_birth"])
    at.switch_page("views/practice/my_dossiers.py")
    at.run()
    pointed = t("eforms.error.not_corrected", value="12/05/1996")
    assert pointed in [e.value for e in at.error]  # next to the field as soon as the page opens
    at.button(key="mine_eform_save").click().run()  # saved unchanged: refused, the message stays
    assert pointed in [e.value for e in at.error]
    at.button(key="mine_supplement").click().run()
    assert any(e.value.startswith("Tờ khai chưa được sửa theo yêu cầu bổ sung") for e in at.error)
    assert dossier_by_code(app_db, code).status == 5
    at.text_input(key="mine_f_child_date_of_birth").input(right)
    at.button(key="mine_eform_save").click().run()
    assert pointed not in [e.value for e in at.error]
    at.button(key="mine_supplement").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert dossier_by_code(app_db, code).status == 1
    assert dossier_by_code(app_db, code).form_data["child_date_of_birth"] == right
    desk = make_app("desk_officer", "vi")
    desk.run()
    desk.switch_page("views/practice/desk.py")
    desk.run()
    assert not desk.exception, desk.exception
    assert t("desk.declared.corrected") in [i.value for i in desk.info]
    shown = [str(tb.value) for tb in desk.table]
    assert any("12/05/1996" in s and right in s for s in shown), shown


def _every_form() -> None:
    import streamlit as st

    from trainer.eforms import load_eforms
    from trainer.ui import eform_fields

    for lang in ("vi", "en"):
        st.session_state["lang"] = lang
        for form in load_eforms().forms:
            with st.container(key=f"c_{lang}_{form.id}"):
                eform_fields.render(form, {}, f"{lang}_{form.id.replace('-', '_')}", communes=[("01234", "Xã A")])


def test_every_e_form_definition_renders_with_one_widget_per_field_in_both_languages():
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from trainer.eforms import load_eforms
    from trainer.eforms.validate import asked

    st.config.set_option("runner.enforceSerializableSessionState", False)  # AppTest's own state (see make_app)
    at = AppTest.from_function(_every_form, default_timeout=120)
    at.run()
    assert not at.exception, [e.stack_trace for e in at.exception]
    keys = {w.key for w in [*at.text_input, *at.selectbox]}
    labels = " ".join(w.label for w in [*at.text_input, *at.selectbox])
    for lang in ("vi", "en"):
        for form in load_eforms().forms:
            prefix = f"{lang}_{form.id.replace('-', '_')}"
            for f in form.fields():
                if f.conditions and not asked(f, {}):
                    continue  # shown once its condition is met
                assert f.label(lang) in labels, (form.id, f.name, lang)
                assert f"{prefix}_f_{f.name}" in keys or f"{prefix}_f_{f.name}_unit" in keys, (form.id, f.name)


def test_a_rerun_of_the_e_form_reads_what_it_shows_in_one_transaction(make_app, app_db):
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    at = open_page(make_app, "portal.py")
    sign_in(at, app_db)
    at.text_input(key="portal_search_q").input("dang ky khai sinh").run()
    at.radio(key="portal_proc_pick").set_value(BIRTH).run()
    at.button(key="portal_start").click().run()
    assert at.button(key="portal_eform_save") is not None
    sessions: list[Session] = []  # kept alive, so two sessions never share an id
    reads: list[tuple[int, str]] = []

    def note(state):  # type: ignore[no-untyped-def]
        if state.session not in sessions:
            sessions.append(state.session)
        reads.append((sessions.index(state.session), str(state.statement)))

    event.listen(Session, "do_orm_execute", note)
    try:
        at.run()
    finally:
        event.remove(Session, "do_orm_execute", note)
    assert not at.exception, at.exception
    documents = {n for n, s in reads if re.search(r"\bFROM sandbox_dossier_documents\b", s)}
    papers = {n for n, s in reads if re.search(r"\bFROM sandbox_stored_documents\b", s)}
    summary = [(n, m.group(1)) for n, s in reads if (m := re.search(r"FROM (\w+)", s))]
    # the e-form's attached list, its store papers (the form's and the "see the paper" box's): one transaction
    assert len(papers) == 1 and papers <= documents, summary
