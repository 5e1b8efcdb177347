"""Text people type never breaks a database: NUL bytes and other control characters are dropped on the way in,
on SQLite and PostgreSQL (PostgreSQL refused a NUL with DataError)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.sandbox.helpers import MARITAL, NOW, PDF, first_citizen, new_sandbox, online_dossier
from trainer.actor import Actor
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
        lifecycle.refuse(session, sid, dossier_id, actor=Actor.playing("desk_officer"), now=NOW, reason=HOSTILE)
    with factory() as session:
        dossier = session.get(Dossier, dossier_id)
        refused = session.scalars(select(Event).where(Event.action == "dossier.refused")).one()
        assert dossier.reason == "Thiếu giấy tờ[31m cần bổ sung"  # reasons are one line (clean_reason)
        assert refused.note == dossier.reason and refused.data["reason"] == dossier.reason


def test_an_upload_whose_name_holds_a_nul_byte_is_stored_under_the_name_without_it(sandbox):
    factory, sid = sandbox
    with factory.begin() as session:
        draft = portal.start_online_dossier(session, sid, citizen_id=first_citizen(session, sid),
                                            procedure_code=MARITAL, actor=Actor.playing("citizen"), now=NOW)
        row = documents.upload_document(session, sid, draft.id, doc_id="marital_status_declaration",
                                        filename="to\x00khai\x01.pdf", content=PDF, actor=Actor.playing("citizen"), now=NOW)
        upload_id = row.upload_id
    with factory() as session:
        assert session.get(Upload, upload_id).filename == "tokhai.pdf"


def test_form_values_and_their_events_keep_no_control_characters(sandbox):
    factory, sid = sandbox
    with factory.begin() as session:
        draft = portal.start_online_dossier(session, sid, citizen_id=first_citizen(session, sid),
                                            procedure_code=MARITAL, actor=Actor.playing("citizen"), now=NOW,
                                            form={"purpose\x00": "Kết\x00 hôn\r\n"})
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


LONG = "Giấy xác nhận tình trạng hôn nhân " * 10 + ".pdf"  # 344 characters


def test_a_long_file_name_is_cut_to_the_limit_keeping_its_extension_so_the_file_is_accepted(sandbox):
    from trainer.sandbox.documents import FILENAME_MAX_CHARS, shortened_filename, stored_filename

    factory, sid = sandbox
    with factory.begin() as session:
        draft = portal.start_online_dossier(session, sid, citizen_id=first_citizen(session, sid),
                                            procedure_code=MARITAL, actor=Actor.playing("citizen"), now=NOW)
        portal.save_online_form(session, sid, draft.id, citizen_id=None, form=None, delivery=None, now=NOW,
                                actor=Actor.playing("citizen"),
                                documents=[{"mode": "upload", "doc_id": "marital_status_declaration",
                                            "filename": LONG, "content": PDF}])
        dossier_id = draft.id
    with factory() as session:
        [upload] = session.scalars(select(Upload).where(Upload.sandbox_id == sid)).all()
        added = session.scalars(select(Event).where(Event.action == "dossier.document_added",
                                                    Event.entity_id == f"draft-{dossier_id}")).all()
    assert len(upload.filename) == FILENAME_MAX_CHARS and upload.filename.endswith(".pdf")
    assert upload.filename == stored_filename(LONG) == shortened_filename(LONG)
    assert [e.data["filename_shortened"] for e in added if e.data.get("upload_id")] == [True]


def test_folders_in_a_file_name_are_dropped_and_a_short_name_is_not_called_shortened():
    from trainer.sandbox.documents import shortened_filename, stored_filename

    assert stored_filename("../../x.pdf") == stored_filename("..\\..\\x.pdf") == "x.pdf"
    assert shortened_filename("../../x.pdf") is None and shortened_filename("a" * 200 + ".pdf") is not None
    assert stored_filename("a" * 300 + ".thisisnotanextension").startswith("a" * 200)
