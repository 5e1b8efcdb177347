"""Citizen services of the practice portal: e-form, documents, delivery, payment, submission, tracking, rating."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.sandbox.helpers import (
    BIRTH,
    MARITAL,
    MARRIAGE,
    NOW,
    PDF,
    PNG,
    RESIDENCE,
    first_citizen,
    new_sandbox,
    signed,
    stored,
    upload_all,
)
from trainer.actor import Actor
from trainer.db.engine import get_session_factory
from trainer.db.events import Event
from trainer.errors import DomainError
from trainer.sandbox import documents, lifecycle, portal
from trainer.sandbox.models import Payment, Upload
from trainer.sandbox.transitions import Status


@pytest.fixture
def ctx(db_url):
    factory = get_session_factory(db_url)
    with factory.begin() as session:
        sandbox_id = new_sandbox(session, households=6)
    return factory, sandbox_id


def draft(session, sandbox_id, code=BIRTH, citizen_id=None):
    return portal.start_online_dossier(session, sandbox_id, citizen_id=citizen_id or first_citizen(session, sandbox_id),
                                       procedure_code=code, actor=Actor.playing("citizen"), now=NOW)


def test_signing_in_with_vneid_is_logged_and_the_form_is_prefilled_from_the_person(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        citizen = portal.sign_in_vneid(s, sid, first_citizen(s, sid), actor=Actor.playing("citizen"), now=NOW)
        form = portal.prefill_form(s, sid, citizen.id, BIRTH)
        assert form["full_name"] == citizen.full_name and form["national_id"] == citizen.national_id
        assert s.scalar(select(Event.action).where(Event.sandbox_id == sid, Event.entity == "citizen")) == \
            "citizen.signed_in"
        dossier = draft(s, sid, citizen_id=citizen.id)
        from tests.sandbox.helpers import valid_form

        portal.save_form(s, sid, dossier.id, form=valid_form(s, dossier, child_name="Hoàng Minh Anh"),
                         actor=Actor.playing("citizen"), now=NOW)
        assert dossier.form_data["child_name"] == "Hoàng Minh Anh" and dossier.form_data["address"] == citizen.address


@pytest.mark.parametrize(("filename", "content", "key"), [
    ("scan.exe", PDF, "upload_type"),
    ("scan.pdf", b"", "upload_empty"),
    ("scan.png", PDF, "upload_not_matching"),
    ("scan.pdf", b"%PDF-" + b"0" * 2048, "upload_too_big"),
])
def test_uploads_are_checked_for_type_content_and_size(ctx, filename, content, key):
    factory, sid = ctx
    with factory.begin() as s:
        dossier = draft(s, sid)
        with pytest.raises(DomainError) as caught:
            documents.upload_document(s, sid, dossier.id, doc_id="birth_declaration", filename=filename,
                                      content=content, actor=Actor.playing("citizen"), now=NOW, limit_bytes=1024)
        assert caught.value.key == f"errors.sandbox.{key}"


def test_an_accepted_upload_is_stored_inside_the_sandbox(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        dossier = draft(s, sid)
        row = documents.upload_document(s, sid, dossier.id, doc_id="birth_declaration", filename="../../tờ khai.png",
                                        content=PNG, actor=Actor.playing("citizen"), now=NOW)
        name, mime, content = documents.upload_content(s, sid, row.upload_id)
        assert (name, mime, content) == ("tờ khai.png", "image/png", PNG)
        assert s.get(Upload, row.upload_id).sandbox_id == sid


def test_a_document_is_reused_from_the_data_store_only_for_its_own_kind(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        notice = stored(s, sid, "birth_notice")
        dossier = draft(s, sid, citizen_id=notice.citizen_id)
        with pytest.raises(DomainError) as caught:
            documents.attach_from_store(s, sid, dossier.id, stored_document_id=notice.id, doc_id="birth_declaration",
                                        actor=Actor.playing("citizen"), now=NOW)
        assert caught.value.key == "errors.sandbox.store_type_mismatch"
        documents.attach_from_store(s, sid, dossier.id, stored_document_id=notice.id, doc_id="birth_notice",
                                    actor=Actor.playing("citizen"), now=NOW)
        assert documents.attached_ids(s, dossier) == ["birth_notice"]


def test_delivery_choices_follow_the_procedure(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        marriage = portal.start_online_dossier(s, sid, citizen_id=first_citizen(s, sid), procedure_code=MARRIAGE,
                                               actor=Actor.playing("citizen"), now=NOW)
        with pytest.raises(DomainError) as caught:
            portal.choose_delivery(s, sid, marriage.id, delivery="post", actor=Actor.playing("citizen"), now=NOW)
        assert caught.value.key == "errors.sandbox.post_not_allowed"
        with pytest.raises(DomainError):
            portal.choose_delivery(s, sid, marriage.id, delivery="electronic", actor=Actor.playing("citizen"),
                                   now=NOW)
        birth = draft(s, sid)
        portal.choose_delivery(s, sid, birth.id, delivery="post", actor=Actor.playing("citizen"), now=NOW,
                               address="Thôn Nà Phai")
        assert birth.delivery == "post" and birth.form_data["delivery_address"] == "Thôn Nà Phai"


def test_a_level_4_procedure_with_a_fee_is_paid_online_before_submission(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        dossier = draft(s, sid, code=RESIDENCE)
        assert dossier.fee_amount == 10_000  # the online rate of 1.004222
        upload_all(s, sid, dossier, ["residence_declaration", "lawful_home_proof"])
        with pytest.raises(DomainError) as caught:
            portal.submit_online(s, sid, dossier.id, actor=Actor.playing("citizen"), now=NOW)
        assert caught.value.key == "errors.sandbox.fee_unpaid"
        payment = portal.pay_online(s, sid, dossier.id, actor=Actor.playing("citizen"), now=NOW)
        assert payment.amount == 10_000 and payment.reference and dossier.fee_paid
        with pytest.raises(DomainError):
            portal.pay_online(s, sid, dossier.id, actor=Actor.playing("citizen"), now=NOW)
        portal.submit_online(s, sid, dossier.id, actor=Actor.playing("citizen"), now=NOW)
        assert dossier.status == Status.SUBMITTED and dossier.code
        free = draft(s, sid)
        with pytest.raises(DomainError) as caught:
            portal.pay_online(s, sid, free.id, actor=Actor.playing("citizen"), now=NOW)
        assert caught.value.key == "errors.sandbox.nothing_to_pay"


def test_a_level_2_procedure_cannot_be_started_online_and_an_empty_dossier_cannot_be_submitted(ctx):
    factory, sid = ctx
    from trainer.world.procedures import load_catalogue

    level_two = next(p.code for p in load_catalogue().all() if p.online.legacy_level == 2)
    with factory.begin() as s:
        with pytest.raises(DomainError) as caught:
            draft(s, sid, code=level_two)
        assert caught.value.key == "errors.sandbox.not_online"
        with pytest.raises(DomainError) as caught:
            portal.submit_online(s, sid, draft(s, sid).id, actor=Actor.playing("citizen"), now=NOW)
        assert caught.value.key == "errors.sandbox.no_documents"


def test_tracking_shows_status_dates_and_the_whole_timeline(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        dossier = signed(s, sid, MARITAL)
        view = portal.track(s, sid, dossier.code, NOW)
        assert view.status == Status.DONE and view.procedure_name == "Cấp Giấy xác nhận tình trạng hôn nhân"
        assert view.appointment_at == dossier.appointment_at and view.late is False
        actions = [e.action for e in view.timeline]
        assert actions[0] == "dossier.drafted" and actions[-1] == "dossier.signed"
        assert "dossier.received" in actions
        assert portal.my_dossiers(s, sid, dossier.citizen_id)[0].id == dossier.id


def test_an_electronic_result_is_downloaded_once_returned_and_rated_once(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        dossier = signed(s, sid, MARITAL)
        with pytest.raises(DomainError) as caught:
            portal.download_result(s, sid, dossier.id, actor=Actor.playing("citizen"), now=NOW)
        assert caught.value.key == "errors.sandbox.not_electronic"
        with pytest.raises(DomainError):
            portal.rate_satisfaction(s, sid, dossier.id, score=5, actor=Actor.playing("citizen"), now=NOW)
        dossier.delivery = "electronic"
        result = portal.download_result(s, sid, dossier.id, actor=Actor.playing("citizen"), now=NOW)
        assert dossier.status == Status.RETURNED
        text = result.content.decode("utf-8")
        assert "BẢN THỰC HÀNH" in text and dossier.code in text
        assert portal.download_result(s, sid, dossier.id, actor=Actor.playing("citizen"),
                                      now=NOW).content == result.content
        with pytest.raises(DomainError):
            portal.rate_satisfaction(s, sid, dossier.id, score=9, actor=Actor.playing("citizen"), now=NOW)
        portal.rate_satisfaction(s, sid, dossier.id, score=4, comment="Nhanh", actor=Actor.playing("citizen"),
                                 now=NOW)
        with pytest.raises(DomainError) as caught:
            portal.rate_satisfaction(s, sid, dossier.id, score=5, actor=Actor.playing("citizen"), now=NOW)
        assert caught.value.key == "errors.sandbox.already_rated"


def test_the_desk_can_answer_a_supplement_for_a_citizen_at_the_counter(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        dossier = draft(s, sid, code=RESIDENCE)
        upload_all(s, sid, dossier, ["residence_declaration"])
        portal.pay_online(s, sid, dossier.id, actor=Actor.playing("citizen"), now=NOW)
        portal.submit_online(s, sid, dossier.id, actor=Actor.playing("citizen"), now=NOW)
        lifecycle.request_supplement(s, sid, dossier.id, actor=Actor.playing("desk_officer"), now=NOW,
                                     missing=["lawful_home_proof"])
        lifecycle.digitise_document(s, sid, dossier.id, actor=Actor.playing("desk_officer"), now=NOW, doc_id="lawful_home_proof")
        portal.answer_supplement(s, sid, dossier.id, now=NOW, actor=Actor.playing("desk_officer"))
        assert dossier.status == Status.SUBMITTED  # back in the desk's inbox, to be checked again
        lifecycle.receive_online(s, sid, dossier.id, actor=Actor.playing("desk_officer"), now=NOW)
        assert dossier.status == Status.RECEIVED
        assert s.scalar(select(Payment.method).where(Payment.dossier_id == dossier.id)) == "online"


def test_a_signed_in_citizen_cannot_act_on_a_neighbours_dossier(ctx):
    factory, sid = ctx
    from trainer.errors import NotFound
    from trainer.sandbox.sandboxes import citizens

    with factory.begin() as s:
        me, neighbour = (c.id for c in citizens(s, sid)[:2])
        theirs = draft(s, sid, citizen_id=neighbour)
        upload_all(s, sid, theirs, ["birth_declaration"])
        with pytest.raises(NotFound):
            portal.submit_online(s, sid, theirs.id, actor=Actor.playing("citizen"), now=NOW, citizen_id=me)
        with pytest.raises(NotFound):
            portal.choose_delivery(s, sid, theirs.id, delivery="post", actor=Actor.playing("citizen"), now=NOW,
                                   citizen_id=me)
        portal.submit_online(s, sid, theirs.id, actor=Actor.playing("citizen"), now=NOW, citizen_id=neighbour)
        assert theirs.status == Status.SUBMITTED
