"""Sources shown to trainees are laws and publications, never the project's own files (issue 9 item 17)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from trainer.content.problems import legal_source
from trainer.fake.profiles import ArticleFigures

ROOT = Path(__file__).resolve().parents[2]
LAW = re.compile(r"(Nghị định|Thông tư|Quyết định|Luật|Bộ luật|Cơ sở dữ liệu quốc gia|Thủ tục \d|Nguyên tắc)")


def _sources() -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / "scenarios").rglob("*.yaml")) + sorted((ROOT / "sandbox_data" / "profiles").glob("*.yaml")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = re.match(r"\s*source:\s*\"?(.*?)\"?\s*$", line)
            if match:
                found.append((f"{path.relative_to(ROOT)}:{n}", match.group(1)))
    return found


def test_there_are_sources_to_check():
    assert len(_sources()) > 150


@pytest.mark.parametrize(("where", "source"), _sources())
def test_every_source_is_a_law_or_a_publication(where, source):
    assert legal_source(source) == source, where
    assert LAW.search(source) or "Báo " in source, f"{where}: {source}"


@pytest.mark.parametrize("bad", ["DOMAIN.md §3", "Nghị định 61/2018/NĐ-CP; DOMAIN.md §3", "../shared/seed/SUMMARY.md"])
def test_a_file_name_as_a_source_is_refused_in_plain_words(bad):
    with pytest.raises(ValueError, match="the source names a file"):
        legal_source(bad)
    with pytest.raises(ValidationError):
        ArticleFigures(source=bad, dossiers_received=1, online_level3=0, online_level4=0, bcci_total=0,
                       bcci_pickup=0, bcci_return=0)
