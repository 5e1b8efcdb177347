"""A workshop with participants, for the live-room tests (real content: scenarios/quizzes and paths)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from trainer.accounts.services import account_actor, create_account
from trainer.actor import Actor
from trainer.db.engine import get_session_factory
from trainer.training import workshops as ws

NOW = datetime(2026, 3, 2, 8, 0)
COMMUNE = "01849"


@dataclass(frozen=True)
class Room:
    trainer: Actor
    workshop_id: int
    join_code: str
    people: tuple[Actor, ...]  # each participant as their own actor


def account(url: str, username: str, role: str = "trainer") -> Actor:
    with get_session_factory(url).begin() as session:
        row = create_account(session, actor=Actor.operator_shell(), username=username, password="mat-khau-dai-1",
                             role=role, display_name=username, unit_codes=(), now=NOW)
        return account_actor(row, "desk_officer")


def room(url: str, names=("Lò Thị Mai", "Hà Văn Dũng", "Nông Thị Hoa"), *, trainer: Actor | None = None) -> Room:
    trainer = trainer or account(url, "gv.lan")
    with get_session_factory(url).begin() as session:
        row = ws.create_workshop(session, actor=trainer, unit_code=COMMUNE, held_on=date(2026, 3, 2),
                                 path_ids=("can-bo-mot-cua",), now=NOW)
    people = []
    for i, name in enumerate(names):
        with get_session_factory(url).begin() as session:
            joined = ws.join_workshop(session, actor=Actor.playing("citizen"), code=row.join_code, name=name,
                                      audience="official", path_id="can-bo-mot-cua",
                                      now=NOW + timedelta(minutes=1 + i))
        people.append(Actor.trainee("desk_officer", joined.trainee.id, name=name))
    return Room(trainer, row.id, row.join_code, tuple(people))
