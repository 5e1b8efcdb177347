"""`trainer export xapi` on the province-scale data (issue 16, Done when): `trainer seed --profile province-scale`
once for the module (the real profile: 5,152 people, 138,210 answers, 23,046 runs, the 2018 history; SQLite),
then two exports by the command itself. Every line is a JSON statement, every id unique (uuid5), the second export
gives the same ids in the same order, no actor carries an e-mail address; scores scaled within [-1, 1]."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.settings import get_settings


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("province-scale")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("TRAINER_DATABASE_URL", raising=False)
        mp.setenv("TRAINER_DATA_DIR", str(folder / "var"))
        mp.setenv("TRAINER_ADMIN_MODEL", "two-level-2025")
        get_settings.cache_clear()
        try:
            assert main(["db", "upgrade"]) == 0
            assert main(["seed", "--profile", "province-scale"]) == 0
            first, second = folder / "first.jsonl", folder / "second.jsonl"
            assert main(["export", "xapi", "-o", str(first)]) == 0
            assert main(["export", "xapi", "-o", str(second)]) == 0
        finally:
            get_settings.cache_clear()
    return first, second


def read(path: Path) -> tuple[list[str], Counter[str], set[str], list[dict]]:
    """(ids in order, statements per verb, actor names, the actors that are not an opaque account)."""
    ids: list[str] = []
    verbs: Counter[str] = Counter()
    actors: set[str] = set()
    bad: list[dict] = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            s = json.loads(line)
            ids.append(s["id"])
            verbs[s["verb"]["id"].rsplit("/", 1)[1]] += 1
            actor = s["actor"]
            text = json.dumps(actor, ensure_ascii=False)
            if set(actor) != {"objectType", "account"} or "mbox" in text or "@" in text:
                bad.append(actor)
            else:
                actors.add(actor["account"]["name"])
            scaled = s.get("result", {}).get("score", {}).get("scaled")
            assert scaled is None or -1 <= scaled <= 1, s
            assert datetime.fromisoformat(s["timestamp"]).utcoffset() is not None, s
    return ids, verbs, actors, bad


def test_xapi_export_of_the_province_scale_data_is_valid_unique_stable_and_without_email(exports):
    first, second = exports
    ids, verbs, actors, bad = read(first)
    assert bad == []
    assert len(ids) == sum(verbs.values()) > 200_000
    assert len(set(ids)) == len(ids)
    assert {uuid.UUID(i).version for i in ids[:: max(1, len(ids) // 2000)]} == {5}
    assert verbs["answered"] >= 100_000  # one per quiz answer of the profile
    assert verbs["passed"] + verbs["failed"] >= 20_000  # run results and missed steps
    assert verbs["earned"] > 0 and verbs["completed"] > verbs["earned"]  # certificates; steps and paths completed
    assert len(actors) > 4_000  # of 5,152: people imported from a roster who never joined have no record
    again, _, _, bad_again = read(second)
    assert bad_again == [] and again == ids  # the same ids, in the same order
