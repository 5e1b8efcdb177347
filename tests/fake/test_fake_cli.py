"""`trainer fake`, `trainer seed --profile` and `trainer stats` from the command line."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from trainer.cli import main
from trainer.fake.people import Person, check_person

REQUIRED = ["full_name", "family_name", "middle_name", "given_name", "gender", "date_of_birth", "ethnicity",
            "national_id", "phone", "address", "commune_code"]


def test_fake_people_prints_the_same_valid_people_for_a_seed_as_json(capsys):
    assert main(["fake", "people", "-n", "25", "--seed", "4", "--format", "json", "--model", "three-level-2019"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["fake", "people", "-n", "25", "--seed", "4", "--format", "json", "--model", "three-level-2019"]) == 0
    assert json.loads(capsys.readouterr().out) == first
    assert len(first) == 25 and set(REQUIRED) <= set(first[0])
    for row in first:
        person = Person(**{**row, "date_of_birth": date.fromisoformat(row["date_of_birth"])})
        assert check_person(person) == []
        assert row["address"].endswith("Tỉnh Bắc Kạn")


def test_fake_people_as_csv_has_the_required_columns_and_n_rows(capsys):
    assert main(["fake", "people", "-n", "7", "--seed", "1", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 7
    assert list(rows[0])[: len(REQUIRED) - 1] == REQUIRED[:-1]
    assert all(len(r["national_id"]) == 12 and len(r["phone"]) == 10 for r in rows)


def test_fake_households_prints_members_sharing_an_address(capsys):
    assert main(["fake", "households", "-n", "3", "--seed", "2", "--format", "json"]) == 0
    members = json.loads(capsys.readouterr().out)
    by_household: dict[int, set[str]] = {}
    for m in members:
        by_household.setdefault(m["household_id"], set()).add(m["address"])
    assert len(by_household) == 3 and all(len(addresses) == 1 for addresses in by_household.values())


def test_a_negative_count_is_a_one_line_error(capsys):
    assert main(["fake", "people", "-n", "-3"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("trainer: ") and len(err.strip().splitlines()) == 1


def test_seed_profile_then_stats_prints_the_article_figures_with_the_flagged_difference(capsys):
    assert main(["seed", "--profile", "bac-kan-2019h1"]) == 0
    assert "55.337" in capsys.readouterr().out
    assert main(["stats", "--period", "2019h1", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("dossiers_received", "online_level3", "online_level4", "bcci_total", "bcci_pickup",
                                 "bcci_return")} == {
        "dossiers_received": 55_337, "online_level3": 1_933, "online_level4": 475,
        "bcci_total": 12_601, "bcci_pickup": 5_578, "bcci_return": 7_023,
    }
    assert (data["bcci_total_printed"], data["bcci_total_difference"]) == (12_691, 90)
    assert main(["stats", "--period", "2019h1", "--format", "table"]) == 0
    table = capsys.readouterr().out
    assert "Hồ sơ tiếp nhận" in table and "55.337" in table and "12.691" in table and "✗ lệch" in table
    lines = [line for line in table.splitlines() if "khớp" in line or "lệch" in line]
    assert len(lines) == 6
    computed = ["55.337", "1.933", "475", "12.601", "5.578", "7.023"]  # right-aligned in one column
    assert len({line.index(" " + value + " ") + len(value) for line, value in zip(lines, computed)}) == 1


def test_stats_before_seeding_says_how_to_load_and_an_unknown_period_fails(capsys):
    assert main(["stats", "--period", "2018"]) == 0
    assert "trainer seed --profile bac-kan-2018" in capsys.readouterr().out
    assert main(["stats", "--period", "2017"]) == 1
    assert "2017" in capsys.readouterr().err
    assert main(["seed", "--profile", "nowhere"]) == 1
    assert "nowhere" in capsys.readouterr().err
