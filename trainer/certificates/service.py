"""Issue, revoke and look up certificates. Every change is one function taking `actor` and `now` that writes an
event in the same transaction and is safe against a concurrent one.

Who may do what (checked here):
- `issue_if_passed`: the participant themselves (their own progress), or the workshop's trainer / an administrator;
  it issues only when the path's pass rule is met (`trainer.training.paths.evaluate`), recorded as "automatic".
- `issue_by_trainer`: the workshop's trainer or an administrator, for a person enrolled in that workshop, whether
  or not the rule is met in the sandbox (a trainer's decision for a workshop: recorded as "trainer", with whether
  the rule was met and the trainer's note).
- `issue_passed_in_workshop`: the trainer's "issue to everyone who passed" (automatic issuing for each).
- `issue_on_finish`: no person asks for it: the coach (a run passed) and the quiz (an attempt finished) call it in
  the transaction that finishes the run / attempt, so the certificate exists the moment the last required step of
  a path the person is enrolled on passes (recorded as "automatic", with the run or attempt that completed it).
- `revoke`: an administrator, or the trainer who issued it / whose workshop it belongs to; a reason is required.
- `verify(session, serial)`: anyone, no sign-in; only the holder's name, the path, the date and valid/revoked (with
  the date); None for anything unknown or malformed (the page says only "không tìm thấy").

Public API: the functions above; queries `certificates_of(session, actor)`, `workshop_certificates(session,
workshop_id, actor)`, `certificate(session, serial, actor)`, `managed_certificates(session, actor)`; rows `CertificateRow`, `Verification`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from trainer.accounts.models import Account
from trainer.actor import ACCOUNT_TRAINER, Actor
from trainer.certificates.models import Certificate
from trainer.certificates.serials import new_serial, normalise
from trainer.db.events import record_event
from trainer.db.guards import claim_where, lock_row
from trainer.errors import DomainError, NotFound
from trainer.training.models import Enrolment, Trainee, Workshop
from trainer.training.paths import LearningPath, evaluate, get_path, path_progress

AUTOMATIC = "automatic"
BY_TRAINER = "trainer"
REASON_MIN, REASON_MAX = 5, 500
NOTE_MAX = 300
SERIAL_ATTEMPTS = 5


@dataclass(frozen=True)
class CertificateRow:
    id: int
    serial: str
    trainee_id: int | None
    path_id: str
    path_title: dict[str, str]
    holder_name: str
    unit_label: str
    workshop_id: int | None
    workshop_title: str
    trainer_name: str
    how: str
    issued_on: date
    issued_at: datetime
    revoked_at: datetime | None
    revoke_reason: str | None

    @property
    def valid(self) -> bool:
        return self.revoked_at is None

    def path_title_in(self, lang: str) -> str:
        return self.path_title.get(lang) or self.path_title.get("vi") or self.path_id


@dataclass(frozen=True)
class Verification:
    """All the public verification page may show: nothing else about the person."""

    serial: str
    holder_name: str
    path_title: dict[str, str]
    issued_on: date
    revoked_on: date | None

    @property
    def valid(self) -> bool:
        return self.revoked_on is None

    def path_title_in(self, lang: str) -> str:
        return self.path_title.get(lang) or self.path_title.get("vi") or ""


def _row(c: Certificate) -> CertificateRow:
    return CertificateRow(c.id, c.serial, c.trainee_id, c.path_id, dict(c.path_title or {}), c.holder_name,
                          c.unit_label, c.workshop_id, c.workshop_title, c.trainer_name, c.how, c.issued_on,
                          c.issued_at, c.revoked_at, c.revoke_reason)


def _who(actor: Actor) -> str:
    return "operator" if actor.operator else (actor.account_role or ("trainee" if actor.is_trainee else actor.practice_role))


def _unit_label(code: str | None) -> str:
    if not code:
        return ""
    from trainer.world.units import load_units

    unit = load_units().find(code)
    return unit.label if unit is not None else code


def _manages(actor: Actor, workshop: Workshop) -> bool:
    return actor.is_administrator or (actor.account_role == ACCOUNT_TRAINER and workshop.created_by == actor.account_id)


def _workshop(session: Session, workshop_id: int) -> Workshop:
    found = session.get(Workshop, workshop_id)
    if found is None:
        raise NotFound("errors.workshops.unknown_workshop", id=workshop_id)
    return found


def _enrolment(session: Session, workshop_id: int, trainee_id: int) -> Enrolment | None:
    return session.scalar(select(Enrolment).where(Enrolment.workshop_id == workshop_id,
                                                  Enrolment.trainee_id == trainee_id))


def _latest(session: Session, trainee_id: int, path_id: str) -> Certificate | None:
    return session.scalar(select(Certificate).where(Certificate.trainee_id == trainee_id, Certificate.path_id == path_id)
                          .order_by(Certificate.generation.desc()).limit(1))


def _rule_met(session: Session, trainee_id: int, path: LearningPath, since: datetime | None = None) -> bool:
    """The path's pass rule, on what the person did (in a workshop: since they enrolled, as its roster counts)."""
    return evaluate(path, path_progress(session, trainee_id=trainee_id, path=path, since=since)).passed


def _create(session: Session, *, actor: Actor, trainee: Trainee, path: LearningPath, workshop: Workshop | None,
            how: str, now: datetime, rule_met: bool, note: str = "", after: dict[str, int] | None = None) -> CertificateRow:
    """The person's valid certificate for the path: the existing one, or a new generation (after a revoked one)."""
    latest = _latest(session, trainee.id, path.id)
    if latest is not None and latest.revoked_at is None:
        return _row(latest)
    generation = (latest.generation + 1) if latest is not None else 1
    trainer_account = session.get(Account, workshop.created_by) if workshop is not None and workshop.created_by else None
    if how == BY_TRAINER and actor.is_account and not actor.is_administrator:
        trainer_account = session.get(Account, actor.account_id)
    for _ in range(SERIAL_ATTEMPTS):
        cert = Certificate(
            serial=new_serial(now.year), trainee_id=trainee.id, path_id=path.id, generation=generation,
            path_title={"vi": path.title.vi, "en": path.title.en}, holder_name=trainee.name,
            unit_code=trainee.unit_code, unit_label=_unit_label(trainee.unit_code),
            workshop_id=workshop.id if workshop is not None else None,
            workshop_title=(workshop.title if workshop is not None else ""),
            trainer_account_id=trainer_account.id if trainer_account is not None else None,
            trainer_name=trainer_account.display_name if trainer_account is not None else "",
            how=how, issued_by=actor.account_id if how == BY_TRAINER else None,
            issued_on=now.date(), issued_at=now,
        )
        try:
            with session.begin_nested():
                session.add(cert)
                session.flush()
        except IntegrityError:
            again = _latest(session, trainee.id, path.id)
            if again is not None and again.generation >= generation and again.revoked_at is None:
                return _row(again)  # a concurrent issue won: theirs is the person's certificate
            continue  # the random serial was taken: draw another
        record_event(session, actor=_who(actor), action="certificate.issued", entity="certificate",
                     entity_id=cert.serial, at=now, to_state="valid", trainee_id=trainee.id,
                     account_id=actor.account_id, note=note or None,
                     data={"how": how, "path_id": path.id, "workshop_id": cert.workshop_id, "rule_met": rule_met,
                           "generation": generation, **({"after": after} if after else {})})
        return _row(cert)
    raise DomainError("errors.certificates.busy")


def issue_if_passed(session: Session, *, actor: Actor, trainee_id: int, path_id: str, now: datetime,
                    workshop_id: int | None = None) -> CertificateRow | None:
    """The person's certificate for the path when its pass rule is met (issued now if they had none), else None."""
    trainee = session.get(Trainee, trainee_id)
    if trainee is None:
        raise NotFound("errors.certificates.unknown_person")
    workshop = _workshop(session, workshop_id) if workshop_id is not None else None
    own = actor.trainee_id == trainee_id
    if not own and not (workshop is not None and _manages(actor, workshop)) and not actor.is_administrator:
        raise DomainError("errors.certificates.forbidden")
    enrolment = _enrolment(session, workshop.id, trainee_id) if workshop is not None else None
    if workshop is not None and enrolment is None:
        raise DomainError("errors.certificates.not_enrolled")
    path = get_path(path_id)
    if not _rule_met(session, trainee_id, path, enrolment.enrolled_at if enrolment is not None else None):
        return None
    return _create(session, actor=actor, trainee=trainee, path=path, workshop=workshop, how=AUTOMATIC, now=now,
                   rule_met=True)


def issue_on_finish(session: Session, *, trainee_id: int | None, step_key: str, now: datetime,
                    after: dict[str, int] | None = None) -> tuple[CertificateRow, ...]:
    """The automatic issue, in the transaction that just finished one of the person's runs or quiz attempts
    (`step_key` `scenario:<id>` / `quiz:<id>`): every path of the person's enrolments that has this step and whose
    pass rule is now met (counting, as the roster does, only what was done since enrolling) gets its certificate;
    the new ones are returned. Nothing for a run without a person, a person on no path, a rule not yet met, or a
    path whose certificate the person has or had (a revoked one is issued again only on purpose).

    Two finishes at once (the last scenario in one tab, the last quiz in another) are taken one after the other:
    each locks the person's enrolments on those paths first and then reads their runs and attempts again, so the
    second sees the first's committed work (neither misses the rule being met) and the unique generation per person
    and path keeps the certificate to one."""
    if trainee_id is None:
        return ()
    from trainer.coach.models import Run
    from trainer.quiz.models import QuizAttempt

    wanted: list[tuple[Enrolment, LearningPath]] = []
    for enrolment in session.scalars(select(Enrolment).where(Enrolment.trainee_id == trainee_id).order_by(Enrolment.id)):
        try:
            path = get_path(enrolment.path_id)
        except NotFound:  # a path file removed since they enrolled
            continue
        if any(step.key == step_key for step in path.steps):
            wanted.append((enrolment, path))
    if not wanted:
        return ()
    for enrolment, _path in wanted:
        lock_row(session, Enrolment, enrolment.id)
    session.flush()
    for obj in list(session.identity_map.values()):  # read again what a concurrent finish may have committed
        if isinstance(obj, (Run, QuizAttempt)) and obj.trainee_id == trainee_id:
            session.expire(obj)
    trainee = session.get(Trainee, trainee_id)
    if trainee is None:
        return ()
    me = Actor.trainee("citizen", trainee_id, name=trainee.name)
    issued: list[CertificateRow] = []
    for enrolment, path in wanted:
        if _latest(session, trainee_id, path.id) is not None:
            continue  # has it (issued before, or for another enrolment on the same path), or it was revoked: a
            # revoked certificate comes back only when someone issues it again, never by replaying a step
        if not _rule_met(session, trainee_id, path, enrolment.enrolled_at):
            continue
        workshop = session.get(Workshop, enrolment.workshop_id)
        issued.append(_create(session, actor=me, trainee=trainee, path=path, workshop=workshop, how=AUTOMATIC,
                              now=now, rule_met=True, after=after))
    return tuple(issued)


def issue_by_trainer(session: Session, *, actor: Actor, workshop_id: int, trainee_id: int, now: datetime,
                     path_id: str | None = None, note: str = "") -> CertificateRow:
    """The workshop's trainer (or an administrator) issues the certificate to a person of the workshop."""
    workshop = _workshop(session, workshop_id)
    if not _manages(actor, workshop):
        raise DomainError("errors.certificates.forbidden")
    enrolment = _enrolment(session, workshop_id, trainee_id)
    if enrolment is None:
        raise DomainError("errors.certificates.not_enrolled")
    trainee = session.get(Trainee, trainee_id)
    if trainee is None:
        raise NotFound("errors.certificates.unknown_person")
    path = get_path(path_id or enrolment.path_id)
    note = " ".join((note or "").split())[:NOTE_MAX]
    return _create(session, actor=actor, trainee=trainee, path=path, workshop=workshop, how=BY_TRAINER, now=now,
                   rule_met=_rule_met(session, trainee_id, path, enrolment.enrolled_at), note=note)


def issue_passed_in_workshop(session: Session, *, actor: Actor, workshop_id: int, now: datetime) -> int:
    """Issue (automatically) to every person of the workshop whose path's pass rule is met; how many are new."""
    workshop = _workshop(session, workshop_id)
    if not _manages(actor, workshop):
        raise DomainError("errors.certificates.forbidden")
    new = 0
    enrolments = session.scalars(select(Enrolment).where(Enrolment.workshop_id == workshop_id).order_by(Enrolment.id))
    for enrolment in list(enrolments):
        before = _latest(session, enrolment.trainee_id, enrolment.path_id)
        had = before is not None and before.revoked_at is None
        issued = issue_if_passed(session, actor=actor, trainee_id=enrolment.trainee_id, path_id=enrolment.path_id,
                                 workshop_id=workshop_id, now=now)
        new += 1 if issued is not None and not had else 0
    return new


def revoke(session: Session, *, actor: Actor, serial: str, reason: str, now: datetime) -> CertificateRow:
    """Revoke a certificate with a reason: an administrator, or the trainer who issued it or whose workshop it is."""
    canonical = normalise(serial)
    cert = session.scalar(select(Certificate).where(Certificate.serial == canonical)) if canonical else None
    if cert is None:
        raise NotFound("errors.certificates.unknown")
    allowed = actor.is_administrator or (
        actor.account_role == ACCOUNT_TRAINER and actor.account_id is not None
        and actor.account_id in (cert.trainer_account_id, cert.issued_by))
    if not allowed and cert.workshop_id is not None and actor.account_role == ACCOUNT_TRAINER:
        workshop = session.get(Workshop, cert.workshop_id)
        allowed = workshop is not None and workshop.created_by == actor.account_id
    if not allowed:
        raise DomainError("errors.certificates.revoke_forbidden")
    reason = " ".join((reason or "").split())
    if len(reason) < REASON_MIN:
        raise DomainError("errors.certificates.reason_required", n=REASON_MIN)
    if len(reason) > REASON_MAX:
        raise DomainError("errors.certificates.reason_too_long", n=REASON_MAX)
    if not claim_where(session, Certificate, cert.id, [Certificate.revoked_at.is_(None)],
                       {"revoked_at": now, "revoked_by": actor.account_id, "revoke_reason": reason}):
        raise DomainError("errors.certificates.already_revoked")
    record_event(session, actor=_who(actor), action="certificate.revoked", entity="certificate", entity_id=cert.serial,
                 at=now, from_state="valid", to_state="revoked", trainee_id=cert.trainee_id,
                 account_id=actor.account_id, note=reason)
    session.refresh(cert)
    return _row(cert)


# --- queries ----------------------------------------------------------------------------------------------------


def verify(session: Session, serial: str | None) -> Verification | None:
    """What the public page shows for a typed serial; None when unknown or malformed (no hint which)."""
    canonical = normalise(serial)
    if canonical is None:
        return None
    cert = session.scalar(select(Certificate).where(Certificate.serial == canonical))
    if cert is None:
        return None
    return Verification(cert.serial, cert.holder_name, dict(cert.path_title or {}), cert.issued_on,
                        cert.revoked_at.date() if cert.revoked_at is not None else None)


def certificates_of(session: Session, actor: Actor) -> tuple[CertificateRow, ...]:
    """The acting participant's own certificates, newest first."""
    if actor.trainee_id is None:
        return ()
    rows = session.scalars(select(Certificate).where(Certificate.trainee_id == actor.trainee_id)
                           .order_by(Certificate.issued_at.desc(), Certificate.id.desc()))
    return tuple(_row(c) for c in rows)


def workshop_certificates(session: Session, workshop_id: int, actor: Actor) -> tuple[CertificateRow, ...]:
    """Every certificate of a workshop, by holder's name (its trainer or an administrator)."""
    workshop = _workshop(session, workshop_id)
    if not _manages(actor, workshop):
        raise DomainError("errors.certificates.forbidden")
    rows = session.scalars(select(Certificate).where(Certificate.workshop_id == workshop_id)
                           .order_by(Certificate.holder_name, Certificate.id))
    return tuple(_row(c) for c in rows)


def certificate(session: Session, serial: str, actor: Actor) -> CertificateRow:
    """One certificate in full (its holder, its trainer, or an administrator)."""
    canonical = normalise(serial)
    cert = session.scalar(select(Certificate).where(Certificate.serial == canonical)) if canonical else None
    if cert is None:
        raise NotFound("errors.certificates.unknown")
    mine = actor.trainee_id is not None and actor.trainee_id == cert.trainee_id
    theirs = actor.account_id is not None and actor.account_id in (cert.trainer_account_id, cert.issued_by)
    if not theirs and cert.workshop_id is not None and actor.account_role == ACCOUNT_TRAINER:
        workshop = session.get(Workshop, cert.workshop_id)
        theirs = workshop is not None and workshop.created_by == actor.account_id
    if not (mine or theirs or actor.is_administrator):
        raise DomainError("errors.certificates.forbidden")
    return _row(cert)


def managed_certificates(session: Session, actor: Actor, *, limit: int = 200) -> tuple[CertificateRow, ...]:
    """Newest first: every certificate for an administrator; for a trainer, those they issued or of their
    workshops; nothing for anyone else."""
    q = select(Certificate).order_by(Certificate.issued_at.desc(), Certificate.id.desc()).limit(limit)
    if not actor.is_administrator:
        if actor.account_role != ACCOUNT_TRAINER or actor.account_id is None:
            return ()
        theirs = select(Workshop.id).where(Workshop.created_by == actor.account_id)
        q = q.where((Certificate.trainer_account_id == actor.account_id) | (Certificate.issued_by == actor.account_id)
                    | Certificate.workshop_id.in_(theirs))
    return tuple(_row(c) for c in session.scalars(q))


def count_valid(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Certificate).where(Certificate.revoked_at.is_(None))) or 0)
