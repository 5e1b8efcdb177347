"""Interconnection (liên thông): transfers between levels, and bundles of procedures filed together.

Public API:
- `transfer_to_linked_agency(session, sandbox_id, dossier_id, *, actor, now) -> Dossier`: the receiving desk
  sends a dossier decided at another level (e.g. a district office in the three-level model) there (2 → 4).
- `send_result_to_desk(session, sandbox_id, dossier_id, *, actor, now) -> Dossier`: the deciding agency
  returns the signed result (status 9) to the desk that received the dossier.
- `start_bundle(session, sandbox_id, *, bundle_id, citizen_id, actor, now, channel="online",
  subject=None) -> Bundle`: one draft dossier per part (birth bundle: 1.001193 + 1.004222 + SB.0012; death
  bundle); online, each tờ khai is pre-filled with the applicant; `subject` (the child or the deceased) is
  copied into every part's form data.
- `submit_bundle(session, sandbox_id, bundle_row_id, *, actor, now, citizen_id=None) -> list[Dossier]`.
- `bundle_view(session, sandbox_id, bundle_row_id, now) -> BundleView`: parts with own status; `done` when all are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.db.events import record_event
from trainer.errors import DomainError, NotFound
from trainer.sandbox import reference
from trainer.sandbox.core import event_trainee, get_citizen, get_dossier, hand_over, issue_slip, transition
from trainer.sandbox.deadlines import appointment_for
from trainer.sandbox.documents import create_draft
from trainer.sandbox.models import Bundle, Dossier
from trainer.sandbox.transitions import CITIZEN, DESK, SPECIALIST, STEPS, Status

PART_DONE = (Status.DONE, Status.RETURNED)  # a part is done once its result is ready or handed over
PART_ENDED = (Status.REFUSED, Status.STOPPED)
SUBJECT_KEY_MAX_CHARS = 60  # field names of the subject (child / deceased), as the e-form's field names
SUBJECT_VALUE_MAX_CHARS = 500  # characters per subject value, as an e-form value (FORM_VALUE_MAX_CHARS)


def transfer_to_linked_agency(
    session: Session, sandbox_id: int, dossier_id: int, *, actor: Actor, now: datetime
) -> Dossier:
    """Chuyển liên thông: send a received dossier to the deciding office of another unit (2 → 4, specialist)."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    if dossier.status == Status.RECEIVED and not reference.needs_transfer(dossier):
        raise DomainError("errors.sandbox.no_transfer_needed")
    transition(
        session,
        dossier,
        "transfer_to_linked_agency",
        actor=actor,
        now=now,
        data={
            "from_agency": dossier.receiving_agency_id,
            "to_agency": dossier.deciding_agency_id,
        },
    )
    dossier.step = STEPS[0]
    hand_over(
        session,
        dossier,
        at=now,
        from_role=DESK,
        to_role=SPECIALIST,
        from_agency_id=dossier.receiving_agency_id,
        to_agency_id=dossier.deciding_agency_id,
    )
    dossier.current_agency_id = dossier.deciding_agency_id
    issue_slip(session, dossier, "05", at=now)
    return dossier


def send_result_to_desk(
    session: Session, sandbox_id: int, dossier_id: int, *, actor: Actor, now: datetime
) -> Dossier:
    """The deciding agency sends the signed result back to the receiving desk, which returns it to the citizen."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    if dossier.status == Status.DONE and dossier.current_agency_id == dossier.receiving_agency_id:
        raise DomainError("errors.sandbox.result_already_at_desk")
    transition(
        session,
        dossier,
        "send_result_to_desk",
        actor=actor,
        now=now,
        data={
            "from_agency": dossier.current_agency_id,
            "to_agency": dossier.receiving_agency_id,
        },
    )
    hand_over(
        session,
        dossier,
        at=now,
        from_role=actor.practice_role,
        to_role=DESK,
        from_agency_id=dossier.current_agency_id,
        to_agency_id=dossier.receiving_agency_id,
    )
    dossier.current_agency_id = dossier.receiving_agency_id
    return dossier


def _catalogue_bundle(bundle_id: str):  # type: ignore[no-untyped-def]
    from trainer.world.procedures import load_catalogue

    try:
        return load_catalogue().bundle(bundle_id)
    except NotFound as exc:
        raise DomainError("errors.sandbox.unknown_bundle", bundle=bundle_id) from exc


def get_bundle(session: Session, sandbox_id: int, bundle_row_id: int) -> Bundle:
    """The bundle row if it belongs to this sandbox, else NotFound."""
    bundle = session.get(Bundle, bundle_row_id)
    if bundle is None or bundle.sandbox_id != sandbox_id:
        raise NotFound("errors.sandbox.bundle_not_found", bundle_id=bundle_row_id)
    return bundle


def bundle_parts(session: Session, bundle: Bundle) -> list[Dossier]:
    return list(
        session.scalars(
            select(Dossier)
            .where(Dossier.sandbox_id == bundle.sandbox_id, Dossier.bundle_id == bundle.id)
            .order_by(Dossier.id)
        )
    )


def _clean_subject(subject: dict[str, str]) -> dict[str, str]:
    """The child or the deceased the bundle is about, as trimmed text; DomainError when a value is too long."""
    clean = {str(k)[:SUBJECT_KEY_MAX_CHARS]: "" if v is None else str(v).strip() for k, v in subject.items()}
    if any(len(v) > SUBJECT_VALUE_MAX_CHARS for v in clean.values()):
        raise DomainError("errors.sandbox.text_too_long", limit=SUBJECT_VALUE_MAX_CHARS)
    return clean


def start_bundle(
    session: Session,
    sandbox_id: int,
    *,
    bundle_id: str,
    citizen_id: int,
    now: datetime,
    actor: Actor,
    channel: str = "online",
    subject: dict[str, str] | None = None,
) -> Bundle:
    """Open an interconnected bundle: one draft dossier per part procedure, all for the same citizen."""
    from trainer.sandbox.portal import prefill_form

    spec = _catalogue_bundle(bundle_id)
    get_citizen(session, sandbox_id, citizen_id)
    about = _clean_subject(subject or {})
    if channel == "online" and actor.practice_role != CITIZEN or channel == "walk_in" and actor.practice_role != DESK:
        from trainer.sandbox.terms import Term, role_term

        raise DomainError(
            "errors.sandbox.role_forbidden",
            role=role_term(actor.practice_role),
            action=Term("sandbox.verb.start_bundle"),
        )
    bundle = Bundle(
        sandbox_id=sandbox_id,
        kind=bundle_id,
        citizen_id=citizen_id,
        subject=about,
        created_at=now,
    )
    session.add(bundle)
    session.flush()
    for code in spec.parts:
        dossier = create_draft(
            session,
            sandbox_id,
            citizen_id=citizen_id,
            procedure_code=code,
            channel=channel,
            actor=actor,
            now=now,
        )
        dossier.bundle_id = bundle.id
        applicant = prefill_form(session, sandbox_id, citizen_id, code) if channel == "online" else {}
        dossier.form_data = {**dossier.form_data, **applicant, **bundle.subject}
    record_event(
        session,
        actor=actor.practice_role,
        action="bundle.started",
        entity="bundle",
        entity_id=bundle.id,
        at=now,
        sandbox_id=sandbox_id,
        trainee_id=event_trainee(session, sandbox_id, actor),
        data={"bundle": bundle_id, "parts": list(spec.parts)},
    )
    return bundle


def submit_bundle(
    session: Session,
    sandbox_id: int,
    bundle_row_id: int,
    *,
    now: datetime,
    actor: Actor,
    citizen_id: int | None = None,
) -> list[Dossier]:
    """Submit every draft part of an online bundle at once (each gets its own code and status 1).

    When the signed-in citizen is given, only one of their own bundles is found (another's is NotFound).
    """
    from trainer.sandbox.portal import submit_online

    bundle = get_bundle(session, sandbox_id, bundle_row_id)
    if citizen_id is not None and bundle.citizen_id != citizen_id:
        raise NotFound("errors.sandbox.bundle_not_found", bundle_id=bundle_row_id)
    parts = [p for p in bundle_parts(session, bundle) if p.status == Status.DRAFT]
    if not parts:
        raise DomainError("errors.sandbox.bundle_nothing_to_submit")
    submitted = [submit_online(session, sandbox_id, p.id, now=now, actor=actor, citizen_id=citizen_id)
                 for p in parts]
    record_event(
        session,
        actor=actor.practice_role,
        action="bundle.submitted",
        entity="bundle",
        entity_id=bundle.id,
        at=now,
        sandbox_id=sandbox_id,
        trainee_id=event_trainee(session, sandbox_id, actor),
        data={"codes": [p.code for p in submitted]},
    )
    return submitted


@dataclass
class PartView:
    """One part of a bundle: its dossier, procedure, agency and own status."""

    dossier_id: int
    code: str | None
    procedure_code: str
    deciding_agency_id: str
    status: int


@dataclass
class BundleView:
    """A bundle's state: done when every part's result is ready; ended parts are listed as such."""

    id: int
    kind: str
    parts: list[PartView] = field(default_factory=list)
    done: bool = False
    stopped: bool = False
    due_at: datetime | None = None


def bundle_view(session: Session, sandbox_id: int, bundle_row_id: int, now: datetime) -> BundleView:
    """The bundle with each part's status; its due time counts the bundle's working days from the first reception."""
    bundle = get_bundle(session, sandbox_id, bundle_row_id)
    parts = bundle_parts(session, bundle)
    views = [PartView(p.id, p.code, p.procedure_code, p.deciding_agency_id, p.status) for p in parts]
    received = [p.received_at for p in parts if p.received_at is not None]
    due = (
        appointment_for(min(received), days=_catalogue_bundle(bundle.kind).time.working_days)
        if received
        else None
    )
    return BundleView(
        id=bundle.id,
        kind=bundle.kind,
        parts=views,
        due_at=due,
        done=bool(parts) and all(p.status in PART_DONE for p in parts),
        stopped=any(p.status in PART_ENDED for p in parts),
    )


def bundles(session: Session, sandbox_id: int, citizen_id: int | None = None) -> list[Bundle]:
    """The sandbox's bundles (optionally one citizen's), oldest first."""
    query = select(Bundle).where(Bundle.sandbox_id == sandbox_id)
    if citizen_id is not None:
        query = query.where(Bundle.citizen_id == citizen_id)
    return list(session.scalars(query.order_by(Bundle.id)))
