"""The live board of a workshop and help where it is needed.

Reads: `board_version(session, workshop_id)` (one number per tick: the newest event id of the workshop and its
participants; a projector redraws only when it moved), `board(session, actor=…, workshop_id=…, now=…)` (every
participant × their path's steps, done / in progress / not started, alone / with help, and who needs help: a raised
hand, stuck on one scenario step longer than the room's `stuck_minutes`, or the same listed scenario mistake made in
two runs, named), `my_help(session, actor=…, workshop_id=…)` (the participant's own hand and the latest help
given to them, for their screen).

Changes (each one transaction with its event, entity "workshop" so the board's version moves):
`raise_hand`, `lower_hand` (the participant), `mark_helped` (the trainer: "đã hỗ trợ" clears the hand and the
flags and credits the participant's active scenario run "with help"), `acknowledge_help` (the participant read
the notice), `set_stuck_minutes` (the trainer).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.coach.models import Run, RunMistake, RunStep
from trainer.db.events import record_event
from trainer.db.guards import lock_row
from trainer.errors import DomainError, NotFound
from trainer.live.access import ROOM_ENTITY, managed_workshop, member_enrolment, open_workshop
from trainer.live.models import HelpGiven, HelpRequest, LiveRoom
from trainer.training.models import Enrolment
from trainer.training.workshops import roster, workshop_version

DEFAULT_STUCK_MINUTES = 10
MIN_STUCK_MINUTES = 2
MAX_STUCK_MINUTES = 120
PAGE_MAX = 60


def board_version(session: Session, workshop_id: int) -> int:
    """The one number a board's tick reads: it moves with every event of the workshop or of its participants."""
    return workshop_version(session, workshop_id)


def stuck_minutes(session: Session, workshop_id: int) -> int:
    found = session.scalar(select(LiveRoom.stuck_minutes).where(LiveRoom.workshop_id == workshop_id))
    return int(found) if found is not None else DEFAULT_STUCK_MINUTES


def set_stuck_minutes(session: Session, *, actor: Actor, workshop_id: int, minutes: int, now: datetime) -> int:
    """The trainer sets after how many minutes on one step a participant shows as stuck."""
    managed_workshop(session, workshop_id, actor)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not MIN_STUCK_MINUTES <= minutes <= MAX_STUCK_MINUTES:
        raise DomainError("errors.live.bad_stuck_minutes", low=MIN_STUCK_MINUTES, high=MAX_STUCK_MINUTES)
    room = session.scalar(select(LiveRoom).where(LiveRoom.workshop_id == workshop_id))
    if room is None:
        try:
            with session.begin_nested():  # two tabs saving at once: one room row
                room = LiveRoom(workshop_id=workshop_id, stuck_minutes=minutes, created_at=now)
                session.add(room)
                session.flush()
        except IntegrityError:
            room = session.scalar(select(LiveRoom).where(LiveRoom.workshop_id == workshop_id))
    assert room is not None
    before = room.stuck_minutes
    room.stuck_minutes = minutes
    room.version += 1
    record_event(session, actor=actor.account_role or "operator", action="live.stuck_minutes_set", entity=ROOM_ENTITY,
                 entity_id=workshop_id, at=now, account_id=actor.account_id,
                 data={"from": before, "to": minutes})
    return minutes


def _open_hand(session: Session, workshop_id: int, trainee_id: int) -> HelpRequest | None:
    return session.scalar(select(HelpRequest).where(HelpRequest.workshop_id == workshop_id,
                                                    HelpRequest.trainee_id == trainee_id,
                                                    HelpRequest.cleared_at.is_(None)).order_by(HelpRequest.id).limit(1))


def raise_hand(session: Session, *, actor: Actor, workshop_id: int, now: datetime, page: str | None = None) -> HelpRequest:
    """"Cần hỗ trợ": the participant asks for help (a second press keeps the one hand already raised)."""
    enrolment = member_enrolment(session, workshop_id, actor)
    open_workshop(session, workshop_id)
    lock_row(session, Enrolment, enrolment.id)  # two tabs pressing at once: one hand
    found = _open_hand(session, workshop_id, enrolment.trainee_id)
    if found is not None:
        return found
    hand = HelpRequest(workshop_id=workshop_id, trainee_id=enrolment.trainee_id, raised_at=now,
                       page=(page or None) and str(page)[:PAGE_MAX])
    session.add(hand)
    session.flush()
    record_event(session, actor="trainee", action="live.hand_raised", entity=ROOM_ENTITY, entity_id=workshop_id, at=now,
                 trainee_id=enrolment.trainee_id, data={"help_request_id": hand.id, "page": hand.page})
    return hand


def lower_hand(session: Session, *, actor: Actor, workshop_id: int, now: datetime) -> None:
    """The participant no longer needs help ("Không cần nữa")."""
    enrolment = member_enrolment(session, workshop_id, actor)
    lock_row(session, Enrolment, enrolment.id)
    found = _open_hand(session, workshop_id, enrolment.trainee_id)
    if found is None:
        raise DomainError("errors.live.no_hand")
    found.cleared_at = now
    record_event(session, actor="trainee", action="live.hand_lowered", entity=ROOM_ENTITY, entity_id=workshop_id,
                 at=now, trainee_id=enrolment.trainee_id, data={"help_request_id": found.id})


def mark_helped(session: Session, *, actor: Actor, workshop_id: int, trainee_id: int, now: datetime) -> HelpGiven:
    """"Đã hỗ trợ": the trainer helped this participant. Clears their hand and flags (stuck, repeated mistake)
    and marks their active scenario run "with help" (the path counts it apart from alone)."""
    managed_workshop(session, workshop_id, actor)
    enrolment = session.scalar(select(Enrolment).where(Enrolment.workshop_id == workshop_id,
                                                       Enrolment.trainee_id == trainee_id))
    if enrolment is None:
        raise NotFound("errors.live.unknown_participant")
    lock_row(session, Enrolment, enrolment.id)  # two trainers (or tabs) clicking at once go one after the other
    flags = _flags(session, workshop_id, [(trainee_id, enrolment.enrolled_at)], now).get(trainee_id, Flags())
    run = session.scalar(select(Run).where(Run.trainee_id == trainee_id, Run.status == "active",
                                           Run.started_at >= enrolment.enrolled_at)
                         .order_by(Run.started_at.desc(), Run.id.desc()).limit(1))
    given = HelpGiven(workshop_id=workshop_id, trainee_id=trainee_id, at=now, account_id=actor.account_id,
                      run_id=run.id if run else None, reasons=flags.reasons)
    session.add(given)
    session.flush()
    for hand in session.scalars(select(HelpRequest).where(HelpRequest.workshop_id == workshop_id,
                                                          HelpRequest.trainee_id == trainee_id,
                                                          HelpRequest.cleared_at.is_(None))):
        hand.cleared_at, hand.cleared_by = now, given.id
    if run is not None and not run.with_help:
        run.with_help = True
        record_event(session, actor=actor.account_role or "trainer", action="coach.help_marked", entity="run",
                     entity_id=run.id, at=now, sandbox_id=run.sandbox_id, trainee_id=trainee_id,
                     account_id=actor.account_id, data={"with_help": True, "help_given_id": given.id})
    record_event(session, actor=actor.account_role or "trainer", action="live.helped", entity=ROOM_ENTITY,
                 entity_id=workshop_id, at=now, trainee_id=trainee_id, account_id=actor.account_id,
                 data={"help_given_id": given.id, "run_id": given.run_id, "reasons": given.reasons})
    return given


def acknowledge_help(session: Session, *, actor: Actor, workshop_id: int, help_given_id: int, now: datetime) -> None:
    """The participant closes the "you were helped" notice on their screen."""
    enrolment = member_enrolment(session, workshop_id, actor)
    given = session.get(HelpGiven, help_given_id)
    if given is None or given.trainee_id != enrolment.trainee_id or given.workshop_id != workshop_id:
        raise NotFound("errors.live.unknown_help")
    if given.seen_at is None:
        given.seen_at = now
        record_event(session, actor="trainee", action="live.help_seen", entity=ROOM_ENTITY, entity_id=workshop_id,
                     at=now, trainee_id=enrolment.trainee_id, data={"help_given_id": given.id})


# --- flags --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RepeatedMistake:
    scenario_id: str
    mistake_id: str
    name_vi: str
    name_en: str
    times: int


@dataclass(frozen=True)
class Flags:
    """Why a participant needs help now (empty: they do not)."""

    hand_at: datetime | None = None
    hand_page: str | None = None
    stuck_step: str | None = None  # "<scenario>:<step>"
    stuck_since: datetime | None = None
    mistakes: tuple[RepeatedMistake, ...] = ()

    @property
    def any(self) -> bool:
        return self.hand_at is not None or self.stuck_step is not None or bool(self.mistakes)

    @property
    def reasons(self) -> list[str]:
        out = ["hand"] if self.hand_at is not None else []
        out += ["stuck"] if self.stuck_step is not None else []
        return out + [f"mistake:{m.mistake_id}" for m in self.mistakes]


def _mistake_name(scenario_id: str, mistake_id: str) -> tuple[str, str]:
    """A listed mistake's short name: its review line, else the first sentence of its feedback."""
    from trainer.coach.loader import get_scenario
    from trainer.errors import TrainerError

    try:
        scenario = get_scenario(scenario_id)
    except TrainerError:
        return mistake_id, mistake_id
    found = next((m for m in scenario.mistakes if m.id == mistake_id), None)
    if found is None:
        return mistake_id, mistake_id
    text = found.review or found.feedback

    def first(s: str) -> str:
        head = s.split(". ")[0].strip()
        return head if len(head) <= 120 else head[:117] + "…"
    return first(text.vi), first(text.get("en"))


def _flags(session: Session, workshop_id: int, members: list[tuple[int, datetime]], now: datetime) -> dict[int, Flags]:
    """Raised hands, stuck steps and repeated mistakes of these participants (each since their last help)."""
    ids = [m[0] for m in members]
    if not ids:
        return {}
    since = dict(members)
    limit = timedelta(minutes=stuck_minutes(session, workshop_id))
    helped = dict(session.execute(select(HelpGiven.trainee_id, func.max(HelpGiven.at))
                                  .where(HelpGiven.workshop_id == workshop_id, HelpGiven.trainee_id.in_(ids))
                                  .group_by(HelpGiven.trainee_id)).all())
    hands = {h.trainee_id: h for h in session.scalars(
        select(HelpRequest).where(HelpRequest.workshop_id == workshop_id, HelpRequest.trainee_id.in_(ids),
                                  HelpRequest.cleared_at.is_(None)).order_by(HelpRequest.id.desc()))}
    stuck: dict[int, tuple[str, datetime]] = {}
    for trainee_id, scenario_id, step_id, step_started, run_started in session.execute(
            select(Run.trainee_id, Run.scenario_id, Run.current_step, RunStep.started_at, Run.started_at)
            .outerjoin(RunStep, (RunStep.run_id == Run.id) & (RunStep.step_id == Run.current_step))
            .where(Run.trainee_id.in_(ids), Run.status == "active")):
        if run_started < since[trainee_id]:
            continue
        start = max(t for t in (step_started, run_started, helped.get(trainee_id)) if t is not None)
        if now - start > limit and (trainee_id not in stuck or start < stuck[trainee_id][1]):
            stuck[trainee_id] = (f"{scenario_id}:{step_id or ''}", start)
    repeated: dict[int, list[RepeatedMistake]] = {}
    for trainee_id, scenario_id, mistake_id, times, last in session.execute(
            select(Run.trainee_id, Run.scenario_id, RunMistake.mistake_id, func.count(func.distinct(Run.id)),
                   func.max(RunMistake.at))
            .join(Run, Run.id == RunMistake.run_id)
            .where(Run.trainee_id.in_(ids), Run.started_at >= min(since.values()))
            .group_by(Run.trainee_id, Run.scenario_id, RunMistake.mistake_id)
            .having(func.count(func.distinct(Run.id)) >= 2)):
        last_help = helped.get(trainee_id)
        if last_help is not None and last <= last_help:
            continue
        vi, en = _mistake_name(scenario_id, mistake_id)
        repeated.setdefault(trainee_id, []).append(RepeatedMistake(scenario_id, mistake_id, vi, en, int(times)))
    out = {}
    for trainee_id in ids:
        hand = hands.get(trainee_id)
        st = stuck.get(trainee_id)
        out[trainee_id] = Flags(hand.raised_at if hand else None, hand.page if hand else None,
                                st[0] if st else None, st[1] if st else None,
                                tuple(sorted(repeated.get(trainee_id, []), key=lambda m: m.mistake_id)))
    return out


# --- the board ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    key: str  # "scenario:<id>" | "quiz:<id>"
    kind: str
    ref: str
    state: str  # done | in_progress | not_started
    how: str  # alone | with_help | score | ""
    best_score: float | None


@dataclass(frozen=True)
class BoardRow:
    trainee_id: int
    name: str
    unit_label: str
    path_id: str
    cells: tuple[Cell, ...]
    steps_done: int
    passed: bool
    last_activity_at: datetime | None
    flags: Flags


@dataclass(frozen=True)
class Board:
    workshop_id: int
    title: str
    join_code: str
    status: str
    stuck_minutes: int
    version: int
    rows: tuple[BoardRow, ...]

    @property
    def needing_help(self) -> tuple[BoardRow, ...]:
        """Raised hands first (longest waiting first), then repeated mistakes, then stuck."""
        def order(r: BoardRow) -> tuple[int, datetime]:
            f = r.flags
            if f.hand_at is not None:
                return (0, f.hand_at)
            if f.mistakes:
                return (1, datetime.min)
            return (2, f.stuck_since or datetime.min)
        return tuple(sorted((r for r in self.rows if r.flags.any), key=order))

    def paths(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.path_id for r in self.rows))


def board(session: Session, *, actor: Actor, workshop_id: int, now: datetime) -> Board:
    """The whole board: every participant × their path's steps, with who needs help (trainer or administrator)."""
    ws = managed_workshop(session, workshop_id, actor)
    version = board_version(session, workshop_id)
    people = roster(session, workshop_id, actor)
    flags = _flags(session, workshop_id, [(r.trainee_id, r.enrolled_at) for r in people], now)
    rows = []
    for r in people:
        progress = {s.key: s for s in r.progress.steps}
        cells = []
        for o in r.outcome.steps:
            p = progress.get(o.key)
            state = "done" if o.done else ("in_progress" if p is not None and (p.in_progress or p.attempts) else "not_started")
            cells.append(Cell(o.key, o.kind, o.ref, state, o.how, o.best_score))
        rows.append(BoardRow(r.trainee_id, r.name, r.unit_label, r.path_id, tuple(cells), r.outcome.steps_done,
                             r.outcome.passed, r.last_activity_at, flags.get(r.trainee_id, Flags())))
    return Board(ws.id, ws.title, ws.join_code, ws.status, stuck_minutes(session, workshop_id), version, tuple(rows))


@dataclass(frozen=True)
class HelpNotice:
    help_given_id: int
    at: datetime
    with_help_run: bool


@dataclass(frozen=True)
class MyHelp:
    hand_at: datetime | None
    notice: HelpNotice | None  # the latest help given that the participant has not closed yet


def my_help(session: Session, *, actor: Actor, workshop_id: int) -> MyHelp:
    """The participant's own raised hand and the help given to them (for the "Cần hỗ trợ" part of every page)."""
    enrolment = member_enrolment(session, workshop_id, actor)
    hand = _open_hand(session, workshop_id, enrolment.trainee_id)
    given = session.scalar(select(HelpGiven).where(HelpGiven.workshop_id == workshop_id,
                                                   HelpGiven.trainee_id == enrolment.trainee_id,
                                                   HelpGiven.seen_at.is_(None))
                           .order_by(HelpGiven.id.desc()).limit(1))
    notice = HelpNotice(given.id, given.at, given.run_id is not None) if given is not None else None
    return MyHelp(hand.raised_at if hand else None, notice)
