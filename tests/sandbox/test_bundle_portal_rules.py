"""Bundles as the portal uses them: the applicant's tờ khai pre-filled, the subject kept apart, only one's own."""

from __future__ import annotations

import pytest

from tests.sandbox.helpers import NOW, first_citizen, new_sandbox, upload_all
from trainer.actor import Actor
from trainer.db.engine import get_session_factory
from trainer.errors import DomainError, NotFound
from trainer.sandbox import interconnection, reference
from trainer.sandbox.models import Citizen
from trainer.sandbox.sandboxes import citizens
from trainer.sandbox.transitions import Status


def test_an_online_bundle_prefills_each_tờ_khai_with_the_applicant_and_keeps_the_child_apart(db_url):
    with get_session_factory(db_url).begin() as s:
        sid = new_sandbox(s)
        mother = s.get(Citizen, first_citizen(s, sid))
        bundle = interconnection.start_bundle(s, sid, bundle_id="birth_bundle", citizen_id=mother.id,
                                              actor=Actor.playing("citizen"), now=NOW,
                                              subject={"child_name": "  Lò Văn Minh  ", "child_gender": "male"})
        assert bundle.subject == {"child_name": "Lò Văn Minh", "child_gender": "male"}
        for part in interconnection.bundle_parts(s, bundle):
            assert part.form_data["full_name"] == mother.full_name  # the applicant, not the child
            assert part.form_data["national_id"] == mother.national_id
            assert part.form_data["child_name"] == "Lò Văn Minh"


def test_a_subject_value_longer_than_the_limit_is_refused_before_anything_is_made(db_url):
    with get_session_factory(db_url).begin() as s:
        sid = new_sandbox(s)
        too_long = "x" * (interconnection.SUBJECT_VALUE_MAX_CHARS + 1)
        with pytest.raises(DomainError):
            interconnection.start_bundle(s, sid, bundle_id="death_bundle", citizen_id=first_citizen(s, sid),
                                         actor=Actor.playing("citizen"), now=NOW,
                                         subject={"deceased_name": too_long})
        assert interconnection.bundles(s, sid) == []


def test_a_signed_in_citizen_cannot_submit_someone_elses_bundle(db_url):
    with get_session_factory(db_url).begin() as s:
        sid = new_sandbox(s)
        owner = first_citizen(s, sid)
        other = next(c.id for c in citizens(s, sid) if c.id != owner)
        bundle = interconnection.start_bundle(s, sid, bundle_id="birth_bundle", citizen_id=owner,
                                              actor=Actor.playing("citizen"), now=NOW)
        parts = interconnection.bundle_parts(s, bundle)
        for part in parts:
            upload_all(s, sid, part, reference.mandatory_ids(part.procedure_code))
        with pytest.raises(NotFound):
            interconnection.submit_bundle(s, sid, bundle.id, actor=Actor.playing("citizen"), now=NOW,
                                          citizen_id=other)
        assert all(p.status == Status.DRAFT for p in parts)
