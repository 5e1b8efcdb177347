"""Dossier lifecycle on both databases: desk, processing, supplements, payments, withdrawal, apology, events."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from tests.sandbox.helpers import (
    MARITAL,
    NOW,
    RESIDENCE,
    first_citizen,
    in_process,
    new_sandbox,
    online_dossier,
    received_dossier,
    signed,
    upload_all,
)
from trainer.actor import Actor
from trainer.db.engine import get_session_factory
from trainer.db.events import Event
from trainer.errors import DomainError
from trainer.sandbox import lifecycle, portal
from trainer.sandbox.deadlines import due_at, is_late, reception_hours_left
from trainer.sandbox.models import Dossier, HandOver, Payment, SlipIssued, SupplementRequest
from trainer.sandbox.sandboxes import advance_clock, sandbox_now
from trainer.sandbox.transitions import Status

CODE_RE = re.compile(r"^H\d{2}\.\d{2}\.\d{2}\.\d{3}-\d{6}-\d{4}$")
DESK, SPEC, HEAD, LEAD = "desk_officer", "specialist", "office_head", "leader"


@pytest.fixture
def db(db_url):
    factory = get_session_factory(db_url)
    with factory.begin() as session:
        sandbox_id = new_sandbox(session)
    return factory, sandbox_id


def events_of(session, dossier):
    return session.scalars(select(Event).where(Event.sandbox_id == dossier.sandbox_id, Event.entity == "dossier",
                                               Event.entity_id == dossier.code).order_by(Event.id)).all()


def test_an_online_dossier_goes_from_submission_to_rating_with_one_event_per_step(db):
    factory, sid = db
    with factory.begin() as s:
        dossier = signed(s, sid)
        lifecycle.return_result(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW)
        portal.rate_satisfaction(s, sid, dossier.id, score=5, actor=Actor.playing("citizen"), now=NOW)
        code = dossier.code
    with factory() as s:
        dossier = s.scalar(select(Dossier).where(Dossier.code == code))
        assert CODE_RE.match(code)
        assert dossier.status == Status.RETURNED and dossier.finished_at == NOW
        moves = [(e.action, e.from_state, e.to_state, e.actor) for e in events_of(s, dossier) if e.from_state != e.to_state]
        assert moves == [
            ("dossier.submitted", "0", "1", "citizen"), ("dossier.received", "1", "2", DESK),
            ("dossier.forwarded", "2", "4", DESK), ("dossier.signed", "4", "9", LEAD),
            ("dossier.result_returned", "9", "10", DESK),
        ]
        steps = [e.data["to_step"] for e in events_of(s, dossier) if e.action == "dossier.step_approved"]
        assert steps == ["office_head", "leader"]
        forms = s.scalars(select(SlipIssued.form).where(SlipIssued.dossier_id == dossier.id)).all()
        assert sorted(forms) == ["01", "05"]
        hand_overs = s.scalars(select(HandOver).where(HandOver.dossier_id == dossier.id).order_by(HandOver.id)).all()
        assert [(h.from_role, h.to_role) for h in hand_overs] == [(DESK, SPEC), (SPEC, HEAD), (HEAD, LEAD), (LEAD, DESK)]


def test_receiving_sets_the_appointment_from_the_procedures_working_days(db):
    factory, sid = db
    with factory.begin() as s:
        dossier = received_dossier(s, sid, MARITAL, now=datetime(2026, 3, 6, 15, 30))  # Friday after 15:00
        assert dossier.appointment_at == datetime(2026, 3, 12, 16, 30)  # counts from Monday: 3 working days


def test_an_incomplete_dossier_cannot_be_received_and_the_message_lists_what_is_missing(db):
    factory, sid = db
    with factory.begin() as s:
        dossier = online_dossier(s, sid, RESIDENCE, complete=False)
        with pytest.raises(DomainError) as caught:
            lifecycle.receive_online(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW)
        assert caught.value.key == "errors.sandbox.incomplete"
        assert "Giấy tờ chứng minh chỗ ở hợp pháp" in str(caught.value)
        assert lifecycle.check_completeness(s, sid, dossier.id) == ["lawful_home_proof"]
        assert dossier.status == Status.SUBMITTED


def test_a_supplement_asked_before_reception_goes_back_to_the_desk_which_checks_and_receives_it(db):
    factory, sid = db
    with factory.begin() as s:
        dossier = online_dossier(s, sid, RESIDENCE, complete=False)
        lifecycle.request_supplement(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW,
                                     missing=["lawful_home_proof"],
                                     note="Thiếu giấy tờ chỗ ở")
        assert dossier.status == Status.SUPPLEMENT and dossier.supplement_from == Status.SUBMITTED
        with pytest.raises(DomainError) as caught:
            portal.answer_supplement(s, sid, dossier.id, actor=Actor.playing("citizen"), now=NOW)
        assert caught.value.key == "errors.sandbox.supplement_incomplete"
        upload_all(s, sid, dossier, ["lawful_home_proof"])
        later = datetime(2026, 3, 3, 10, 0)
        portal.answer_supplement(s, sid, dossier.id, actor=Actor.playing("citizen"), now=later)
        assert dossier.status == Status.SUBMITTED and dossier.received_at is None  # "Gửi bổ sung" receives nothing
        assert reception_hours_left(dossier, later) == 8  # the desk's 8 working hours start again
        received_at = datetime(2026, 3, 3, 14, 0)
        lifecycle.receive_online(s, sid, dossier.id, actor=Actor.playing(DESK), now=received_at)
        assert dossier.status == Status.RECEIVED
        assert dossier.received_at == received_at and dossier.appointment_at == datetime(2026, 3, 12, 16, 30)
        moves = [(e.action, e.from_state, e.to_state) for e in events_of(s, dossier)
                 if e.action.startswith(("dossier.supplement", "dossier.rece"))]
        assert moves == [("dossier.supplement_requested", "1", "5"), ("dossier.supplemented", "5", "1"),
                         ("dossier.received", "1", "2"), ("dossier.receipt_issued", "2", "2")]


def test_the_desk_may_refuse_a_supplemented_dossier_after_checking_it_again(db):
    factory, sid = db
    with factory.begin() as s:
        dossier = online_dossier(s, sid, RESIDENCE, complete=False)
        lifecycle.request_supplement(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW, missing=["lawful_home_proof"])
        upload_all(s, sid, dossier, ["lawful_home_proof"])
        portal.answer_supplement(s, sid, dossier.id, actor=Actor.playing("citizen"), now=NOW)
        lifecycle.refuse(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW, reason="Giấy tờ bổ sung không hợp lệ")
        assert dossier.status == Status.REFUSED


def test_a_request_for_a_paper_already_in_the_dossier_is_noted_in_its_event(db):
    factory, sid = db
    with factory.begin() as s:
        dossier = online_dossier(s, sid, RESIDENCE, complete=False)
        lifecycle.request_supplement(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW,
                                     missing=["lawful_home_proof", "residence_declaration"])
        asked = s.scalar(select(Event).where(Event.action == "dossier.supplement_requested"))
        assert asked.data["already_attached"] == ["residence_declaration"]


def test_a_supplement_asked_in_processing_pauses_the_clock_for_the_working_days_it_takes(db):
    factory, sid = db
    with factory.begin() as s:
        dossier = in_process(s, sid, MARITAL)
        first_due = due_at(dossier)
        lifecycle.request_supplement(s, sid, dossier.id, actor=Actor.playing(SPEC), now=NOW,
                                     missing=["divorce_judgment"])
        upload_all(s, sid, dossier, ["divorce_judgment"])
        portal.answer_supplement(s, sid, dossier.id, actor=Actor.playing("citizen"), now=datetime(2026, 3, 4,
                                                                                                  9, 0))
        assert dossier.status == Status.IN_PROCESS
        assert dossier.supplement_days == 2
        assert due_at(dossier) == datetime(2026, 3, 9, 16, 30) and first_due == datetime(2026, 3, 5, 16, 30)
        request = s.scalar(select(SupplementRequest).where(SupplementRequest.dossier_id == dossier.id))
        assert request.paused_days == 2 and request.answered_at == datetime(2026, 3, 4, 9, 0)


def test_asking_again_for_a_paper_not_on_the_first_request_is_recorded_as_a_fault_and_makes_it_late(db):
    factory, sid = db
    with factory.begin() as s:
        dossier = in_process(s, sid, MARITAL)
        lifecycle.request_supplement(s, sid, dossier.id, actor=Actor.playing(SPEC), now=NOW,
                                     missing=["divorce_judgment"])
        upload_all(s, sid, dossier, ["divorce_judgment"])
        portal.answer_supplement(s, sid, dossier.id, actor=Actor.playing("citizen"), now=NOW)
        lifecycle.request_supplement(s, sid, dossier.id, actor=Actor.playing(SPEC), now=NOW,
                                     missing=["divorce_judgment", "marital_status_declaration"])
        asked = s.scalars(select(Event).where(Event.action == "dossier.supplement_requested",
                                              Event.entity_id == dossier.code).order_by(Event.id)).all()
        assert [e.data["fault"] for e in asked] == [False, True]
        assert asked[1].data["new_items"] == ["marital_status_declaration"]
        assert is_late(dossier, NOW)


def test_a_supplement_request_must_name_documents_of_the_procedure(db):
    factory, sid = db
    with factory.begin() as s:
        dossier = online_dossier(s, sid, MARITAL)
        for missing, key in (([], "supplement_empty"), (["passport_copy"], "unknown_document")):
            with pytest.raises(DomainError) as caught:
                lifecycle.request_supplement(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW,
                                             missing=missing)
            assert caught.value.key == f"errors.sandbox.{key}"


def test_refusal_needs_a_reason_and_is_impossible_once_received(db):
    factory, sid = db
    with factory.begin() as s:
        dossier = online_dossier(s, sid, MARITAL)
        with pytest.raises(DomainError):
            lifecycle.refuse(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW, reason="   ")
        lifecycle.refuse(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW,
                         reason="Không thuộc thẩm quyền của xã")
        assert dossier.status == Status.REFUSED and dossier.finished_at == NOW
        other = received_dossier(s, sid, MARITAL)
        with pytest.raises(DomainError) as caught:
            lifecycle.refuse(s, sid, other.id, actor=Actor.playing(DESK), now=NOW, reason="Muộn")
        assert str(caught.value) == "Hồ sơ đang ở trạng thái “Được tiếp nhận”, không thể từ chối tiếp nhận."


def test_only_the_official_holding_the_step_can_move_it_and_the_head_can_send_it_back(db):
    factory, sid = db
    with factory.begin() as s:
        dossier = in_process(s, sid)
        with pytest.raises(DomainError) as caught:
            lifecycle.approve_step(s, sid, dossier.id, actor=Actor.playing(HEAD), now=NOW)
        assert caught.value.key == "errors.sandbox.not_your_step"
        with pytest.raises(DomainError):
            lifecycle.sign(s, sid, dossier.id, actor=Actor.playing(LEAD), now=NOW)
        lifecycle.approve_step(s, sid, dossier.id, actor=Actor.playing(SPEC), now=NOW)
        lifecycle.send_back_step(s, sid, dossier.id, actor=Actor.playing(HEAD), now=NOW, reason="Thiếu căn cứ")
        assert dossier.step == SPEC and dossier.status == Status.IN_PROCESS


def test_a_financial_obligation_moves_to_6_and_back_to_4_when_paid(db):
    factory, sid = db
    with factory.begin() as s:
        dossier = in_process(s, sid)
        lifecycle.request_payment(s, sid, dossier.id, actor=Actor.playing(SPEC), now=NOW, amount=150_000,
                                  note="Thuế")
        assert dossier.status == Status.PAYMENT
        portal.pay_obligation(s, sid, dossier.id, actor=Actor.playing("citizen"), now=NOW)
        assert dossier.status == Status.IN_PROCESS
        payment = s.scalar(select(Payment).where(Payment.dossier_id == dossier.id, Payment.kind == "obligation"))
        assert payment.amount == 150_000 and payment.paid_at == NOW and payment.method == "online"


def test_a_withdrawal_request_is_then_stopped_with_a_reason(db):
    factory, sid = db
    with factory.begin() as s:
        dossier = in_process(s, sid)
        portal.request_withdrawal(s, sid, dossier.id, actor=Actor.playing("citizen"), now=NOW,
                                  reason="Không còn nhu cầu")
        assert dossier.status == Status.WITHDRAWAL and dossier.withdraw_from == Status.IN_PROCESS
        lifecycle.stop_processing(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW,
                                  reason="Công dân rút hồ sơ")
        assert dossier.status == Status.STOPPED and dossier.finished_at == NOW


def test_a_result_can_be_recalled_for_correction(db):
    factory, sid = db
    with factory.begin() as s:
        dossier = signed(s, sid)
        lifecycle.recall(s, sid, dossier.id, actor=Actor.playing(LEAD), now=NOW, reason="Sai ngày sinh")
        assert dossier.status == Status.IN_PROCESS and dossier.step == SPEC


def test_an_apology_is_accepted_before_the_deadline_and_refused_after_it(db):
    factory, sid = db
    with factory.begin() as s:
        dossier = in_process(s, sid)  # due Thursday 5 March 16:30
        new_date = datetime(2026, 3, 10, 16, 30)
        lifecycle.issue_apology(s, sid, dossier.id, actor=Actor.playing(SPEC), now=datetime(2026, 3, 5, 10, 0),
                                new_appointment_at=new_date, reason="Cần xác minh thêm")
        assert dossier.new_appointment_at == new_date
        late = in_process(s, sid)
        with pytest.raises(DomainError) as caught:
            lifecycle.issue_apology(s, sid, late.id, actor=Actor.playing(SPEC), now=datetime(2026, 3, 6, 8, 0),
                                    new_appointment_at=new_date, reason="Quá hạn")
        assert caught.value.key == "errors.sandbox.apology_too_late"
        with pytest.raises(DomainError) as caught:
            lifecycle.issue_apology(s, sid, late.id, actor=Actor.playing(SPEC), now=NOW,
                                    new_appointment_at=datetime(2026, 3, 4, 16, 30), reason="x")
        assert caught.value.key == "errors.sandbox.apology_date_not_later"


def test_a_walk_in_dossier_is_digitised_at_the_desk_then_received_with_a_code(db):
    factory, sid = db
    with factory.begin() as s:
        dossier = lifecycle.start_walk_in(s, sid, citizen_id=first_citizen(s, sid), procedure_code=RESIDENCE,
                                          actor=Actor.playing(DESK), now=NOW)
        with pytest.raises(DomainError):
            lifecycle.receive_walk_in(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW)
        assert dossier.code is None
        for doc_id in ("residence_declaration", "lawful_home_proof"):
            lifecycle.digitise_document(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW, doc_id=doc_id,
                                        filename="scan.pdf", content=b"%PDF-1.7 scan")
        lifecycle.collect_fee(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW)
        lifecycle.receive_walk_in(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW)
        assert dossier.status == Status.RECEIVED and CODE_RE.match(dossier.code)
        assert dossier.appointment_at == datetime(2026, 3, 11, 16, 30)  # 7 working days


def test_a_late_dossier_becomes_late_when_the_sandbox_clock_passes_its_due_date(db):
    factory, sid = db
    with factory.begin() as s:
        dossier = in_process(s, sid, now=sandbox_now(s, sid))
        assert not is_late(dossier, sandbox_now(s, sid))
        advance_clock(s, sid, working_days=4)
        assert sandbox_now(s, sid) == datetime(2026, 3, 6, 9, 0)
        assert is_late(dossier, sandbox_now(s, sid))


def test_a_walk_in_fee_is_collected_at_the_desk_with_its_event_and_receipt_before_reception(db):
    factory, sid = db
    with factory.begin() as s:
        dossier = lifecycle.start_walk_in(s, sid, citizen_id=first_citizen(s, sid), procedure_code=RESIDENCE,
                                          actor=Actor.playing(DESK), now=NOW)
        assert dossier.fee_amount == 20_000  # the desk rate of 1.004222
        upload_all(s, sid, dossier, ["residence_declaration", "lawful_home_proof"], role=DESK)
        with pytest.raises(DomainError) as caught:
            lifecycle.receive_walk_in(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW)
        assert caught.value.key == "errors.sandbox.fee_not_collected" and "20.000 ₫" in str(caught.value)
        payment = lifecycle.collect_fee(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW, paid_by="cash")
        with pytest.raises(DomainError) as caught:
            lifecycle.collect_fee(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW)
        assert caught.value.key == "errors.sandbox.already_paid"
        lifecycle.receive_walk_in(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW)
        paid = s.scalars(select(Payment).where(Payment.dossier_id == dossier.id)).all()
        assert [(p.kind, p.amount, p.method, p.note) for p in paid] == [("fee", 20_000, "desk", "cash")]
        assert payment.reference.startswith("BL-") and dossier.fee_paid
        collected = s.scalar(select(Event).where(Event.action == "dossier.fee_collected"))
        assert collected.data == {**collected.data, "amount": 20_000, "paid_by": "cash", "reference": payment.reference}
        forms = s.scalars(select(SlipIssued.form).where(SlipIssued.dossier_id == dossier.id)).all()
        assert sorted(forms) == ["01", "BL"]
        from trainer.sandbox.slipdata import fee_receipt

        receipt = fee_receipt(s, sid, dossier.id)
        assert (receipt.amount, receipt.paid_by, receipt.reference) == (20_000, "cash", payment.reference)


def test_a_supplement_asked_after_the_eight_working_hours_is_flagged_as_a_late_reception(db):
    factory, sid = db
    with factory.begin() as s:
        dossier = online_dossier(s, sid, RESIDENCE, complete=False)
        lifecycle.request_supplement(s, sid, dossier.id, actor=Actor.playing(DESK), now=datetime(2026, 3, 3,
                                                                                                 10, 0),
                                     missing=["lawful_home_proof"])
        asked = s.scalar(select(Event).where(Event.action == "dossier.supplement_requested"))
        assert asked.data["late_reception"] is True and asked.data["reception_hours_left"] == -1.0  # 9 office hours since Monday 09:00


def test_a_certified_copy_is_charged_by_the_pages_counted_at_the_desk(db):
    factory, sid = db
    with factory.begin() as s:
        citizen = first_citizen(s, sid)
        five = lifecycle.start_walk_in(s, sid, citizen_id=citizen, procedure_code="2.000815",
                                       actor=Actor.playing(DESK),
                                       now=NOW, pages=5)
        assert five.fee_amount == 2 * 2000 + 3 * 1000
        huge = lifecycle.start_walk_in(s, sid, citizen_id=citizen, procedure_code="2.000815",
                                       actor=Actor.playing(DESK),
                                       now=NOW, pages=900)
        assert huge.fee_amount == 200_000  # the cap per copy
        with pytest.raises(DomainError):
            lifecycle.start_walk_in(s, sid, citizen_id=citizen, procedure_code="2.000815",
                                    actor=Actor.playing(DESK),
                                    now=NOW, pages=0)


def test_one_supplement_request_must_list_every_missing_mandatory_document(db):
    factory, sid = db
    with factory.begin() as s:
        dossier = lifecycle.start_walk_in(s, sid, citizen_id=first_citizen(s, sid), procedure_code=RESIDENCE,
                                          actor=Actor.playing(DESK), now=NOW)
        with pytest.raises(DomainError) as caught:
            lifecycle.request_supplement(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW,
                                         missing=["lawful_home_proof"])
        assert caught.value.key == "errors.sandbox.supplement_must_list_all"
        assert "Tờ khai thay đổi thông tin cư trú (CT01)" in str(caught.value)
        lifecycle.request_supplement(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW,
                                     missing=["residence_declaration", "lawful_home_proof", "owner_consent"])
        assert dossier.status == Status.SUPPLEMENT
