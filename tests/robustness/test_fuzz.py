"""Fuzzing of every kind of content file and of rosters (issue 17 item 6): accepted, or a located error; never a
traceback.

Each test takes a real shipped file and lets hypothesis mutate it, either as text (cut short, a line dropped,
doubled or swapped, YAML-special or hostile characters inserted) or as data (a value replaced by one of another
type, a key dropped or added, a list item doubled; written back as indented JSON, which YAML reads). The mutated
file goes through `trainer check` exactly as an author's would (`run_check`, recognised by what it holds); every
problem must name the file and a place in it, and nothing else may escape. Runs are deterministic
(`derandomize=True`) and bounded (`EXAMPLES` per kind) so `make test` stays within its time; raise `EXAMPLES` (or
set TRAINER_TEST_FUZZ_EXAMPLES) for a long hunt.
"""

from __future__ import annotations

import io
import json
import math
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.content.check import run_check
from trainer.content.safe_yaml import load_text
from trainer.errors import TrainerError
from trainer.settings import PROJECT_ROOT, get_settings

EXAMPLES = int(os.environ.get("TRAINER_TEST_FUZZ_EXAMPLES", "8"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])

# kind -> (a shipped file of that kind, the files that must lie beside it, what `trainer check` is given: the file
# or its folder). E-forms, paths and rosters came later; each is fuzzed once its files exist.
SAMPLES = {
    "scenario": ("scenarios/desk-walk-in-receipt.yaml", (), "file"),
    "question": ("scenarios/quizzes/questions/bcci-post.yaml", ("scenarios/quizzes",), "quizzes"),
    "quiz": ("scenarios/quizzes/quizzes/co-ban.yaml", ("scenarios/quizzes",), "quizzes"),
    "topics": ("scenarios/quizzes/topics.yaml", ("scenarios/quizzes",), "quizzes"),
    "procedures": ("sandbox_data/procedures.yaml", (), "file"),
    "profile (monthly report figures)": ("sandbox_data/profiles/bac-kan-2019h1.yaml", (), "file"),
    "e-form": ("sandbox_data/eforms/khai-sinh.yaml", ("sandbox_data/eforms/blocks.yaml",), "file"),
    "learning path": ("scenarios/paths/can-bo-mot-cua.yaml", (), "file"),
}
PRESENT = {kind: sample for kind, sample in SAMPLES.items() if (PROJECT_ROOT / sample[0]).is_file()}
NASTY = ["", ":", ": x", "- ", "-\n-", "{", "}", "[", "]", "&a ", "*a", "!!python/object:os.system ", "? ", "|",
         ">", "%YAML 1.1", "---", "...", "\t", "'", '"', "#", "@", "`", "\u0000", "\u200b", "\ufeff", "\U0001f600",
         "Đắk Lắk", "<script>alert(1)</script>", "{{x}}", "{d9}", "  ", "\n  ", "\r\n", "~", "null", "1e9999",
         "-1", "0x1F", "2026-02-30", "9" * 40]

values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=True)
    | st.sampled_from(NASTY) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["id", "x", "vi", "en", "type"]) |
                                                                 st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*prefix, index))
    return out


def _get(node: Any, path: tuple) -> Any:
    for part in path:
        node = node[part]
    return node


@st.composite
def data_mutation(draw: st.DrawFn, data: Any) -> str:
    """The file's data with a few changes, as indented JSON (valid YAML)."""
    data = json.loads(json.dumps(data, default=str))
    for _ in range(draw(st.integers(1, 3))):
        places = _paths(data)
        path = draw(st.sampled_from(places))
        if not path:
            data = draw(values)
            continue
        parent = _get(data, path[:-1])
        key = path[-1]
        action = draw(st.sampled_from(["replace", "drop", "add", "double"]))
        if action == "replace":
            parent[key] = draw(values)
        elif action == "drop":
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "id", "vi", "steps", "x"]) | st.text(max_size=6))] = draw(values)
        elif action in ("add", "double") and isinstance(parent, list):
            parent.insert(key, json.loads(json.dumps(parent[key])))
        if not isinstance(data, (dict, list)):
            break
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=True)


@st.composite
def text_mutation(draw: st.DrawFn, text: str) -> str:
    """The file's text with a few changes: cut, a line dropped, doubled or swapped, characters inserted."""
    for _ in range(draw(st.integers(1, 3))):
        lines = text.splitlines(keepends=True) or [""]
        action = draw(st.sampled_from(["cut", "drop", "double", "swap", "insert", "indent"]))
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        if action == "cut":
            text = text[: draw(st.integers(0, len(text)))]
        elif action == "drop":
            text = "".join(lines[:i] + lines[i + 1:])
        elif action == "double":
            text = "".join(lines[: i + 1] + lines[i:])
        elif action == "swap":
            lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
        elif action == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.sampled_from(NASTY) | st.text(max_size=6)) + text[at:]
        else:
            lines[i] = draw(st.sampled_from(["  ", "\t", " "])) + lines[i]
            text = "".join(lines)
    return text


def _check_file(path: Path, target: Path) -> None:
    """trainer check on target (the file or its folder): no exception escapes, every problem is located."""
    try:
        results = run_check([target], get_settings())
    except TrainerError:  # a translated, one-line error (what the CLI prints) is an answer too
        return
    for result in results.values():
        for problem in result.problems:
            assert problem.message.strip(), problem
            assert Path(problem.file).name and (target.name in problem.file or path.name in problem.file
                                                 or Path(problem.file).exists()), problem
            assert problem.place or problem.line is not None, problem


def _bounded(kind: str):  # type: ignore[no-untyped-def]
    """Kinds checked with their whole folder (the quiz bank) or their cross-references (paths) cost more per
    example: half as many."""
    slow = PRESENT[kind][2] == "quizzes" or kind == "learning path"
    return settings(FUZZ, max_examples=max(2, EXAMPLES // 2)) if slow else FUZZ


def _original(kind: str) -> tuple[Path, str]:
    source = PROJECT_ROOT / PRESENT[kind][0]
    return source, source.read_text(encoding="utf-8")


def _place(kind: str, folder: Path, text: str) -> tuple[Path, Path]:
    """Write the (mutated) file into folder with what must lie beside it; returns (the file, what to check)."""
    path, beside, target = PRESENT[kind]
    for extra in beside:
        source = PROJECT_ROOT / extra
        if source.is_dir():
            shutil.copytree(source, folder / source.name, dirs_exist_ok=True)
        else:
            shutil.copyfile(source, folder / source.name)
    if target == "quizzes":
        file = folder / "quizzes" / Path(path).relative_to("scenarios/quizzes")
    else:
        file = folder / Path(path).name
    file.write_text(text, encoding="utf-8", errors="surrogatepass")
    return file, (folder / "quizzes" if target == "quizzes" else file)


def test_every_kind_named_in_the_issue_is_fuzzed_once_its_files_exist() -> None:
    assert {"scenario", "question", "procedures", "profile (monthly report figures)"} <= set(PRESENT)
    missing = sorted(set(SAMPLES) - set(PRESENT))
    assert missing == [] or all(k in ("e-form", "learning path") for k in missing), missing


@pytest.mark.parametrize("kind", sorted(PRESENT))
def test_a_shipped_file_unchanged_is_accepted(kind: str, tmp_path: Path) -> None:
    _source, text = _original(kind)
    _file, target = _place(kind, tmp_path, text)
    results = run_check([target], get_settings())
    assert [str(p) for r in results.values() for p in r.problems] == []


@pytest.mark.parametrize("kind", sorted(PRESENT))
def test_a_file_mutated_as_text_is_accepted_or_gets_a_located_error(kind: str, tmp_path_factory) -> None:
    _source, text = _original(kind)

    @_bounded(kind)
    @given(mutated=text_mutation(text))
    def run(mutated: str) -> None:
        file, target = _place(kind, tmp_path_factory.mktemp("fuzz"), mutated)
        _check_file(file, target)

    run()


@pytest.mark.parametrize("kind", sorted(PRESENT))
def test_a_file_mutated_as_data_is_accepted_or_gets_a_located_error(kind: str, tmp_path_factory) -> None:
    _source, text = _original(kind)
    data = load_text(text)

    @_bounded(kind)
    @given(mutated=data_mutation(data))
    def run(mutated: str) -> None:
        file, target = _place(kind, tmp_path_factory.mktemp("fuzz"), mutated)
        _check_file(file, target)

    run()


ROSTERS = PROJECT_ROOT / "tests" / "training" / "rosters"


@pytest.mark.skipif(not (PROJECT_ROOT / "trainer" / "training" / "roster.py").is_file(), reason="no rosters yet")
def test_a_mutated_roster_is_read_or_refused_row_by_row_never_a_traceback() -> None:
    from trainer.training.roster import read_roster

    samples = sorted(p for p in ROSTERS.iterdir() if p.suffix in (".csv", ".xlsx"))
    assert samples

    @FUZZ
    @given(sample=st.sampled_from(samples), cut=st.integers(0, 4000), junk=st.binary(max_size=40),
           where=st.integers(0, 4000), text=st.sampled_from(NASTY) | st.text(max_size=20))
    def run(sample: Path, cut: int, junk: bytes, where: int, text: str) -> None:
        data = sample.read_bytes()
        if sample.suffix == ".csv":
            data = data[:where] + text.encode("utf-8", "surrogatepass") + junk + data[where:]
        data = data[: max(cut, len(data) // 2)] if cut % 3 == 0 else data
        try:
            roster = read_roster(data, sample.name)
        except TrainerError:
            return
        for problem in roster.problems:
            assert problem.row is not None or getattr(problem, "message", None), problem

    run()


MONTHLY_REPORT = PROJECT_ROOT / "sandbox_data" / "samples" / "bao-cao-thang-theo-xa-mau-so-lieu-gia.csv"


def _report_xlsx(rows: list[list[Any]]) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _read_report_answers(data: bytes, name: str) -> None:
    """read_report accepts the file or returns located problems; nothing else escapes."""
    from trainer.reports.real_figures import read_report

    report = read_report(data, name)
    assert report.problems or report.entries, "neither rows nor a problem"
    for problem in report.problems:
        assert problem.message.strip() and problem.row >= 0, problem
        assert problem.row == 0 or problem.row <= len(data), problem


def test_a_mutated_monthly_report_is_read_or_refused_row_by_row_never_a_traceback() -> None:
    """The real system's monthly report (issue 16 item 6) as bytes: cut, junk and hostile text inserted."""
    import csv

    original = MONTHLY_REPORT.read_bytes()
    cells = list(csv.reader(original.decode("utf-8").splitlines()))

    @FUZZ
    @given(cut=st.integers(0, 4000), junk=st.binary(max_size=40), where=st.integers(0, 4000),
           text=st.sampled_from(NASTY) | st.text(max_size=20), as_xlsx=st.booleans())
    def as_bytes(cut: int, junk: bytes, where: int, text: str, as_xlsx: bool) -> None:
        data = original[:where] + text.encode("utf-8", "surrogatepass") + junk + original[where:]
        data = data[: max(cut, len(data) // 2)] if cut % 3 == 0 else data
        if as_xlsx:  # an XLSX cut short or with bytes inserted: a broken file, said plainly
            book = _report_xlsx(cells)
            data = book[:where] + junk + book[where + len(junk):] if junk else book[: max(cut, 10)]
        _read_report_answers(data, "bao-cao.xlsx" if as_xlsx else "bao-cao.csv")

    @FUZZ
    @given(changes=st.lists(st.tuples(st.integers(0, len(cells) - 1), st.integers(0, 7), values), min_size=1,
                            max_size=4), as_xlsx=st.booleans())
    def as_cells(changes: list[tuple[int, int, Any]], as_xlsx: bool) -> None:
        rows = [list(r) for r in cells]
        for r, c, value in changes:
            value = json.dumps(value, ensure_ascii=False)[:60] if isinstance(value, (dict, list)) else value
            if isinstance(value, float) and not math.isfinite(value):
                value = str(value)
            if isinstance(value, int) and abs(value) > 2**53:
                value = str(value)
            while len(rows[r]) <= c:
                rows[r].append("")
            rows[r][c] = value
        if as_xlsx:
            clean = [[_xlsx_safe(v) for v in row] for row in rows]
            _read_report_answers(_report_xlsx(clean), "bao-cao.xlsx")
        else:
            buffer = io.StringIO()
            csv.writer(buffer).writerows(rows)
            _read_report_answers(buffer.getvalue().encode("utf-8", "surrogatepass"), "bao-cao.csv")

    as_bytes()
    as_cells()


def _xlsx_safe(value: Any) -> Any:
    """A value openpyxl will store (it refuses control characters in text)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


@pytest.mark.parametrize(("kind", "page"), [("scenario", "views/practice/scenarios.py"),
                                            ("question", "views/practice/quizzes.py"),
                                            ("learning path", "views/practice/my_paths.py")])
def test_a_page_over_a_mutated_content_file_never_goes_down(kind: str, page: str, make_app, monkeypatch,
                                                            tmp_path_factory) -> None:
    """The app reads the same files: with a mutated one in its content folder the page still renders (the broken
    file is left out or shown as unavailable), never an exception. Few examples: each is a whole page run."""
    import streamlit as st_

    if kind not in PRESENT:
        pytest.skip(f"no {kind} files yet")
    _source, text = _original(kind)

    @settings(FUZZ, max_examples=max(2, EXAMPLES // 3))
    @given(mutated=text_mutation(text))
    def run(mutated: str) -> None:
        content = tmp_path_factory.mktemp("content")
        shutil.copytree(PROJECT_ROOT / "scenarios", content / "scenarios")
        shutil.copytree(PROJECT_ROOT / "sandbox_data", content / "sandbox_data")
        (content / PRESENT[kind][0]).write_text(mutated, encoding="utf-8", errors="surrogatepass")
        monkeypatch.setenv("TRAINER_CONTENT_DIR", str(content))
        get_settings.cache_clear()
        st_.cache_data.clear()
        st_.cache_resource.clear()
        at = make_app("citizen")
        at.run()
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]

    run()
