"""The calibrated history reproduces the article exactly and looks like a plausible year of one-stop work."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from trainer.content.problems import ContentError
from trainer.db.engine import get_session_factory
from trainer.db.events import Event
from trainer.fake.history import RETURNED, generate_history, load_history, loaded_profiles
from trainer.fake.models import HistoryDossier
from trainer.fake.profiles import HistoryProfile, list_profiles, load_profile, profile_for_period
from trainer.fake.stats import compare_with_article, monthly_counts, profile_stats
from trainer.settings import get_settings
from trainer.world import calendar
from trainer.world.procedures import load_catalogue

NOW = datetime(2026, 3, 2, 9, 0)


@pytest.fixture(scope="module")
def rows_2018():
    return generate_history(load_profile("bac-kan-2018", get_settings()), get_settings())


def _seed(url: str, profile_id: str):
    profile = load_profile(profile_id, get_settings())
    with get_session_factory(url).begin() as session:
        load_history(session, profile, now=NOW)
    with get_session_factory(url)() as session:
        return profile, profile_stats(session, profile)


def test_seeding_2018_then_counting_the_rows_gives_exactly_the_article_figures(db_url):
    profile, stats = _seed(db_url, "bac-kan-2018")
    assert stats.figures() == {
        "dossiers_received": 73_138, "online_level3": 6_391, "online_level4": 1_254,
        "bcci_total": 27_968, "bcci_pickup": 7_439, "bcci_return": 20_529,
    }
    assert all(check.matches for check in compare_with_article(stats, profile))


def test_seeding_2019h1_reproduces_the_parts_and_flags_the_printed_total(db_url):
    profile, stats = _seed(db_url, "bac-kan-2019h1")
    assert (stats.dossiers_received, stats.online_level3, stats.online_level4) == (55_337, 1_933, 475)
    assert (stats.bcci_pickup, stats.bcci_return, stats.bcci_total) == (5_578, 7_023, 12_601)
    checks = {c.name: c for c in compare_with_article(stats, profile)}
    assert not checks["bcci_total"].matches
    assert (checks["bcci_total"].article, checks["bcci_total"].computed) == (12_691, 12_601)
    assert profile.article.bcci_difference == 90
    assert [name for name, c in checks.items() if not c.matches] == ["bcci_total"]


def test_rerunning_a_profile_replaces_its_rows_and_logs_each_load(sqlite_url):
    _seed(sqlite_url, "bac-kan-2019h1")
    profile, stats = _seed(sqlite_url, "bac-kan-2019h1")
    assert stats.dossiers_received == 55_337
    with get_session_factory(sqlite_url)() as session:
        assert loaded_profiles(session) == {"bac-kan-2019h1": 55_337 + stats.refused_at_reception}
        events = session.scalars(select(Event).where(Event.action == "history.loaded")).all()
        assert [e.entity_id for e in events] == ["bac-kan-2019h1", "bac-kan-2019h1"]
        assert events[0].at == NOW
        # refused online submissions are stored but never counted as received
        assert session.scalar(select(func.count()).select_from(HistoryDossier).where(HistoryDossier.status == 3)) > 0
        months = monthly_counts(session, profile.start, profile.end)
    assert sum(count for *_, count in months) == 55_337
    assert {key for _, _, key, _ in months} == {"direct", "post", "online3", "online4"}


def test_the_same_profile_gives_the_same_rows(rows_2018):
    again = generate_history(load_profile("bac-kan-2018", get_settings()), get_settings())
    assert again.dossiers[:500] == rows_2018.dossiers[:500]
    assert again.shipments[-500:] == rows_2018.shipments[-500:]
    assert len(again.dossiers) == len(rows_2018.dossiers)


def test_online_and_postal_dossiers_use_only_procedures_that_allow_it(rows_2018):
    catalogue = load_catalogue()
    by_post = {r["id"] for r in rows_2018.dossiers if r["result_by_post"]}
    for row in rows_2018.dossiers:
        procedure = catalogue.get(row["procedure_code"])
        if row["channel"] == "online":
            assert procedure.online.legacy_level == row["online_level"]
        if row["channel"] == "post" or row["id"] in by_post:
            assert procedure.bcci_allowed
        if row["online_level"] == 3:
            assert not row["result_by_post"]  # level 3: the result is collected in person


def test_results_sent_by_post_are_returned_within_the_period(rows_2018):
    end = datetime.combine(date(2018, 12, 31), time(23, 59, 59))
    posted = [r for r in rows_2018.dossiers if r["result_by_post"]]
    assert len(posted) == 20_529
    assert all(r["status"] == RETURNED and r["finished_at"] <= end and r["returned_at"] <= end for r in posted)
    kinds = Counter(s["kind"] for s in rows_2018.shipments)
    assert kinds == {"pickup": 7_439, "return": 20_529}
    assert all(date(2018, 1, 1) <= s["at"].date() <= date(2018, 12, 31) for s in rows_2018.shipments)


def test_the_year_looks_plausible(rows_2018):
    received = [r for r in rows_2018.dossiers if r["received_at"] is not None]
    statuses = Counter(r["status"] for r in rows_2018.dossiers)
    assert statuses[RETURNED] / len(rows_2018.dossiers) > 0.9
    assert {4, 8, 9, 3} <= set(statuses)  # some open at the end, a few stopped, some ready, some refused
    months = Counter(r["received_at"].month for r in received)
    assert min(months, key=months.get) == 2  # Tết
    finished = [r for r in received if r["finished_at"] is not None and not r["withdrawn"]]
    on_time = sum(r["finished_at"] <= r["due_at"] for r in finished) / len(finished)
    assert 0.9 < on_time < 0.995
    assert all(calendar.is_working_time(r["received_at"]) for r in received[:5000])
    levels = Counter(r["level"] for r in received)
    assert levels["commune"] > levels["district"] > 0 and levels["province"] > 0
    assert len({r["unit_code"] for r in received}) > 100  # nearly every commune desk and district desk
    assert len({r["code"] for r in rows_2018.dossiers}) == len(rows_2018.dossiers)


def test_due_dates_come_from_the_working_day_calendar(rows_2018):
    catalogue = load_catalogue()
    for row in rows_2018.dossiers[:3000]:
        if row["received_at"] is None:
            continue
        t = catalogue.get(row["procedure_code"]).time
        plain = calendar.appointment_date(row["received_at"], t.working_days)
        verified = calendar.appointment_date(row["received_at"], t.working_days + t.extra_days_if_verified)
        assert row["due_at"] in (plain, verified)
        assert calendar.is_working_day(row["due_at"].date())


def test_profiles_are_data_and_a_broken_one_is_a_located_error(tmp_path, monkeypatch):
    settings = get_settings()
    assert [p.id for p in list_profiles(settings)] == ["bac-kan-2018", "bac-kan-2019h1"]
    assert profile_for_period("2019H1", settings).id == "bac-kan-2019h1"
    source = (settings.sandbox_data_dir / "profiles" / "bac-kan-2019h1.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "sandbox_data" / "profiles"
    broken.mkdir(parents=True)
    (broken / "bac-kan-2019h1.yaml").write_text(source.replace("6: 1.0}", "6: 1.0, 7: 1.0}"), encoding="utf-8")
    monkeypatch.setenv("TRAINER_CONTENT_DIR", str(tmp_path))
    get_settings.cache_clear()
    with pytest.raises(ContentError) as caught:
        load_profile("bac-kan-2019h1", get_settings())
    problem = caught.value.problems[0]
    assert problem.file.endswith("bac-kan-2019h1.yaml") and "month_weights" in problem.message
    assert problem.line is not None


def test_a_profile_whose_parts_exceed_the_total_is_refused():
    data = load_profile("bac-kan-2018", get_settings()).model_dump()
    data["article"]["bcci_pickup"] = 80_000
    with pytest.raises(ValueError):
        HistoryProfile.model_validate(data)


def test_online_dossiers_are_received_within_eight_working_hours_of_submission(rows_2018):
    online = [r for r in rows_2018.dossiers if r["channel"] == "online" and r["received_at"] is not None]
    assert len(online) == 6_391 + 1_254
    for row in online[:2000]:
        assert row["submitted_at"] <= row["received_at"]
        assert calendar.working_hours_between(row["submitted_at"], row["received_at"]) <= 8
    assert any(not calendar.is_working_time(r["submitted_at"]) for r in online)  # some filed in the evening


@settings(max_examples=15, deadline=None)
@given(st.data())
def test_any_consistent_set_of_figures_is_reproduced_exactly(data):
    received = data.draw(st.integers(60, 400), "received")
    level3 = data.draw(st.integers(0, received // 4), "level3")
    level4 = data.draw(st.integers(0, received // 4), "level4")
    pickup = data.draw(st.integers(0, received // 4), "pickup")
    direct = received - level3 - level4 - pickup
    returned = data.draw(st.integers(0, direct // 3), "returned")
    base = load_profile("bac-kan-2019h1", get_settings()).model_dump()
    base.update(start=date(2019, 3, 1), end=date(2019, 3, 31), month_weights={3: 1.0},
                seed=data.draw(st.integers(0, 10**6), "seed"))
    base["article"].update(dossiers_received=received, online_level3=level3, online_level4=level4,
                           bcci_pickup=pickup, bcci_return=returned, bcci_total=pickup + returned)
    rows = generate_history(HistoryProfile.model_validate(base), get_settings())
    counted = Counter((r["channel"], r["online_level"]) for r in rows.dossiers if r["received_at"] is not None)
    assert sum(counted.values()) == received
    assert (counted[("online", 3)], counted[("online", 4)], counted[("post", None)]) == (level3, level4, pickup)
    assert Counter(s["kind"] for s in rows.shipments) == Counter({"pickup": pickup, "return": returned}) - Counter()
