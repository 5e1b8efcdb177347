"""Dossier drafts and their documents: reused from the data store, uploaded (checked), or digitised.

Public API:
- `create_draft(session, sandbox_id, *, citizen_id, procedure_code, channel, actor, now) -> Dossier`.
- `attached_ids(session, dossier) -> list[str]`: procedure document ids already in the dossier.
- `add_document(session, dossier, *, doc_id, source, actor, now, ...) -> DossierDocument`.
- `check_upload(filename, content, limit_bytes) -> str`: the MIME type, or DomainError (type, size, empty).
- `stored_filename(filename) -> str`: the name an upload is kept under (last path part, at most
  FILENAME_MAX_CHARS, its extension kept); `shortened_filename(filename) -> str | None`: that name when it had
  to be cut (pages tell the citizen), else None.
- `check_document_id(dossier, doc_id)`, `check_store_choice(session, dossier, stored_document_id, doc_id)`:
  the checks of attaching, on their own (so a whole e-form can be checked before anything is saved).
- `add_declarations(session, dossier, *, actor, now) -> list[str]`: an online dossier's saved e-form is its
  declaration document(s) (document types with `declaration: true`), source `eform`.
- `store_documents(session, sandbox_id, citizen_id) -> list[StoredDocument]`: the citizen's data store.
- `dossier_documents(session, sandbox_id, dossier_id) -> list[DossierDocument]`.
- `upload_content(session, sandbox_id, upload_id) -> (filename, mime, bytes)`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.errors import DomainError, NotFound
from trainer.sandbox import reference
from trainer.sandbox.core import get_citizen, get_dossier, get_sandbox, log
from trainer.sandbox.models import Dossier, DossierDocument, StoredDocument, Upload
from trainer.sandbox.transitions import EDITABLE, Status

# Accepted upload types: extension → (MIME type, magic bytes at the start of the file)
UPLOAD_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}
FILENAME_MAX_CHARS = 200
CHANNELS = ("online", "walk_in", "post")
EFORM = "eform"  # source of a declaration filled in as the portal's e-form (tờ khai điện tử), not a file
MAX_PAGES = 1000  # pages of one paper to certify (a guard against typos; the fee is capped anyway)


def create_draft(
    session: Session,
    sandbox_id: int,
    *,
    citizen_id: int,
    procedure_code: str,
    channel: str,
    actor: Actor,
    now: datetime,
    pages: int | None = None,
) -> Dossier:
    """A new dossier in status 0 (draft); `pages` counts the pages of a per-page fee (certified copies)."""
    if channel not in CHANNELS:
        raise DomainError("errors.sandbox.bad_channel", channel=channel)
    if pages is not None and not 1 <= pages <= MAX_PAGES:
        raise DomainError("errors.sandbox.bad_pages", limit=MAX_PAGES)
    sandbox = get_sandbox(session, sandbox_id)
    citizen = get_citizen(session, sandbox_id, citizen_id)
    reference.procedure(procedure_code)  # unknown code → DomainError
    receiving = reference.receiving_agency_id(procedure_code, sandbox.unit_code, sandbox.admin_model)
    deciding = reference.deciding_agency_id(procedure_code, sandbox.unit_code, sandbox.admin_model)
    dossier = Dossier(
        sandbox_id=sandbox_id,
        procedure_code=procedure_code,
        citizen_id=citizen.id,
        status=Status.DRAFT,
        channel=channel,
        delivery="desk",
        receiving_agency_id=receiving,
        deciding_agency_id=deciding,
        current_agency_id=receiving,
        created_at=now,
        form_data={"pages": str(pages)} if pages else {},
        fee_amount=reference.fee(procedure_code, online=channel == "online", pages=pages),
    )
    session.add(dossier)
    session.flush()
    log(session, dossier, "dossier.drafted", actor=actor, now=now, data={"channel": channel})
    return dossier


def attached_ids(session: Session, dossier: Dossier) -> list[str]:
    """Procedure document ids attached to the dossier, without repeats."""
    rows = session.scalars(
        select(DossierDocument.doc_id)
        .where(DossierDocument.dossier_id == dossier.id)
        .order_by(DossierDocument.id)
    ).all()
    return list(dict.fromkeys(rows))


MAX_SUFFIX_CHARS = 10  # longer "extensions" are not extensions: cut like the rest of the name


def stored_filename(filename: str | None) -> str:
    """The last part of the name (no folders, either slash), cut to FILENAME_MAX_CHARS keeping its extension."""
    name = PurePath(str(filename or "").replace("\\", "/")).name or "scan.pdf"
    if len(name) <= FILENAME_MAX_CHARS:
        return name
    suffix = PurePath(name).suffix
    if len(suffix) > MAX_SUFFIX_CHARS:
        suffix = ""
    return name[: FILENAME_MAX_CHARS - len(suffix)] + suffix


def shortened_filename(filename: str | None) -> str | None:
    """The stored name when the given one was too long and had to be cut, else None."""
    base = PurePath(str(filename or "").replace("\\", "/")).name
    return stored_filename(filename) if len(base) > FILENAME_MAX_CHARS else None


def check_upload(filename: str, content: bytes, limit_bytes: int) -> str:
    """The MIME type of an accepted upload; DomainError for a wrong type, an empty or an oversized file."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in UPLOAD_TYPES:
        raise DomainError("errors.sandbox.upload_type", filename=filename)
    if not content:
        raise DomainError("errors.sandbox.upload_empty", filename=filename)
    if len(content) > limit_bytes:
        raise DomainError(
            "errors.sandbox.upload_too_big", filename=filename, limit_mb=round(limit_bytes / 1048576, 1)
        )
    mime, magics = UPLOAD_TYPES[suffix]
    if not any(content.startswith(magic) for magic in magics):
        raise DomainError("errors.sandbox.upload_not_matching", filename=filename)
    return mime


def add_document(
    session: Session,
    dossier: Dossier,
    *,
    doc_id: str,
    source: str,
    actor: Actor,
    now: datetime,
    stored: StoredDocument | None = None,
    filename: str | None = None,
    content: bytes | None = None,
    limit_bytes: int | None = None,
    log_event: bool = True,
) -> DossierDocument:
    """Attach one document to a dossier (an upload's bytes are kept in the sandbox's own table)."""
    upload_id = None
    label = stored.title if stored is not None else reference.document_name(dossier.procedure_code, doc_id)
    if content is not None:
        if limit_bytes is None:
            from trainer.settings import get_settings

            limit_bytes = get_settings().upload_limit_bytes
        name = stored_filename(filename)
        mime = check_upload(name, content, limit_bytes)
        upload = Upload(
            sandbox_id=dossier.sandbox_id,
            filename=name,
            mime=mime,
            size=len(content),
            content=content,
            uploaded_at=now,
        )
        session.add(upload)
        session.flush()
        upload_id = upload.id
        label = name
    row = DossierDocument(
        sandbox_id=dossier.sandbox_id,
        dossier_id=dossier.id,
        doc_id=doc_id,
        source=source,
        stored_document_id=stored.id if stored is not None else None,
        upload_id=upload_id,
        label=label,
        added_at=now,
        added_by=actor.practice_role,
    )
    session.add(row)
    if log_event:
        log(
            session,
            dossier,
            "dossier.document_added",
            actor=actor,
            now=now,
            data={"doc_id": doc_id, "source": source, "upload_id": upload_id,
                  **({"filename": label, "filename_shortened": shortened_filename(filename) is not None}
                     if upload_id is not None else {})},
        )
    return row


EDITABLE_BY_CITIZEN = EDITABLE  # draft, or a supplement asked (transitions.EDITABLE, what the buttons follow)


def require_editable(dossier: Dossier, actor: Actor) -> None:
    """Documents can be added to a draft, or while a supplement is asked (citizen or desk)."""
    if dossier.status not in EDITABLE_BY_CITIZEN:
        from trainer.sandbox.terms import status_term

        raise DomainError("errors.sandbox.not_editable", status=status_term(dossier.status))


def check_document_id(dossier: Dossier, doc_id: str) -> None:
    """DomainError unless doc_id is on the procedure's published document list."""
    if doc_id not in reference.document_ids(dossier.procedure_code):
        raise DomainError("errors.sandbox.unknown_document", doc_id=doc_id)


def check_store_choice(
    session: Session, dossier: Dossier, stored_document_id: int | None, doc_id: str
) -> StoredDocument:
    """The data-store document the citizen picked for doc_id: theirs, in this sandbox, and of that kind."""
    stored = session.get(StoredDocument, stored_document_id) if stored_document_id is not None else None
    if stored is None or stored.sandbox_id != dossier.sandbox_id or stored.citizen_id != dossier.citizen_id:
        raise NotFound("errors.sandbox.stored_document_not_found", stored_document_id=stored_document_id)
    check_document_id(dossier, doc_id)
    if stored.doc_type != doc_id:
        raise DomainError(
            "errors.sandbox.store_type_mismatch",
            title=stored.title,
            expected=reference.documents_term(dossier.procedure_code, [doc_id]),
        )
    return stored


def add_declarations(session: Session, dossier: Dossier, *, actor: Actor, now: datetime) -> list[str]:
    """An online dossier's saved e-form is its declaration (tờ khai): one `eform` document each, added once."""
    if dossier.channel != "online":
        return []  # a paper dossier carries the signed paper declaration
    have = set(attached_ids(session, dossier))
    added = [d for d in reference.declaration_ids(dossier.procedure_code) if d not in have]
    for doc_id in added:
        add_document(session, dossier, doc_id=doc_id, source=EFORM, actor=actor, now=now)
    return added


def attach_from_store(
    session: Session,
    sandbox_id: int,
    dossier_id: int,
    *,
    stored_document_id: int,
    doc_id: str,
    actor: Actor,
    now: datetime,
) -> DossierDocument:
    """Reuse a document already held in the citizen's data store (Lấy từ kho dữ liệu)."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    require_editable(dossier, actor)
    stored = check_store_choice(session, dossier, stored_document_id, doc_id)
    return add_document(
        session, dossier, doc_id=doc_id, source="store", actor=actor, now=now, stored=stored
    )


def upload_document(
    session: Session,
    sandbox_id: int,
    dossier_id: int,
    *,
    doc_id: str,
    filename: str,
    content: bytes,
    actor: Actor,
    now: datetime,
    limit_bytes: int | None = None,
) -> DossierDocument:
    """Upload a scan (pdf, jpg, png; at most the upload limit) for one document of the dossier (Tải tệp lên)."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    require_editable(dossier, actor)
    check_document_id(dossier, doc_id)
    return add_document(
        session,
        dossier,
        doc_id=doc_id,
        source="upload",
        actor=actor,
        now=now,
        filename=filename,
        content=content,
        limit_bytes=limit_bytes,
    )


def store_documents(session: Session, sandbox_id: int, citizen_id: int) -> list[StoredDocument]:
    """The citizen's data store (kho dữ liệu) in this sandbox."""
    get_citizen(session, sandbox_id, citizen_id)
    return list(
        session.scalars(
            select(StoredDocument)
            .where(StoredDocument.sandbox_id == sandbox_id, StoredDocument.citizen_id == citizen_id)
            .order_by(StoredDocument.id)
        )
    )


def dossier_documents(session: Session, sandbox_id: int, dossier_id: int) -> list[DossierDocument]:
    """The documents attached to a dossier of this sandbox."""
    get_dossier(session, sandbox_id, dossier_id)
    return list(
        session.scalars(
            select(DossierDocument)
            .where(DossierDocument.sandbox_id == sandbox_id, DossierDocument.dossier_id == dossier_id)
            .order_by(DossierDocument.id)
        )
    )


def upload_content(session: Session, sandbox_id: int, upload_id: int) -> tuple[str, str, bytes]:
    """(filename, MIME type, bytes) of an upload of this sandbox."""
    upload = session.get(Upload, upload_id)
    if upload is None or upload.sandbox_id != sandbox_id:
        raise NotFound("errors.sandbox.upload_not_found", upload_id=upload_id)
    return upload.filename, upload.mime, upload.content
