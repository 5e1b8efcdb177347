"""Text people type never breaks a database: NUL bytes and other control characters are dropped on the way in,
on SQLite and PostgreSQL (PostgreSQL refused a NUL with DataError)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.sandbox.helpers import MARITAL, NOW, PDF, first_citizen, new_sandbox, online_dossier
from trainer.db.engine import get_session_factory
from trainer.db.events import Event
from trainer.errors import NotFound
from trainer.sandbox import codes, documents, lifecycle, portal
from trainer.sandbox.models import Dossier, Upload

HOSTILE = "Thiếu\x00 giấy\x07 tờ\x1b[31m\r\ncần bổ sung\ud800"


@pytest.fixture
def sandbox(db_url):
    factory = get_session_factory(db_url)
    with factory.begin() as session:
        return factory, new_sandbox(session, households=2)


def test_a_refusal_reason_with_control_characters_is_stored_without_them(sandbox):
    factory, sid = sandbox
    with factory.begin() as session:
        dossier_id = online_dossier(session, sid).id
        lifecycle.refuse(session, sid, dossier_id, actor_role="desk_officer", now=NOW, reason=HOSTILE)
    with factory() as session:
        dossier = session.get(Dossier, dossier_id)
        refused = session.scalars(select(Event).where(Event.action == "dossier.refused")).one()
        assert dossier.reason == "Thiếu giấy tờ[31m cần bổ sung"  # reasons are one line (clean_reason)
        assert refused.note == dossier.reason and refused.data["reason"] == dossier.reason


def test_an_upload_whose_name_holds_a_nul_byte_is_stored_under_the_name_without_it(sandbox):
    factory, sid = sandbox
    with factory.begin() as session:
        draft = portal.start_online_dossier(session, sid, citizen_id=first_citizen(session, sid),
                                            procedure_code=MARITAL, now=NOW)
        row = documents.upload_document(session, sid, draft.id, doc_id="marital_status_declaration",
                                        filename="to\x00khai\x01.pdf", content=PDF, actor_role="citizen", now=NOW)
        upload_id = row.upload_id
    with factory() as session:
        assert session.get(Upload, upload_id).filename == "tokhai.pdf"


def test_form_values_and_their_events_keep_no_control_characters(sandbox):
    factory, sid = sandbox
    with factory.begin() as session:
        draft = portal.start_online_dossier(session, sid, citizen_id=first_citizen(session, sid),
                                            procedure_code=MARITAL, now=NOW, form={"purpose\x00": "Kết\x00 hôn\r\n"})
        dossier_id = draft.id
    with factory() as session:
        form = session.get(Dossier, dossier_id).form_data
        assert form["purpose"] == "Kết hôn"  # values are trimmed (clean_form); the key lost its NUL too
        assert all("\x00" not in str(e.data) for e in session.scalars(select(Event)))


def test_a_dossier_code_typed_with_a_nul_byte_is_looked_up_not_crashed_on(sandbox):
    factory, sid = sandbox
    with factory.begin() as session:
        code = online_dossier(session, sid).code
    with factory() as session:
        assert codes.find_by_code(session, sid, code[:5] + "\x00" + code[5:]).code == code
        with pytest.raises(NotFound):
            codes.find_by_code(session, sid, "\x00")
