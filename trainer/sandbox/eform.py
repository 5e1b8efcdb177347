"""The portal's e-form (tờ khai điện tử): its fields, the documents chosen with it, and how the result is received.

Online, the filled e-form IS the declaration document (document types with `declaration: true` in
sandbox_data/procedures.yaml): saving it adds that document to the dossier (source `eform`).

Public API (the caller owns the transaction; `actor` is a `trainer.actor.Actor` playing the citizen unless said
otherwise):
- `save_online_form(session, sandbox_id, dossier_id, *, citizen_id, form, documents, delivery, address=None,
  actor, now, limit_bytes=None) -> Dossier`: one press of "Lưu": the tờ khai, every chosen
  document (`{"mode": "store", "doc_id", "stored_id"}`, `{"mode": "upload", "doc_id", "filename", "content"}`,
  `{"mode": "skip", ...}`) and the delivery, everything checked before anything changes.
- `save_form(...)`, `choose_delivery(...)` (re-exported by portal.py); `own_dossier(...)`, `clean_form(form)`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.errors import DomainError, NotFound
from trainer.sandbox import reference
from trainer.sandbox.core import get_dossier, log, require_role
from trainer.sandbox.documents import (
    add_declarations,
    add_document,
    check_document_id,
    check_store_choice,
    check_upload,
    require_editable,
    stored_filename,
)
from trainer.sandbox.models import Dossier, StoredDocument
from trainer.sandbox.transitions import CITIZEN, Status

DELIVERIES = ("desk", "post", "electronic")
FORM_VALUE_MAX_CHARS = 500
FIELD_NAME_MAX_CHARS = 60
ADDRESS_MAX_CHARS = FORM_VALUE_MAX_CHARS
ATTACH_MODES = ("store", "upload", "skip")  # reuse from the data store, upload a scan, or leave it for now
FINISHED = (Status.DONE, Status.RETURNED, Status.REFUSED, Status.STOPPED)


def own_dossier(session: Session, sandbox_id: int, dossier_id: int, citizen_id: int | None) -> Dossier:
    """The dossier; when the signed-in citizen is given, only one of theirs (another's is not found)."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    if citizen_id is not None and dossier.citizen_id != citizen_id:
        raise NotFound("errors.sandbox.dossier_not_found", dossier_id=dossier_id)
    return dossier


def clean_form(form: Mapping[str, Any]) -> dict[str, str]:
    """Field values as trimmed text; DomainError when one is longer than FORM_VALUE_MAX_CHARS."""
    clean: dict[str, str] = {}
    for key, value in form.items():
        text = "" if value is None else str(value).strip()
        if len(text) > FORM_VALUE_MAX_CHARS:
            raise DomainError("errors.sandbox.text_too_long", limit=FORM_VALUE_MAX_CHARS)
        clean[str(key)[:FIELD_NAME_MAX_CHARS]] = text
    return clean


def _status(dossier: Dossier) -> Any:
    from trainer.sandbox.terms import status_term

    return status_term(dossier.status)


class EFormInvalid(DomainError):
    """The tờ khai has fields that are not right: `fields` maps each to its FieldError; nothing was saved."""

    def __init__(self, fields: dict[str, Any]) -> None:
        super().__init__("errors.eforms.invalid", count=len(fields))
        self.fields = fields


def checked_form(session: Session, dossier: Dossier, clean: dict[str, str], now: datetime) -> dict[str, str]:
    """The form data an online dossier keeps after this save: the whole tờ khai checked against its definition
    (EFormInvalid listing every wrong field), the asked fields normalised, hidden ones dropped; other keys
    (delivery address, pages, a bundle's subject) kept as they are."""
    from trainer.eforms import hidden_names, normalise
    from trainer.sandbox.declared import form_errors, form_of

    merged = {**dossier.form_data, **clean}
    errors = form_errors(session, dossier, merged, now)
    if errors:
        raise EFormInvalid(errors)
    form = form_of(dossier)
    kept = {k: v for k, v in merged.items() if k not in set(hidden_names(form, merged))}
    return {**kept, **normalise(form, merged)}


def _apply_form(
    session: Session, dossier: Dossier, clean: dict[str, str], *, actor: Actor, now: datetime,
    strict: bool = True,
) -> None:
    if strict and dossier.channel == "online":  # online the tờ khai is the declaration: it must be whole and right
        dossier.form_data = checked_form(session, dossier, clean, now)
    else:  # a paper dossier carries the signed paper; a scenario's setup may plant a mistake on purpose
        dossier.form_data = {**dossier.form_data, **clean}
    _log_form(session, dossier, clean, actor=actor, now=now)


def _record_form(session: Session, dossier: Dossier, checked: dict[str, str], clean: dict[str, str], *,
                 actor: Actor, now: datetime) -> None:
    dossier.form_data = checked
    _log_form(session, dossier, clean, actor=actor, now=now)


def _log_form(session: Session, dossier: Dossier, clean: dict[str, str], *, actor: Actor, now: datetime) -> None:
    declared = add_declarations(session, dossier, actor=actor, now=now)
    log(
        session,
        dossier,
        "dossier.form_saved",
        actor=actor,
        now=now,
        data={"fields": sorted(clean), "declaration": declared},
    )


def save_form(
    session: Session,
    sandbox_id: int,
    dossier_id: int,
    *,
    form: dict[str, Any],
    now: datetime,
    actor: Actor,
    citizen_id: int | None = None,
    strict: bool = True,
) -> Dossier:
    """Save the e-form of a draft (or of a dossier being supplemented); online, it is the declaration, checked whole
    (EFormInvalid, nothing saved). `strict=False` (scenario setups only) keeps the values as given."""
    dossier = own_dossier(session, sandbox_id, dossier_id, citizen_id)
    if dossier.status not in (Status.DRAFT, Status.SUPPLEMENT):
        raise DomainError("errors.sandbox.not_editable", status=_status(dossier))
    _apply_form(session, dossier, clean_form(form), actor=actor, now=now, strict=strict)
    return dossier


def check_delivery(dossier: Dossier, delivery: str) -> None:
    """DomainError unless the procedure offers this way of receiving the result and the dossier is still open."""
    if delivery not in DELIVERIES:
        raise DomainError("errors.sandbox.bad_delivery", delivery=delivery)
    if dossier.status in FINISHED:
        raise DomainError("errors.sandbox.not_editable", status=_status(dossier))
    if delivery == "post" and not reference.bcci_allowed(dossier.procedure_code):
        raise DomainError("errors.sandbox.post_not_allowed")
    if delivery == "electronic" and not reference.electronic_result(dossier.procedure_code):
        raise DomainError("errors.sandbox.electronic_not_allowed")


def _apply_delivery(
    session: Session, dossier: Dossier, delivery: str, address: str, *, actor: Actor, now: datetime
) -> None:
    dossier.delivery = delivery
    if address:
        dossier.form_data = {**dossier.form_data, "delivery_address": address}
    log(session, dossier, "dossier.delivery_chosen", actor=actor, now=now, data={"delivery": delivery})


def _clean_address(address: str | None) -> str:
    return clean_form({"a": address})["a"] if address else ""


def choose_delivery(
    session: Session,
    sandbox_id: int,
    dossier_id: int,
    *,
    delivery: str,
    now: datetime,
    actor: Actor,
    citizen_id: int | None = None,
    address: str | None = None,
) -> Dossier:
    """How the result is received: at the desk, by public post (BCCI), or electronically."""
    dossier = own_dossier(session, sandbox_id, dossier_id, citizen_id)
    check_delivery(dossier, delivery)
    _apply_delivery(session, dossier, delivery, _clean_address(address), actor=actor, now=now)
    return dossier


def _checked_choice(
    session: Session, dossier: Dossier, item: Mapping[str, Any], limit_bytes: int
) -> tuple[str, str, StoredDocument | None, str | None, bytes | None] | None:
    """(mode, doc_id, stored, filename, content) of one document choice after every check; None for "skip"."""
    mode, doc_id = str(item.get("mode", "")), str(item.get("doc_id", ""))
    if mode not in ATTACH_MODES:
        raise DomainError("errors.sandbox.bad_attach_mode", mode=mode)
    if mode == "skip":
        return None
    check_document_id(dossier, doc_id)
    if mode == "store":
        return mode, doc_id, check_store_choice(session, dossier, item.get("stored_id"), doc_id), None, None
    name = str(item.get("filename") or "")  # as given: add_document stores it shortened and says so in its event
    content = bytes(item.get("content") or b"")
    check_upload(stored_filename(name), content, limit_bytes)
    return mode, doc_id, None, name, content


def save_online_form(
    session: Session,
    sandbox_id: int,
    dossier_id: int,
    *,
    citizen_id: int | None,
    form: Mapping[str, Any] | None,
    documents: Sequence[Mapping[str, Any]],
    delivery: str | None,
    address: str | None = None,
    actor: Actor,
    now: datetime,
    limit_bytes: int | None = None,
) -> Dossier:
    """One save of the e-form: tờ khai (= the declaration), chosen documents, delivery; all checked, then all kept.

    `form=None` leaves the tờ khai as it is and `delivery=None` the delivery (the easy mode saves one screen).
    Events: one `dossier.document_added` per document, `dossier.form_saved` (with the declaration it stands
    for, itself a `document_added` with source `eform` the first time), `dossier.delivery_chosen`.
    """
    require_role(actor, (CITIZEN,), "save_online_form")
    dossier = own_dossier(session, sandbox_id, dossier_id, citizen_id)
    require_editable(dossier, actor)
    if limit_bytes is None:
        from trainer.settings import get_settings

        limit_bytes = get_settings().upload_limit_bytes
    clean = clean_form(form) if form is not None else None
    checked = checked_form(session, dossier, clean, now) if clean is not None and dossier.channel == "online" else None
    choices = [c for c in (_checked_choice(session, dossier, item, limit_bytes) for item in documents) if c]
    if delivery is not None:
        check_delivery(dossier, delivery)
    place = _clean_address(address)
    # every check passed: now change (documents first, so a declaration uploaded as a file is not doubled)
    for mode, doc_id, stored, filename, content in choices:
        add_document(
            session,
            dossier,
            doc_id=doc_id,
            source=mode,
            actor=actor,
            now=now,
            stored=stored,
            filename=filename,
            content=content,
            limit_bytes=limit_bytes,
        )
    if checked is not None:
        _record_form(session, dossier, checked, clean or {}, actor=actor, now=now)
    elif clean is not None:
        _apply_form(session, dossier, clean, actor=actor, now=now)
    if delivery is not None:
        _apply_delivery(session, dossier, delivery, place, actor=actor, now=now)
    return dossier
