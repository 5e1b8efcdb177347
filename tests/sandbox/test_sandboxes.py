"""Sandboxes: deterministic fake citizens of one commune, isolation between sandboxes, reset, and the clock."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from tests.sandbox.helpers import (
    BIRTH,
    NOW,
    THREE,
    TWO,
    commune_code,
    new_sandbox,
    online_dossier,
    signed,
    stored,
)
from trainer.actor import Actor
from trainer.db.engine import get_session_factory
from trainer.db.events import Event, record_event
from trainer.errors import DomainError, NotFound
from trainer.sandbox import codes, documents, lifecycle, portal
from trainer.sandbox.core import get_dossier
from trainer.sandbox.models import Citizen, Dossier, Sandbox, StoredDocument
from trainer.sandbox.sandboxes import (
    OWNED_MODELS,
    advance_clock,
    citizens,
    create_sandbox,
    reset_sandbox,
    sandbox_now,
    set_clock,
)


def people(session, sandbox_id):
    return [(c.full_name, c.national_id, c.date_of_birth) for c in citizens(session, sandbox_id)]


def test_the_same_seed_gives_the_same_citizens_and_another_seed_other_ones(sqlite_url):
    with get_session_factory(sqlite_url).begin() as s:
        a, b, c = (new_sandbox(s, seed=seed) for seed in (5, 5, 6))
        assert people(s, a) == people(s, b)
        assert people(s, a) != people(s, c)


@pytest.mark.parametrize("model", [THREE, TWO])
def test_every_citizen_lives_in_the_sandbox_commune_with_a_data_store(sqlite_url, model):
    with get_session_factory(sqlite_url).begin() as s:
        sid = new_sandbox(s, model=model, households=6)
        everyone = citizens(s, sid)
        assert len(everyone) >= 6
        assert {c.commune_code for c in everyone} == {commune_code(model)}
        held = s.scalars(select(StoredDocument.doc_type).where(StoredDocument.sandbox_id == sid)).all()
        assert held.count("birth_certificate") == len(everyone)
        assert "id_card" in held and "land_certificate" in held


def test_a_sandbox_is_only_created_for_a_commune(sqlite_url):
    with get_session_factory(sqlite_url).begin() as s:
        province = "06"
        with pytest.raises((DomainError, NotFound)):
            create_sandbox(s, owner_id=None, unit_code=province, model=THREE, seed=1, now=NOW)


def test_one_sandbox_never_sees_another_sandboxs_rows(db_url):
    factory = get_session_factory(db_url)
    with factory.begin() as s:
        mine, theirs = new_sandbox(s, seed=1), new_sandbox(s, seed=1)
        their_dossier = signed(s, theirs)
        their_code = their_dossier.code
        my_dossier = online_dossier(s, mine)
    with factory.begin() as s:
        assert my_dossier.code == their_code  # same agency, same day: each sandbox numbers its own dossiers
        assert codes.find_by_code(s, mine, their_code).id == my_dossier.id
        with pytest.raises(NotFound):
            get_dossier(s, mine, their_dossier.id)
        with pytest.raises(NotFound):
            lifecycle.forward_to_processing(s, mine, their_dossier.id, actor=Actor.playing("desk_officer"),
                                            now=NOW)
        their_citizen = citizens(s, theirs)[0].id
        with pytest.raises(NotFound):
            portal.my_dossiers(s, mine, their_citizen)
        their_paper = s.scalar(select(StoredDocument).where(StoredDocument.sandbox_id == theirs))
        draft = portal.start_online_dossier(s, mine, citizen_id=citizens(s, mine)[0].id, procedure_code=BIRTH,
                                            actor=Actor.playing("citizen"), now=NOW)
        with pytest.raises(NotFound):
            documents.attach_from_store(s, mine, draft.id, stored_document_id=their_paper.id, doc_id=their_paper.doc_type,
                                        actor=Actor.playing("citizen"), now=NOW)
        with pytest.raises(NotFound):
            portal.start_online_dossier(s, mine, citizen_id=their_citizen, procedure_code=BIRTH,
                                        actor=Actor.playing("citizen"), now=NOW)
        assert [d.sandbox_id for d in portal.my_dossiers(s, mine, citizens(s, mine)[0].id)] == [mine, mine]


def test_reset_restores_the_start_state_and_leaves_other_sandboxes_alone(db_url):
    factory = get_session_factory(db_url)
    with factory.begin() as s:
        sid, other = new_sandbox(s, seed=3), new_sandbox(s, seed=4)
        before = people(s, sid)
        signed(s, sid)
        signed(s, other)
        advance_clock(s, sid, working_days=3)
    with factory.begin() as s:
        record_event(s, actor="desk_officer", action="coach.run_started", entity="run", entity_id=1, at=NOW,
                     sandbox_id=sid)
        reset_sandbox(s, sid, now=NOW)
    with factory() as s:
        assert s.scalar(select(Event.action).where(Event.sandbox_id == sid, Event.entity == "run")) == \
            "coach.run_started"  # other areas' history of the sandbox survives
        assert people(s, sid) == before
        assert sandbox_now(s, sid) == NOW
        assert s.scalar(select(func.count()).select_from(Dossier).where(Dossier.sandbox_id == sid)) == 0
        assert s.scalar(select(func.count()).select_from(Dossier).where(Dossier.sandbox_id == other)) == 1
        dossier_events = select(func.count()).select_from(Event).where(Event.entity == "dossier")
        assert s.scalar(dossier_events.where(Event.sandbox_id == sid)) == 0
        assert s.scalar(dossier_events.where(Event.sandbox_id == other)) > 0
        actions = s.scalars(select(Event.action).where(Event.sandbox_id == sid, Event.entity == "sandbox")
                            .order_by(Event.id)).all()
        assert actions[-1] == "sandbox.reset"
    with factory.begin() as s:  # codes restart: the sandbox is as new
        assert online_dossier(s, sid).code.endswith("-0001")


def test_deleting_a_sandbox_deletes_every_row_it_owns(db_url):
    factory = get_session_factory(db_url)
    with factory.begin() as s:
        sid = new_sandbox(s)
        signed(s, sid)
    with factory.begin() as s:
        s.delete(s.get(Sandbox, sid))
    with factory() as s:
        for model in OWNED_MODELS:
            assert s.scalar(select(func.count()).select_from(model)) == 0, model.__tablename__


def test_the_clock_advances_by_working_days_over_tet_and_by_office_hours(sqlite_url):
    with get_session_factory(sqlite_url).begin() as s:
        sid = new_sandbox(s, clock=datetime(2026, 2, 13, 10, 0))
        assert advance_clock(s, sid, working_days=2) == datetime(2026, 2, 24, 10, 0)
        assert advance_clock(s, sid, hours=8) == datetime(2026, 2, 25, 10, 0)
        with pytest.raises(DomainError):
            advance_clock(s, sid, working_days=-1)
        with pytest.raises(DomainError):
            set_clock(s, sid, datetime(2026, 1, 1))
        assert set_clock(s, sid, datetime(2026, 3, 2, 8, 0)) == sandbox_now(s, sid)
        moves = s.scalars(select(Event.action).where(Event.sandbox_id == sid, Event.entity == "sandbox")
                          .order_by(Event.id)).all()
        assert moves == ["sandbox.created", "sandbox.clock_advanced", "sandbox.clock_advanced", "sandbox.clock_set"]


def test_citizens_of_a_newborns_household_hold_the_birth_notice_to_reuse(sqlite_url):
    with get_session_factory(sqlite_url).begin() as s:
        sid = new_sandbox(s, households=6)
        notice = stored(s, sid, "birth_notice")
        assert notice is not None
        mother = s.get(Citizen, notice.citizen_id)
        assert mother.gender == "female" and mother.sandbox_id == sid


def test_dossier_events_carry_the_trainee_who_owns_the_sandbox(sqlite_url):
    from trainer.training.trainees import create_trainee

    with get_session_factory(sqlite_url).begin() as s:
        trainee = create_trainee(s, name="Lý Văn Toàn", audience="official", unit_code=None, now=NOW)
        sandbox = create_sandbox(s, owner_id=trainee.id, unit_code=commune_code(), model=THREE, seed=2, now=NOW,
                                 households=1)
        online_dossier(s, sandbox.id)
        owners = set(s.scalars(select(Event.trainee_id).where(Event.sandbox_id == sandbox.id)))
        assert owners == {trainee.id}


def test_the_practice_sandbox_is_made_once_per_trainee_and_the_demo_one_is_shared(db_url):
    from trainer.sandbox.sandboxes import practice_sandbox
    from trainer.training.trainees import create_trainee

    factory = get_session_factory(db_url)
    unit = commune_code(THREE)
    with factory.begin() as s:
        hoa = create_trainee(s, name="Nông Thị Hoa", audience="official", unit_code=None, now=NOW)
        own = practice_sandbox(s, owner_id=hoa.id, unit_code=unit, model=THREE, seed=5, now=NOW, label="Của Hoa")
        again = practice_sandbox(s, owner_id=hoa.id, unit_code=unit, model=THREE, seed=9, now=NOW)
        demo = practice_sandbox(s, owner_id=None, unit_code=unit, model=THREE, seed=5, now=NOW)
        demo_again = practice_sandbox(s, owner_id=None, unit_code=unit, model=THREE, seed=5, now=NOW)
        assert own.id == again.id and own.owner_id == hoa.id and own.label == "Của Hoa"
        assert demo.id == demo_again.id != own.id and demo.owner_id is None
        assert citizens(s, own.id) and citizens(s, demo.id)
        created = s.scalar(select(func.count()).select_from(Event).where(Event.action == "sandbox.created"))
        assert created == 2
