"""xAPI export: one statement per answer, step, run result, path completion; stable uuid5 ids, opaque account
actors, scaled scores in [-1, 1], ISO 8601 timestamps; scoped; `trainer export xapi -o FILE.jsonl`."""

from __future__ import annotations

import io
import json
import uuid
from datetime import datetime

import pytest

from tests.reports.test_dashboard_queries import DISTRICT_B, account
from trainer.cli import main
from trainer.db.engine import get_session_factory
from trainer.reports import xapi


def export(url, actor) -> list[dict]:
    out = io.StringIO()
    with get_session_factory(url)() as session:
        count = xapi.write_jsonl(session, actor, out)
    lines = out.getvalue().splitlines()
    assert len(lines) == count
    return [json.loads(line) for line in lines]


def test_statements_are_valid_stable_opaque_and_scaled(world):
    first = export(world["url"], world["admin"])
    verbs = [s["verb"]["id"].rsplit("/", 1)[1] for s in first]
    assert verbs.count("answered") == 13  # 5 + 3 + 5 answers
    assert verbs.count("completed") == 4 + 2  # 4 steps passed (one run each) + 2 paths passed
    assert verbs.count("passed") == 4  # 4 runs passed
    ids = [s["id"] for s in first]
    assert len(set(ids)) == len(ids)
    assert all(uuid.UUID(i).version == 5 for i in ids)
    assert [s["id"] for s in export(world["url"], world["admin"])] == ids  # same ids on a second export
    for s in first:
        assert set(s["actor"]) == {"objectType", "account"} and "mbox" not in json.dumps(s["actor"])
        assert "@" not in json.dumps(s["actor"])
        assert s["actor"]["account"]["name"] not in {str(v) for v in world["people"].values()}  # opaque
        score = s.get("result", {}).get("score")
        if score is not None:
            assert -1 <= score["scaled"] <= 1
        assert datetime.fromisoformat(s["timestamp"]).utcoffset() is not None
    names = {p: xapi.statement_id(f"trainee:{i}") for p, i in world["people"].items()}
    lan = [s for s in first if s["actor"]["account"]["name"] == names["Lò Thị Lan"]]
    assert any(s["object"]["id"].endswith("/path/buu-dien-bcci") for s in lan)


def test_a_district_leader_exports_only_their_units(world):
    leader = account(world["url"], "ld.huyen", "leader", [DISTRICT_B])
    mine = export(world["url"], leader)
    names = {xapi.statement_id(f"trainee:{i}"): p for p, i in world["people"].items()}
    assert {names[s["actor"]["account"]["name"]] for s in mine} == {"outsider"}  # Vân has done nothing yet


def test_the_cli_writes_the_file_whole(world, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TRAINER_DATABASE_URL", world["url"])
    from trainer.settings import get_settings

    get_settings.cache_clear()
    target = tmp_path / "records.jsonl"
    assert main(["export", "xapi", "-o", str(target)]) == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(line)["id"] for line in lines)
    assert "câu lệnh xAPI" in capsys.readouterr().out
    assert main(["export", "xapi", "-o", str(tmp_path / "no" / "such" / "x.jsonl")]) == 2
    assert not list(tmp_path.glob(".xapi-*"))


@pytest.mark.parametrize(("raw", "maximum", "scaled"), [(5, 10, 0.5), (12, 10, 1.0), (-3, 1, -1.0), (1, 0, 0.0)])
def test_scaled_score_stays_within_minus_one_and_one(raw, maximum, scaled):
    assert xapi._score(raw, maximum)["scaled"] == scaled
