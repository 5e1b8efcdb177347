"""The officials' pages (Bộ phận Một cửa, Xử lý hồ sơ, Bưu chính công ích) driven through AppTest."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from streamlit.runtime.media_file_manager import MediaFileManager

from trainer.actor import Actor
from trainer.db.engine import get_session_factory
from trainer.i18n import t
from trainer.sandbox import reference
from trainer.sandbox.documents import upload_document
from trainer.sandbox.lifecycle import (
    approve_step,
    collect_fee,
    digitise_document,
    forward_to_processing,
    receive_online,
    receive_walk_in,
    sign,
    start_walk_in,
)
from trainer.sandbox.models import Dossier, Shipment, SlipIssued
from trainer.sandbox.portal import choose_delivery, start_online_dossier, submit_online
from trainer.sandbox.post import request_pickup
from trainer.sandbox.sandboxes import advance_clock, citizens, create_sandbox
from trainer.settings import get_settings

MONDAY_MORNING = datetime(2026, 3, 2, 8, 0)  # a plain working Monday, far from any holiday
BIRTH = "1.001193"  # Đăng ký khai sinh: same-day procedure, BCCI allowed
MARITAL = "1.004873"  # Xác nhận tình trạng hôn nhân: 3 working days, so it can go late
DESK, SPECIALIST, OFFICE_HEAD, LEADER, POSTAL = "desk_officer", "specialist", "office_head", "leader", "postal_worker"
PAGES = [("desk.py", DESK, "desk.title"), ("processing.py", SPECIALIST, "desk.proc.title"),
         ("processing.py", OFFICE_HEAD, "desk.proc.title"), ("processing.py", LEADER, "desk.proc.title"),
         ("post.py", POSTAL, "desk.post.title")]
PDF = b"%PDF-1.4\n% a fake scan for the practice sandbox\n"


@pytest.fixture
def world(app_db: str) -> Iterator[dict]:
    """The shared demo sandbox (owner None, the one the pages pick) on a Monday morning, and a session factory."""
    factory = get_session_factory(app_db)
    settings = get_settings()
    from trainer.world.units import load_units

    commune = load_units(settings.admin_model).communes[0].code
    with factory.begin() as session:
        sandbox = create_sandbox(session, owner_id=None, unit_code=commune, model=settings.admin_model, seed=7,
                                 now=MONDAY_MORNING, clock=MONDAY_MORNING, practice_key="demo")
        people = [c.id for c in citizens(session, sandbox.id)]
    yield {"factory": factory, "sid": sandbox.id, "people": people}


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> list:
    """The files the pages offer for download: deferred ones are made (as a click would), in order."""
    captured: list = []
    original = MediaFileManager.add_deferred

    def keep(self, callable_, *args, **kwargs):  # type: ignore[no-untyped-def]
        captured.append(callable_)
        return original(self, callable_, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return captured


WALK_IN, FORWARD, RETURN = "desk.walk_in.title", "desk.actions.forward", "desk.actions.return"  # the desk's tabs


def open_page(make_app, role: str, file: str, lang: str = "vi", tab: str | None = None):  # type: ignore[no-untyped-def]
    """The page for this role; on the desk page, with the tab of that label key open (only the open tab is drawn;
    the first, the online inbox, by default)."""
    at = make_app(role, lang)
    at.run()
    if tab is not None:
        at.session_state["desk_tabs"] = t(tab, lang)
    at.switch_page(f"views/practice/{file}")
    at.run()
    assert not at.exception, at.exception
    return at


def click(at, key: str):  # type: ignore[no-untyped-def]
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return at


def dossier(world: dict, dossier_id: int) -> Dossier | None:
    with world["factory"]() as session:
        row = session.get(Dossier, dossier_id)
        if row is not None:
            session.expunge(row)
        return row


def walk_in_received(world: dict, procedure: str, *, forward: bool = False) -> int:
    """A complete paper dossier received at the counter (and forwarded for processing if asked)."""
    sid, now = world["sid"], MONDAY_MORNING
    with world["factory"].begin() as session:
        draft = start_walk_in(session, sid, citizen_id=world["people"][0], procedure_code=procedure,
                              actor=Actor.playing(DESK), now=now)
        for doc_id in reference.mandatory_ids(procedure):
            digitise_document(session, sid, draft.id, actor=Actor.playing(DESK), now=now, doc_id=doc_id)
        if draft.fee_amount:
            collect_fee(session, sid, draft.id, actor=Actor.playing(DESK), now=now)
        receive_walk_in(session, sid, draft.id, actor=Actor.playing(DESK), now=now)
        if forward:
            forward_to_processing(session, sid, draft.id, actor=Actor.playing(DESK), now=now)
        return draft.id


def online_submitted(world: dict, *, complete: bool, delivery: str = "desk") -> int:
    """A birth registration submitted online, with or without its mandatory declaration."""
    sid, now = world["sid"], MONDAY_MORNING
    with world["factory"].begin() as session:
        draft = start_online_dossier(session, sid, citizen_id=world["people"][0], procedure_code=BIRTH,
                                     actor=Actor.playing("citizen"), now=now)
        docs = reference.mandatory_ids(BIRTH) if complete else [d for d in reference.document_ids(BIRTH)
                                                               if d not in reference.mandatory_ids(BIRTH)][:1]
        for doc_id in docs:
            upload_document(session, sid, draft.id, doc_id=doc_id, filename=f"{doc_id}.pdf", content=PDF,
                            actor=Actor.playing("citizen"), now=now)
        if delivery != "desk":
            choose_delivery(session, sid, draft.id, delivery=delivery, actor=Actor.playing("citizen"), now=now)
        submit_online(session, sid, draft.id, actor=Actor.playing("citizen"), now=now)
        return draft.id


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(("file", "role", "title"), PAGES)
def test_each_officials_page_opens_for_its_role_in_both_languages(make_app, world, file, role, title, lang):
    at = open_page(make_app, role, file, lang)
    assert at.title[0].value == t(title, lang)
    assert [e.value for e in at.error] == []


def test_a_walk_in_dossier_is_received_and_its_receipt_downloads_as_a_pdf(make_app, world, downloads):
    at = open_page(make_app, DESK, "desk.py", tab=WALK_IN)
    at.selectbox(key="desk_walk_in_procedure").set_value(BIRTH).run()
    click(at, "desk_walk_in_start")
    with world["factory"]() as session:
        draft = session.scalar(select(Dossier).where(Dossier.sandbox_id == world["sid"]))
    assert draft.status == 0 and draft.channel == "walk_in"
    for doc_id in reference.mandatory_ids(BIRTH):
        click(at, f"desk_digitise_{draft.id}_{doc_id}")
    assert any(w.value == t("desk.check.complete", "vi") for w in at.success)
    downloads.clear()
    click(at, f"desk_receive_{draft.id}")
    received = dossier(world, draft.id)
    assert received.status == 2 and received.code
    assert at.success[0].value == t("desk.flash.received", "vi", code=received.code)
    assert any(b.label == t("desk.slips.form_01", "vi") for b in at.get("download_button"))
    pdf = downloads[0]()
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert received.code in text and "Đăng ký khai sinh" in text


def test_receiving_an_incomplete_dossier_is_refused_with_the_missing_document_named(make_app, world):
    dossier_id = online_submitted(world, complete=False)
    at = open_page(make_app, DESK, "desk.py")
    click(at, f"desk_receive_{dossier_id}")
    assert dossier(world, dossier_id).status == 1
    declaration = reference.document_name(BIRTH, reference.mandatory_ids(BIRTH)[0])
    assert any(declaration in e.value for e in at.error)


def test_the_online_inbox_shows_the_hours_left_of_the_eight_hour_limit(make_app, world):
    online_submitted(world, complete=True)
    with world["factory"].begin() as session:
        advance_clock(session, world["sid"], hours=3)
    at = open_page(make_app, DESK, "desk.py")
    table = at.dataframe[0].value
    assert list(table[t("desk.col.hours_left", "vi")]) == [t("desk.inbox.hours_left", "vi", h="5,0")]


def test_a_supplement_request_lists_every_ticked_document_once(make_app, world):
    dossier_id = online_submitted(world, complete=False)
    at = open_page(make_app, DESK, "desk.py")
    missing = reference.mandatory_ids(BIRTH)
    at.text_area(key=f"desk_supplement_note_{dossier_id}").input("Bổ sung tờ khai có chữ ký").run()
    click(at, f"desk_supplement_{dossier_id}")
    assert dossier(world, dossier_id).status == 5
    with world["factory"]() as session:
        slip = session.scalar(select(SlipIssued).where(SlipIssued.dossier_id == dossier_id))
    assert slip.form == "02" and slip.data["missing"] == missing


def test_an_online_dossier_past_eight_working_hours_is_flagged_overdue(make_app, world):
    online_submitted(world, complete=True)
    with world["factory"].begin() as session:
        advance_clock(session, world["sid"], working_days=1, hours=2)
    at = open_page(make_app, DESK, "desk.py", "en")
    assert list(at.dataframe[0].value[t("desk.col.hours_left", "en")]) == [t("desk.inbox.hours_over", "en", h="2.0")]
    assert at.error[0].value == t("desk.inbox.overdue", "en", n=1)


def test_a_refusal_without_a_reason_is_not_accepted(make_app, world):
    dossier_id = online_submitted(world, complete=False)
    at = open_page(make_app, DESK, "desk.py")
    click(at, f"desk_refuse_{dossier_id}")
    assert dossier(world, dossier_id).status == 1
    assert at.error[0].value == t("errors.sandbox.reason_required", "vi")


def test_a_received_dossier_is_forwarded_with_the_control_slip(make_app, world):
    dossier_id = walk_in_received(world, BIRTH)
    at = open_page(make_app, DESK, "desk.py", tab=FORWARD)
    click(at, f"desk_forward_{dossier_id}")
    forwarded = dossier(world, dossier_id)
    assert (forwarded.status, forwarded.step) == (4, SPECIALIST)
    assert any(b.label == t("desk.slips.form_05", "vi") for b in at.get("download_button"))


def test_specialist_office_head_and_leader_each_move_the_dossier_one_step(make_app, world):
    dossier_id = walk_in_received(world, BIRTH, forward=True)
    for role, key, step in ((SPECIALIST, "proc_next", OFFICE_HEAD), (OFFICE_HEAD, "proc_next", LEADER)):
        at = open_page(make_app, role, "processing.py")
        click(at, f"{key}_{dossier_id}")
        assert dossier(world, dossier_id).step == step
    at = open_page(make_app, LEADER, "processing.py")
    click(at, f"proc_sign_{dossier_id}")
    assert dossier(world, dossier_id).status == 9
    assert at.success[0].value == t("desk.proc.flash.signed", "vi", code=dossier(world, dossier_id).code)


def test_a_role_does_not_see_dossiers_waiting_at_another_step(make_app, world):
    walk_in_received(world, BIRTH, forward=True)
    at = open_page(make_app, LEADER, "processing.py")
    assert any(i.value == t("desk.proc.empty", "vi") for i in at.info)


def test_the_apology_slip_is_issued_before_the_deadline_and_refused_after_it(make_app, world):
    dossier_id = walk_in_received(world, MARITAL, forward=True)
    with world["factory"].begin() as session:
        advance_clock(session, world["sid"], working_days=2)
    due = dossier(world, dossier_id).appointment_at
    at = open_page(make_app, SPECIALIST, "processing.py")
    at.date_input(key=f"proc_apology_date_{dossier_id}").set_value((due + timedelta(days=7)).date()).run()
    at.text_area(key=f"proc_apology_reason_{dossier_id}").input("Chờ xác minh thông tin").run()
    click(at, f"proc_apology_{dossier_id}")
    assert dossier(world, dossier_id).new_appointment_at.date() == (due + timedelta(days=7)).date()
    assert any(b.label == t("desk.slips.form_04", "vi") for b in at.get("download_button"))
    with world["factory"].begin() as session:
        advance_clock(session, world["sid"], working_days=3)
    at = open_page(make_app, SPECIALIST, "processing.py")
    assert any(e.value.startswith(t("desk.late_banner", "vi", due="")[:15]) for e in at.error)
    at.date_input(key=f"proc_apology_date_{dossier_id}").set_value((due + timedelta(days=14)).date()).run()
    at.text_area(key=f"proc_apology_reason_{dossier_id}").input("Lần hai").run()
    click(at, f"proc_apology_{dossier_id}")
    assert dossier(world, dossier_id).new_appointment_at.date() == (due + timedelta(days=7)).date()
    assert any(e.value.startswith("Đã quá hạn trả kết quả") for e in at.error)


def test_a_result_asked_by_post_goes_through_the_desk_to_the_postal_worker(make_app, world):
    dossier_id = online_submitted(world, complete=True, delivery="post")
    sid, now = world["sid"], MONDAY_MORNING
    with world["factory"].begin() as session:
        receive_online(session, sid, dossier_id, actor=Actor.playing(DESK), now=now)
        forward_to_processing(session, sid, dossier_id, actor=Actor.playing(DESK), now=now)
        approve_step(session, sid, dossier_id, actor=Actor.playing(SPECIALIST), now=now)
        approve_step(session, sid, dossier_id, actor=Actor.playing(OFFICE_HEAD), now=now)
        sign(session, sid, dossier_id, actor=Actor.playing(LEADER), now=now)
    at = open_page(make_app, DESK, "desk.py", tab=RETURN)
    click(at, f"desk_to_post_{dossier_id}")
    with world["factory"]() as session:
        shipment = session.scalar(select(Shipment).where(Shipment.dossier_id == dossier_id))
    # handed to the post, the result leaves the desk's list (the same button would only be refused)
    assert f"desk_to_post_{dossier_id}" not in {b.key for b in at.button}
    assert any(i.value == t("desk.return.empty", "vi") for i in at.info)
    assert any(h.value == t("desk.tabs.return", "vi", n=0) for h in at.subheader)
    at = open_page(make_app, POSTAL, "post.py")
    tracking = at.dataframe[0].value[t("desk.post.col.tracking", "vi")].tolist()
    assert tracking == [shipment.tracking_no]
    click(at, f"post_deliver_{shipment.id}")
    assert dossier(world, dossier_id).status == 10


def test_the_postal_worker_collects_only_against_the_published_list_then_hands_over(make_app, world):
    sid, now = world["sid"], MONDAY_MORNING
    with world["factory"].begin() as session:
        draft = start_online_dossier(session, sid, citizen_id=world["people"][0], procedure_code=BIRTH,
                                     actor=Actor.playing("citizen"), now=now)
        shipment = request_pickup(session, sid, draft.id, actor=Actor.playing("citizen"), now=now)
        draft_id, shipment_id = draft.id, shipment.id
    at = open_page(make_app, POSTAL, "post.py")
    click(at, f"post_collect_{shipment_id}")
    assert dossier(world, draft_id).status == 0 and at.error
    for doc_id in reference.mandatory_ids(BIRTH):
        at.checkbox(key=f"post_check_{shipment_id}_{doc_id}").check().run()
    click(at, f"post_collect_{shipment_id}")
    assert dossier(world, draft_id).status == 1
    # each heading counts its own list: none left to collect, one to hand over
    headings = [h.value for h in at.subheader]
    assert t("desk.post.tabs.collect", "vi", n=0) in headings, headings
    assert any(i.value == t("desk.post.collect.empty", "vi") for i in at.info)
    assert t("desk.post.hand_over.title", "vi", n=1) in headings, headings
    click(at, f"post_hand_over_{shipment_id}")
    with world["factory"]() as session:
        assert session.get(Shipment, shipment_id).status == "handed_over"


def test_letting_working_days_pass_moves_the_sandbox_clock_over_the_weekend(make_app, world):
    at = open_page(make_app, DESK, "desk.py")
    at.number_input(key="desk_advance_days").set_value(5).run()
    click(at, "desk_advance")
    with world["factory"]() as session:
        from trainer.sandbox.sandboxes import sandbox_now

        assert sandbox_now(session, world["sid"]) == MONDAY_MORNING + timedelta(days=7)
    assert any("Thứ Hai, 08:00 09/03/2026" in m.value for m in at.markdown)


def test_the_sandbox_is_reset_only_after_confirmation(make_app, world):
    dossier_id = online_submitted(world, complete=True)
    at = open_page(make_app, DESK, "desk.py")
    click(at, "desk_reset")
    assert dossier(world, dossier_id) is not None
    click(at, "desk_reset_cancel")
    assert dossier(world, dossier_id) is not None
    click(at, "desk_reset")
    click(at, "desk_reset_confirm")
    with world["factory"]() as session:
        assert session.get(Dossier, dossier_id) is None
    assert any(i.value == t("desk.inbox.empty", "vi") for i in at.info)


def test_a_dossier_decided_at_another_level_is_transferred_and_its_result_comes_back_to_the_desk(make_app, world):
    linked = "SB.0013"  # health-insurance card reissue: received at the commune, decided by the province
    dossier_id = walk_in_received(world, linked)
    at = open_page(make_app, DESK, "desk.py", tab=FORWARD)
    assert not [b for b in at.button if b.key == f"desk_forward_{dossier_id}"], "a linked dossier is not forwarded"
    click(at, f"desk_transfer_{dossier_id}")
    moved = dossier(world, dossier_id)
    assert moved.status == 4 and moved.current_agency_id == moved.deciding_agency_id != moved.receiving_agency_id
    sid, now = world["sid"], MONDAY_MORNING
    with world["factory"].begin() as session:
        approve_step(session, sid, dossier_id, actor=Actor.playing(SPECIALIST), now=now)
        approve_step(session, sid, dossier_id, actor=Actor.playing(OFFICE_HEAD), now=now)
        sign(session, sid, dossier_id, actor=Actor.playing(LEADER), now=now)
    at = open_page(make_app, DESK, "desk.py", tab=RETURN)
    assert not [b for b in at.button if b.key == f"desk_return_{dossier_id}"], "the result is not at the desk yet"
    at = open_page(make_app, LEADER, "processing.py")
    click(at, f"proc_result_to_desk_{dossier_id}")
    assert dossier(world, dossier_id).current_agency_id == dossier(world, dossier_id).receiving_agency_id
    at = open_page(make_app, DESK, "desk.py", tab=RETURN)
    click(at, f"desk_return_{dossier_id}")
    assert dossier(world, dossier_id).status == 10


def test_a_withdrawal_request_is_stopped_with_a_reason_from_the_processing_page(make_app, world):
    from trainer.sandbox.portal import request_withdrawal

    dossier_id = walk_in_received(world, BIRTH, forward=True)
    with world["factory"].begin() as session:
        request_withdrawal(session, world["sid"], dossier_id, actor=Actor.playing("citizen"),
                           now=MONDAY_MORNING, reason="Không cần nữa")
    at = open_page(make_app, OFFICE_HEAD, "processing.py")
    at.text_area(key=f"proc_withdrawal_reason_{dossier_id}").input("Theo đơn đề nghị rút hồ sơ").run()
    click(at, f"proc_withdrawal_stop_{dossier_id}")
    assert dossier(world, dossier_id).status == 8


def test_a_refusal_with_a_reason_ends_the_dossier_and_issues_the_refusal_slip(make_app, world, downloads):
    dossier_id = online_submitted(world, complete=True)
    at = open_page(make_app, DESK, "desk.py")
    at.text_area(key=f"desk_refuse_reason_{dossier_id}").input("Không thuộc thẩm quyền giải quyết của xã").run()
    downloads.clear()
    click(at, f"desk_refuse_{dossier_id}")
    refused = dossier(world, dossier_id)
    assert refused.status == 3 and refused.reason == "Không thuộc thẩm quyền giải quyết của xã"
    assert [b.label for b in at.get("download_button")] == [t("desk.slips.form_03", "vi")]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(downloads[-1]())).pages)
    assert "Không thuộc thẩm quyền giải quyết của xã" in text


RESIDENCE_FEE = "1.004222"  # permanent residence: 20,000 ₫ at the desk


def test_a_walk_in_fee_is_collected_at_the_desk_with_a_receipt_before_the_dossier_is_received(make_app, world, downloads):
    at = open_page(make_app, DESK, "desk.py", tab=WALK_IN)
    at.selectbox(key="desk_walk_in_procedure").set_value(RESIDENCE_FEE).run()
    click(at, "desk_walk_in_start")
    with world["factory"]() as session:
        draft = session.scalar(select(Dossier).where(Dossier.sandbox_id == world["sid"]))
    for doc_id in reference.mandatory_ids(RESIDENCE_FEE):
        click(at, f"desk_digitise_{draft.id}_{doc_id}")
    click(at, f"desk_receive_{draft.id}")
    assert dossier(world, draft.id).status == 0
    assert any("20.000 ₫" in e.value for e in at.error)  # not received before the fee is collected
    at.radio(key=f"desk_fee_method_{draft.id}").set_value("transfer").run()
    downloads.clear()
    click(at, f"desk_collect_fee_{draft.id}")
    assert at.success[0].value == t("desk.flash.fee_collected", "vi", code=t("desk.no_code", "vi"))
    assert any(b.label == t("desk.slips.form_BL", "vi") for b in at.get("download_button"))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(downloads[0]())).pages)
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text and "Chuyển khoản" in text and "20.000 ₫" in text
    assert any(s.value == t("desk.fee.paid", "vi", amount="20.000 ₫") for s in at.success)
    click(at, f"desk_receive_{draft.id}")
    assert dossier(world, draft.id).status == 2


def test_a_supplemented_online_dossier_comes_back_to_the_inbox_and_the_desk_receives_it(make_app, world):
    dossier_id = online_submitted(world, complete=False)
    at = open_page(make_app, DESK, "desk.py")
    click(at, f"desk_supplement_{dossier_id}")
    assert dossier(world, dossier_id).status == 5
    for doc_id in reference.mandatory_ids(BIRTH):
        click(at, f"desk_digitise_{dossier_id}_{doc_id}")
    click(at, f"desk_accept_supplement_{dossier_id}")
    assert dossier(world, dossier_id).status == 1  # not received by itself: back in the inbox
    assert any(i.value == t("desk.supplement.again", "vi") for i in at.info)
    click(at, f"desk_receive_{dossier_id}")
    assert dossier(world, dossier_id).status == 2


def test_the_desk_is_warned_when_it_asks_for_a_document_already_in_the_dossier(make_app, world):
    dossier_id = online_submitted(world, complete=True)
    at = open_page(make_app, DESK, "desk.py")
    held = reference.mandatory_ids(BIRTH)[0]
    assert not any(t("desk.supplement.already_attached", "vi", names="")[:20] in w.value for w in at.warning)
    at.checkbox(key=f"desk_ask_{dossier_id}_{held}_1").check().run()
    name = reference.document_name(BIRTH, held)
    assert any(w.value == t("desk.supplement.already_attached", "vi", names=name) for w in at.warning)


def test_the_desk_sees_the_declared_fields_and_points_at_a_wrong_one_in_the_supplement_request(make_app, world,
                                                                                                downloads):
    from tests.sandbox.helpers import valid_form
    from trainer.db.events import Event
    from trainer.sandbox.portal import save_form

    sid, now = world["sid"], MONDAY_MORNING
    with world["factory"].begin() as session:
        draft = start_online_dossier(session, sid, citizen_id=world["people"][0], procedure_code=BIRTH,
                                     actor=Actor.playing("citizen"), now=now)
        save_form(session, sid, draft.id, form=valid_form(session, draft, child_date_of_birth="12/05/1996",
                                                          child_name="Lò Văn Tú"),
                  actor=Actor.playing("citizen"), now=now)
        submit_online(session, sid, draft.id, actor=Actor.playing("citizen"), now=now)
        dossier_id = draft.id
    at = open_page(make_app, DESK, "desk.py")
    shown = [str(tb.value) for tb in at.table]
    assert any("Lò Văn Tú" in s and "12/05/1996" in s for s in shown), shown
    at.multiselect(key=f"desk_wrong_fields_{dossier_id}").select("child_date_of_birth").run()
    click(at, f"desk_supplement_{dossier_id}")
    assert dossier(world, dossier_id).status == 5
    with world["factory"]() as session:
        event = session.scalar(select(Event).where(Event.action == "dossier.supplement_requested"))
        assert event.data["wrong_fields"] == ["child_date_of_birth"]
        assert "Tờ khai ghi sai: Ngày, tháng, năm sinh của trẻ" in (event.note or "")


def test_only_the_open_tab_is_drawn_and_a_closed_tab_keeps_what_was_chosen_in_it(make_app, world):
    walk_in_received(world, BIRTH)  # one dossier for "Chuyển xử lý"
    at = open_page(make_app, DESK, "desk.py")  # the online inbox, the first tab
    keys = {w.key for w in [*at.button, *at.selectbox]}
    assert "desk_walk_in_start" not in keys and "desk_forward_pick" not in keys
    at.session_state["desk_tabs"] = t(WALK_IN, "vi")  # as a click on the tab: it reruns the page
    at.run()
    at.selectbox(key="desk_walk_in_procedure").set_value(MARITAL).run()
    at.session_state["desk_tabs"] = t(FORWARD, "vi")
    at.run()
    assert at.selectbox(key="desk_forward_pick") is not None
    assert "desk_walk_in_procedure" not in {s.key for s in at.selectbox}
    at.session_state["desk_tabs"] = t(WALK_IN, "vi")
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="desk_walk_in_procedure").value == MARITAL  # kept while its tab was closed
