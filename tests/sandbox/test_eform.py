"""The portal's e-form: online the saved tờ khai is the declaration document, and one save keeps all or nothing."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.sandbox.helpers import (
    BIRTH,
    MARITAL,
    MARRIAGE,
    NOW,
    PDF,
    RESIDENCE,
    first_citizen,
    new_sandbox,
    stored,
    valid_form,
)
from trainer.actor import Actor
from trainer.db.engine import get_session_factory
from trainer.db.events import Event
from trainer.errors import DomainError, NotFound
from trainer.sandbox import documents, eform, lifecycle, portal, reference, slipdata
from trainer.sandbox.models import DossierDocument, Upload
from trainer.sandbox.sandboxes import citizens
from trainer.sandbox.transitions import Status
from trainer.world.procedures import load_catalogue


@pytest.fixture
def ctx(db_url):
    factory = get_session_factory(db_url)
    with factory.begin() as session:
        sandbox_id = new_sandbox(session, households=6)
    return factory, sandbox_id


def draft(session, sandbox_id, code=BIRTH, citizen_id=None):
    return portal.start_online_dossier(session, sandbox_id, citizen_id=citizen_id or first_citizen(session, sandbox_id),
                                       procedure_code=code, actor=Actor.playing("citizen"), now=NOW)


def sources(session, dossier):
    return {d.doc_id: d.source for d in documents.dossier_documents(session, dossier.sandbox_id, dossier.id)}


def events(session, sandbox_id):
    return list(session.scalars(select(Event.action).where(Event.sandbox_id == sandbox_id, Event.entity == "dossier")
                                .order_by(Event.id)))


def test_every_procedure_that_can_be_submitted_online_has_a_mandatory_declaration_to_fill_in():
    for proc in load_catalogue().all():
        if reference.online_submission(proc.code):
            declared = reference.declaration_ids(proc.code)
            assert declared, proc.code
            assert set(declared) <= set(reference.mandatory_ids(proc.code)), proc.code


def test_a_saved_online_e_form_is_the_declaration_so_the_desk_finds_the_dossier_complete(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        dossier = draft(s, sid, code=MARITAL)
        assert lifecycle.check_completeness(s, sid, dossier.id) == ["marital_status_declaration"]
        portal.save_form(s, sid, dossier.id, form=valid_form(s, dossier, purpose="Kết hôn"),
                         actor=Actor.playing("citizen"), now=NOW)
        portal.save_form(s, sid, dossier.id, form={"purpose": "Kết hôn lần 2"}, actor=Actor.playing("citizen"),
                         now=NOW)  # once, not twice
        assert sources(s, dossier) == {"marital_status_declaration": "eform"}
        assert lifecycle.check_completeness(s, sid, dossier.id) == []
        portal.pay_online(s, sid, dossier.id, actor=Actor.playing("citizen"), now=NOW)
        portal.submit_online(s, sid, dossier.id, actor=Actor.playing("citizen"), now=NOW)
        lifecycle.receive_online(s, sid, dossier.id, actor=Actor.playing("desk_officer"), now=NOW)
        assert dossier.status == Status.RECEIVED
        receipt = slipdata.receipt_slip(s, sid, dossier.id)
        assert receipt.documents == ["Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (tờ khai điện tử)"]


def test_the_e_form_stands_only_for_the_declaration_other_papers_are_still_needed(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        dossier = draft(s, sid, code=RESIDENCE)
        portal.save_form(s, sid, dossier.id, form=valid_form(s, dossier), actor=Actor.playing("citizen"), now=NOW)
        assert lifecycle.check_completeness(s, sid, dossier.id) == ["lawful_home_proof"]


def test_a_paper_dossier_keeps_needing_its_signed_paper_declaration(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        walk_in = documents.create_draft(s, sid, citizen_id=first_citizen(s, sid), procedure_code=MARITAL,
                                         channel="walk_in", actor=Actor.playing("desk_officer"), now=NOW)
        portal.save_form(s, sid, walk_in.id, form={"purpose": "Kết hôn"}, actor=Actor.playing("desk_officer"),
                         now=NOW)
        assert lifecycle.check_completeness(s, sid, walk_in.id) == ["marital_status_declaration"]


def test_a_declaration_uploaded_as_a_file_is_not_doubled_by_the_e_form(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        dossier = draft(s, sid)
        eform.save_online_form(s, sid, dossier.id, citizen_id=dossier.citizen_id, form=valid_form(s, dossier),
                               documents=[{"mode": "upload", "doc_id": "birth_declaration", "filename": "tk.pdf",
                                           "content": PDF}], delivery="desk", actor=Actor.playing("citizen"), now=NOW)
        rows = s.scalars(select(DossierDocument.source).where(DossierDocument.dossier_id == dossier.id)).all()
        assert rows == ["upload"]


def test_one_save_keeps_the_form_documents_and_delivery_and_writes_their_events(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        notice = stored(s, sid, "birth_notice")
        dossier = draft(s, sid, citizen_id=notice.citizen_id)
        before = len(events(s, sid))
        portal.save_online_form(
            s, sid, dossier.id, citizen_id=notice.citizen_id, form=valid_form(s, dossier, child_name=" Hoàng Minh Anh "),
            documents=[{"mode": "store", "doc_id": "birth_notice", "stored_id": notice.id},
                       {"mode": "upload", "doc_id": "witness_statement", "filename": "../nhan-chung.pdf",
                        "content": PDF},
                       {"mode": "skip", "doc_id": "commitment_letter"}],
            delivery="post", address="Thôn Nà Phai", actor=Actor.playing("citizen"), now=NOW, limit_bytes=1024,
        )
        assert dossier.form_data["child_name"] == "Hoàng Minh Anh"
        assert dossier.delivery == "post" and dossier.form_data["delivery_address"] == "Thôn Nà Phai"
        assert sources(s, dossier) == {"birth_notice": "store", "witness_statement": "upload",
                                       "birth_declaration": "eform"}
        assert s.scalar(select(Upload.filename).where(Upload.sandbox_id == sid)) == "nhan-chung.pdf"
        assert events(s, sid)[before:] == ["dossier.document_added"] * 3 + ["dossier.form_saved",
                                                                          "dossier.delivery_chosen"]
        assert lifecycle.check_completeness(s, sid, dossier.id) == []


BAD_SAVES = {
    "upload_not_matching": {"documents": [{"mode": "upload", "doc_id": "witness_statement", "filename": "a.png",
                                           "content": PDF}]},
    "upload_too_big": {"documents": [{"mode": "upload", "doc_id": "witness_statement", "filename": "a.pdf",
                                      "content": PDF + b"0" * 2048}]},
    "store_type_mismatch": {"documents": [{"mode": "store", "doc_id": "witness_statement", "stored_id": "NOTICE"}]},
    "unknown_document": {"documents": [{"mode": "upload", "doc_id": "passport_copy", "filename": "a.pdf",
                                        "content": PDF}]},
    "bad_attach_mode": {"documents": [{"mode": "fax", "doc_id": "witness_statement"}]},
    "bad_delivery": {"delivery": "drone"},
    "text_too_long": {"form": {"child_name": "A" * 501}},
    "invalid": {"form": {"child_date_of_birth": "03/03/2026"}},  # after the registration date
}


@pytest.mark.parametrize("reason", sorted(BAD_SAVES))
def test_a_bad_part_of_the_e_form_saves_nothing_at_all(ctx, reason):
    factory, sid = ctx
    with factory.begin() as s:
        notice = stored(s, sid, "birth_notice")
        dossier = draft(s, sid, citizen_id=notice.citizen_id)
        form_before, before = dict(dossier.form_data), len(events(s, sid))
        good = {"form": valid_form(s, dossier), "delivery": "post",
                "documents": [{"mode": "store", "doc_id": "birth_notice", "stored_id": notice.id}]}
        change = BAD_SAVES[reason]
        extra = [{**d, "stored_id": notice.id} if d.get("stored_id") == "NOTICE" else d
                 for d in change.get("documents", [])]
        bad = {**good, **change, "documents": good["documents"] + extra}  # the good parts come first
        if "form" in change:
            bad["form"] = {**good["form"], **change["form"]}
        with pytest.raises(DomainError) as caught:
            eform.save_online_form(s, sid, dossier.id, citizen_id=notice.citizen_id, address="Thôn Nà Phai",
                                   actor=Actor.playing("citizen"), now=NOW, limit_bytes=1024, **bad)
        assert caught.value.key == ("errors.eforms.invalid" if reason == "invalid" else f"errors.sandbox.{reason}")
        assert dossier.form_data == form_before and dossier.delivery == "desk"
        assert sources(s, dossier) == {} and len(events(s, sid)) == before
        assert s.scalar(select(func.count()).select_from(Upload).where(Upload.sandbox_id == sid)) == 0


def test_the_e_form_of_a_neighbour_or_by_an_official_or_after_submission_is_refused(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        me, neighbour = (c.id for c in citizens(s, sid)[:2])
        theirs = draft(s, sid, citizen_id=neighbour)
        args = {"form": valid_form(s, theirs), "documents": [], "delivery": "desk", "now": NOW,
                "actor": Actor.playing("citizen")}
        with pytest.raises(NotFound):
            eform.save_online_form(s, sid, theirs.id, citizen_id=me, **args)
        with pytest.raises(DomainError) as caught:
            eform.save_online_form(s, sid, theirs.id, citizen_id=None, **{**args,
                                                                          "actor": Actor.playing("desk_officer")})
        assert caught.value.key == "errors.sandbox.role_forbidden"
        eform.save_online_form(s, sid, theirs.id, citizen_id=neighbour, **args)
        portal.submit_online(s, sid, theirs.id, actor=Actor.playing("citizen"), now=NOW, citizen_id=neighbour)
        with pytest.raises(DomainError) as caught:
            eform.save_online_form(s, sid, theirs.id, citizen_id=neighbour, **args)
        assert caught.value.key == "errors.sandbox.not_editable"
        marriage = draft(s, sid, code=MARRIAGE, citizen_id=me)
        with pytest.raises(DomainError) as caught:
            eform.save_online_form(s, sid, marriage.id, citizen_id=me,
                                   **{**args, "form": valid_form(s, marriage), "delivery": "post"})
        assert caught.value.key == "errors.sandbox.post_not_allowed"


def test_the_easy_mode_saves_one_document_without_touching_the_form_or_delivery(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        dossier = draft(s, sid)
        eform.save_online_form(s, sid, dossier.id, citizen_id=dossier.citizen_id, form=None, delivery=None,
                               documents=[{"mode": "upload", "doc_id": "witness_statement", "filename": "a.pdf",
                                           "content": PDF}], actor=Actor.playing("citizen"), now=NOW)
        assert sources(s, dossier) == {"witness_statement": "upload"} and dossier.delivery == "desk"
        assert "dossier.form_saved" not in events(s, sid)


def test_the_e_form_is_prefilled_with_the_birth_date_day_month_year(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        citizen = citizens(s, sid)[0]
        form = portal.prefill_form(s, sid, citizen.id, BIRTH)
        assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", form["date_of_birth"])
        assert form["date_of_birth"] == citizen.date_of_birth.strftime("%d/%m/%Y")


ONLINE_CODES = sorted(p.code for p in load_catalogue().all() if reference.online_submission(p.code))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.sampled_from(ONLINE_CODES), data=st.data())
def test_after_saving_the_e_form_only_the_mandatory_papers_not_uploaded_are_missing(sqlite_url, code, data):
    uploaded = data.draw(st.lists(st.sampled_from(reference.document_ids(code)), unique=True, max_size=4))
    factory = get_session_factory(sqlite_url)
    with factory.begin() as s:
        sid = new_sandbox(s, households=1)
        dossier = draft(s, sid, code=code)
        eform.save_online_form(s, sid, dossier.id, citizen_id=dossier.citizen_id, form=valid_form(s, dossier),
                               documents=[{"mode": "upload", "doc_id": d, "filename": f"{d}.pdf", "content": PDF}
                                          for d in uploaded], delivery=None, actor=Actor.playing("citizen"), now=NOW)
        expected = [d for d in reference.mandatory_ids(code)
                    if d not in uploaded and d not in reference.declaration_ids(code)]
        assert lifecycle.check_completeness(s, sid, dossier.id) == expected


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_desk_and_the_receipt_have_words_for_a_declaration_that_came_as_the_e_form(lang):
    from trainer.i18n import has

    assert has(f"desk.docs.source.{documents.EFORM}", lang) and has(f"sandbox.form.{documents.EFORM}", lang)
    assert has("portal.attach_eform", lang) and has("sandbox.verb.save_online_form", lang)


def _birth(s, sid):
    notice = stored(s, sid, "birth_notice")
    return draft(s, sid, citizen_id=notice.citizen_id)


@pytest.mark.parametrize(("change", "field"), [
    ({"child_date_of_birth": "03/03/2026"}, "child_date_of_birth"),  # after the registration date (NOW)
    ({"mother_national_id": "12345"}, "mother_national_id"),
    ({"child_name": ""}, "child_name"),
    ({"mother_address_unit": "00000"}, "mother_address"),  # not a commune of the sandbox's model
])
def test_a_wrong_birth_form_saves_nothing_and_names_the_field(ctx, change, field):
    factory, sid = ctx
    with factory.begin() as s:
        dossier = _birth(s, sid)
        before, count = dict(dossier.form_data), len(events(s, sid))
        with pytest.raises(eform.EFormInvalid) as caught:
            portal.save_form(s, sid, dossier.id, form=valid_form(s, dossier, **change),
                             actor=Actor.playing("citizen"), now=NOW)
        assert list(caught.value.fields) == [field]
        assert "Tờ khai còn 1 mục" in str(caught.value)
        assert dossier.form_data == before and len(events(s, sid)) == count and sources(s, dossier) == {}


def test_a_hidden_field_is_not_kept_and_dates_are_written_day_month_year(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        dossier = _birth(s, sid)
        form = valid_form(s, dossier, child_date_of_birth="1/3/2026", father_declared="no",
                          father_full_name="Không khai")
        portal.save_form(s, sid, dossier.id, form=form, actor=Actor.playing("citizen"), now=NOW)
        assert dossier.form_data["child_date_of_birth"] == "01/03/2026"
        assert "father_full_name" not in dossier.form_data


def test_the_declared_view_shows_choices_by_label_and_addresses_with_their_commune(ctx):
    from trainer.sandbox.declared import declared_view

    factory, sid = ctx
    with factory.begin() as s:
        dossier = _birth(s, sid)
        portal.save_form(s, sid, dossier.id, form=valid_form(s, dossier, child_gender="female", mother_address="Tổ 8"),
                         actor=Actor.playing("citizen"), now=NOW)
        view = declared_view(s, sid, dossier.id)
        rows = {r.name: r.text for sec in view.sections for r in sec.rows}
        assert rows["child_gender"] == "Nữ" and view.saved
        assert rows["mother_address"].startswith("Tổ 8, ") and "Tỉnh" in rows["mother_address"]
        assert [sec.id for sec in view.sections][:3] == ["requester", "relation", "child"]


def _pointed_birth(s, sid, wrong="12/05/1996"):
    """A birth registration submitted with a wrong child's birth date, and the desk's request pointing at it."""
    dossier = _birth(s, sid)
    portal.save_form(s, sid, dossier.id, form=valid_form(s, dossier, child_date_of_birth=wrong),
                     actor=Actor.playing("citizen"), now=NOW)
    portal.submit_online(s, sid, dossier.id, actor=Actor.playing("citizen"), now=NOW)
    lifecycle.request_supplement(s, sid, dossier.id, actor=Actor.playing("desk_officer"), now=NOW, missing=[],
                                 wrong_fields=["child_date_of_birth"])
    return dossier


def test_a_supplement_still_holding_the_value_the_desk_pointed_at_is_refused_next_to_that_field(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        dossier = _pointed_birth(s, sid)
        assert dossier.status == Status.SUPPLEMENT
        again = valid_form(s, dossier, child_date_of_birth="12/5/1996", child_name="Lò Văn Tú")  # same date
        with pytest.raises(eform.EFormInvalid) as caught:
            portal.save_form(s, sid, dossier.id, form=again, actor=Actor.playing("citizen"), now=NOW)
        assert list(caught.value.fields) == ["child_date_of_birth"]
        message = caught.value.fields["child_date_of_birth"].text("vi")
        assert message.startswith("Cán bộ tiếp nhận đã yêu cầu sửa mục này") and "12/05/1996" in message
        assert dossier.form_data["child_date_of_birth"] == "12/05/1996"  # nothing saved
        with pytest.raises(DomainError) as sent:  # sending without a correction is refused too
            portal.answer_supplement(s, sid, dossier.id, actor=Actor.playing("citizen"), now=NOW)
        assert sent.value.key == "errors.eforms.not_corrected"
        assert "Ngày, tháng, năm sinh của trẻ" in str(sent.value)
        assert dossier.status == Status.SUPPLEMENT
        from trainer.sandbox.declared import declared_view

        assert declared_view(s, sid, dossier.id).corrections == ()  # nothing to check until it comes back


def test_a_corrected_field_is_saved_and_the_supplement_goes_back_to_the_desk(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        dossier = _pointed_birth(s, sid)
        notice = stored(s, sid, "birth_notice")
        right = notice.data["child_date_of_birth"]
        portal.save_form(s, sid, dossier.id, form=valid_form(s, dossier, child_date_of_birth=right),
                         actor=Actor.playing("citizen"), now=NOW)
        portal.answer_supplement(s, sid, dossier.id, actor=Actor.playing("citizen"), now=NOW)
        assert dossier.form_data["child_date_of_birth"] == right and dossier.status == Status.SUBMITTED
        event = s.scalar(select(Event).where(Event.action == "dossier.supplement_requested",
                                             Event.sandbox_id == sid))
        assert event.data["wrong_values"] == {"child_date_of_birth": "12/05/1996"}
        from trainer.sandbox.declared import declared_view

        [fixed] = declared_view(s, sid, dossier.id).corrections  # the desk checks the correction on the paper
        assert (fixed.label, fixed.before, fixed.now) == ("Ngày, tháng, năm sinh của trẻ", "12/05/1996", right)


def test_a_pointed_address_counts_as_corrected_when_its_commune_changes():
    from trainer.eforms import for_procedure
    from trainer.sandbox.declared import not_corrected

    form = for_procedure(RESIDENCE)
    pointed = {"new_address": "Thôn Nà Phai", "new_address_unit": "01234"}
    same = {"residence_kind": "permanent", "new_address": " thôn nà phai ", "new_address_unit": "01234"}
    assert list(not_corrected(form, same, pointed)) == ["new_address"]
    assert not_corrected(form, {**same, "new_address_unit": "01237"}, pointed) == {}
