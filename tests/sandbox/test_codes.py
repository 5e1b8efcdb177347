"""Dossier codes: the Circular 01/2018 structure, a daily sequence per agency and sandbox, safe under concurrency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.sandbox.helpers import NOW, new_sandbox, online_dossier
from trainer.db.engine import get_session_factory
from trainer.errors import DomainError, NotFound
from trainer.sandbox.codes import find_by_code, format_code, next_code, normalise_code, parse_code

AGENCY = "H06.01.01.000"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.integers(1, 9999))
def test_a_code_reads_back_as_its_agency_day_and_number(day, seq):
    code = format_code(AGENCY, day, seq)
    assert code == f"{AGENCY}-{day:%y%m%d}-{seq:04d}"
    assert parse_code(code.lower()) == (AGENCY, day, seq)


def test_malformed_codes_and_sequences_out_of_range_are_refused():
    for bad in ("", "H06-2603-1", "H06.01.01.000-260302-12345"):
        with pytest.raises(DomainError):
            parse_code(bad)
    with pytest.raises(DomainError):
        format_code(AGENCY, date(2026, 3, 2), 10_000)
    assert normalise_code(" h06.01.01.000 - 260302 - 0001 ") == "H06.01.01.000-260302-0001"


def test_numbers_run_per_agency_per_day_and_per_sandbox(db_url):
    with get_session_factory(db_url).begin() as s:
        a, b = new_sandbox(s, households=1), new_sandbox(s, households=1)
        assert [next_code(s, a, AGENCY, NOW)[-4:] for _ in range(3)] == ["0001", "0002", "0003"]
        assert next_code(s, a, "H06.01.02.000", NOW).endswith("-260302-0001")
        assert next_code(s, a, AGENCY, datetime(2026, 3, 3, 8)).endswith("-260303-0001")
        assert next_code(s, b, AGENCY, NOW).endswith("-260302-0001")


def test_concurrent_submissions_never_share_a_number(db_url):
    factory = get_session_factory(db_url)
    with factory.begin() as s:
        sid = new_sandbox(s, households=1)

    def take(_: int) -> str:
        with factory.begin() as session:
            return next_code(session, sid, AGENCY, NOW)

    with ThreadPoolExecutor(max_workers=6) as pool:
        taken = list(pool.map(take, range(24)))
    assert sorted(taken) == [format_code(AGENCY, NOW.date(), n) for n in range(1, 25)]


def test_tracking_finds_a_code_typed_loosely_only_in_its_own_sandbox(db_url):
    with get_session_factory(db_url).begin() as s:
        sid, other = new_sandbox(s, households=1), new_sandbox(s, households=1)
        dossier = online_dossier(s, sid)
        assert find_by_code(s, sid, f"  {dossier.code.lower()} ").id == dossier.id
        with pytest.raises(NotFound):
            find_by_code(s, other, dossier.code)
