"""Random sequences of real service calls (hypothesis state machine): the rules of the status table always hold."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import select

from tests.sandbox.helpers import MARITAL, NOW, new_sandbox, online_dossier
from tests.support import migrated_sqlite
from trainer.actor import Actor
from trainer.db.engine import dispose_all, get_session_factory
from trainer.db.events import Event
from trainer.errors import DomainError
from trainer.sandbox import interconnection, lifecycle, portal
from trainer.sandbox.models import Dossier
from trainer.sandbox.transitions import ROLES, TRANSITIONS, Status

LATER = NOW + timedelta(days=30)
CALLS = {  # action: (service, extra arguments) — the role is drawn at random
    "receive_online": (lifecycle.receive_online, {}),
    "request_supplement": (lifecycle.request_supplement, {"missing": ["divorce_judgment"]}),
    "submit_supplement": (lifecycle.submit_supplement, {}),
    "refuse": (lifecycle.refuse, {"reason": "Không thuộc thẩm quyền"}),
    "forward_to_processing": (lifecycle.forward_to_processing, {}),
    "approve_step": (lifecycle.approve_step, {}),
    "send_back_step": (lifecycle.send_back_step, {"reason": "Xem lại"}),
    "request_payment": (lifecycle.request_payment, {"amount": 5000}),
    "confirm_payment": (lifecycle.confirm_payment, {}),
    "sign": (lifecycle.sign, {}),
    "stop_processing": (lifecycle.stop_processing, {"reason": "Dừng"}),
    "return_result": (lifecycle.return_result, {}),
    "recall": (lifecycle.recall, {"reason": "Sửa"}),
    "issue_apology": (lifecycle.issue_apology, {"new_appointment_at": LATER, "reason": "Chậm"}),
    "send_result_to_desk": (interconnection.send_result_to_desk, {}),
}
PORTAL_CALLS = {
    "request_withdrawal": portal.request_withdrawal,
    "rate": portal.rate_satisfaction,
}
ABSORBING = (Status.REFUSED, Status.STOPPED)
REACHED: set[int] = set()  # statuses reached by any walk (printed with -s to judge coverage)


class DossierWalk(RuleBasedStateMachine):
    """One sandbox, a few dossiers, random actions by random roles at a moving clock."""

    @initialize()
    def open_sandbox(self):
        self.folder = tempfile.TemporaryDirectory()
        self.url = migrated_sqlite(Path(self.folder.name) / "walk.db")
        self.factory = get_session_factory(self.url)
        self.now = NOW
        with self.factory.begin() as s:
            self.sid = new_sandbox(s, households=2)
            self.ids = [online_dossier(s, self.sid, MARITAL).id for _ in range(3)]
        self.moves = {i: 0 for i in self.ids}
        self.history: dict[int, list[int]] = {i: [Status.SUBMITTED] for i in self.ids}

    def teardown(self):
        dispose_all()
        self.folder.cleanup()

    def _status(self, dossier_id: int) -> int:
        with self.factory() as s:
            return s.get(Dossier, dossier_id).status

    def _attempt(self, dossier_id, call):
        before = self._status(dossier_id)
        try:
            with self.factory.begin() as s:
                call(s)
        except DomainError:
            assert self._status(dossier_id) == before
            return
        after = self._status(dossier_id)
        if after != before:
            REACHED.add(after)
            self.moves[dossier_id] += 1
            self.history[dossier_id].append(after)

    def _fitting_role(self, dossier_id: int, action: str) -> str:
        """The role the table allows for this action now (the step holder in processing), else any allowed one."""
        with self.factory() as s:
            dossier = s.get(Dossier, dossier_id)
            status, step = dossier.status, dossier.step
        now_allowed = [r for (a, f, r) in TRANSITIONS if a == action and f == status]
        if step in now_allowed:
            return step
        return (now_allowed or [r for (a, _, r) in TRANSITIONS if a == action])[0]

    @rule(index=st.integers(0, 2), action=st.sampled_from(sorted(CALLS)), role=st.sampled_from(ROLES),
          fitting=st.integers(0, 4), minutes=st.integers(0, 600))
    def official_action(self, index, action, role, fitting, minutes):
        self.now += timedelta(minutes=minutes)
        service, extra = CALLS[action]
        dossier_id = self.ids[index]
        if fitting:  # four times in five the right role acts, so walks go deep; otherwise anyone tries
            role = self._fitting_role(dossier_id, action)
        self._attempt(dossier_id, lambda s: service(s, self.sid, dossier_id, actor=Actor.playing(role),
                                                    now=self.now, **extra))

    @rule(index=st.integers(0, 2), action=st.sampled_from(sorted(PORTAL_CALLS)))
    def citizen_action(self, index, action):
        dossier_id = self.ids[index]
        extra = {"score": 5} if action == "rate" else {}
        service = PORTAL_CALLS[action]
        self._attempt(dossier_id, lambda s: service(s, self.sid, dossier_id, actor=Actor.playing("citizen"),
                                                    now=self.now,
                                                    **extra))

    @invariant()
    def every_move_is_in_the_table_and_logged_once(self):
        if not hasattr(self, "ids"):
            return
        with self.factory() as s:
            for dossier_id in self.ids:
                dossier = s.get(Dossier, dossier_id)
                changes = s.scalars(select(Event).where(
                    Event.sandbox_id == self.sid, Event.entity_id == dossier.code, Event.from_state != Event.to_state,
                    Event.action != "dossier.submitted",
                )).all()
                assert len(changes) == self.moves[dossier_id]
                for event in changes:
                    assert any(k[1] == int(event.from_state) and k[2] == event.actor for k in TRANSITIONS)
                path = self.history[dossier_id]
                for earlier in path[:-1]:
                    assert earlier not in ABSORBING  # refused and stopped dossiers never move again
                assert 0 <= dossier.status <= 10


TestDossierWalk = DossierWalk.TestCase
TestDossierWalk.settings = settings(max_examples=5, stateful_step_count=60, deadline=None,
                                    suppress_health_check=[HealthCheck.too_slow])
