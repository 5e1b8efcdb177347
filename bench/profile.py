"""Summarise a py-spy raw profile (`py-spy record --format raw --gil`): where the server's time goes.

Each line of a raw profile is a stack (`outer (file:line);...;inner (file:line)`) and a sample count. The
report gives the share of all samples spent inside (inclusive) a few named places: Streamlit's post-script garbage
collection, the app's page scripts and the pieces of the app that matter for the next round, then the functions
with the largest inclusive and own (self) shares.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

# name -> regex over one frame "function (file:line)"; a sample counts once per place whatever the depth
PLACES: dict[str, str] = {
    "post-script gc.collect(2)": r"_on_script_finished \(.*script_runner\.py:1055\)",
    "script runs (app.py and its page)": r"code_to_exec \(.*script_runner\.py",
    "agent API snapshot building": r"^_build_in_worker \(",
    "session state serializable check": r"_check_serializable|check_serializable",
    "SQLAlchemy": r"\(.*sqlalchemy/",
    "guide panel (coach_panel.show)": r"^show \(.*coach_panel\.py",
    "widgets.begin_rerun (the Actor, once per rerun)": r"^begin_rerun \(.*widgets\.py",
    "widgets.current_trainee": r"^current_trainee \(.*widgets\.py",
    "portal_common.practice_sandbox_id": r"^practice_sandbox_id \(.*portal_common\.py",
    "portal_common.now_in": r"^now_in \(.*portal_common\.py",
    "widgets.db (open, commit, close a session)": r"^db \(.*widgets\.py",
    "making a sandbox (sandboxes.create_sandbox)": r"^create_sandbox \(",
    "world.units.load_units": r"^load_units \(",
    "pandas": r"\(.*pandas/",
}


def _frames(stack: str) -> list[str]:
    return [f.strip() for f in stack.split(";")]  # outermost first


def parse(path: Path) -> list[tuple[list[str], int]]:
    rows = []
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            rows.append((_frames(stack), int(count)))
    return rows


def _function(frame: str) -> str:
    """"collect (gc.py:12)" -> "collect (gc.py)": functions, not lines."""
    return re.sub(r":\d+\)$", ")", frame)


def _short(frame: str) -> str:
    return re.sub(r"\(/.*?/site-packages/", "(", re.sub(r"\(/.*?/trainer/", "(trainer/", frame))


PAGE_SCRIPTS = {p.name for p in (Path(__file__).resolve().parent.parent / "trainer" / "ui" / "views").rglob("*.py")}


def _is_app(function: str) -> bool:
    """A frame of the app: a trainer/ module, or a page script (py-spy names those by their bare file name)."""
    where = function[function.rfind("(") + 1:].rstrip(")")
    return "trainer/" in where and "site-packages" not in where or where in PAGE_SCRIPTS


def report(path: Path, top: int = 25) -> str:
    rows = parse(path)
    total = sum(c for _, c in rows) or 1
    places = Counter[str]()
    inclusive = Counter[str]()
    own = Counter[str]()
    for frames, count in rows:
        for name, pattern in PLACES.items():
            if any(re.search(pattern, f) for f in frames):
                places[name] += count
        for function in {_function(f) for f in frames}:
            inclusive[function] += count
        if frames:
            own[_function(frames[-1])] += count
    out = [f"{path.name}: {total} samples (threads holding the GIL)"]
    out += [f"  {places[name] / total:6.1%}  {name}" for name in PLACES]
    out.append(f"  top {top} by inclusive share:")
    out += [f"  {n / total:6.1%}  {_short(f)}" for f, n in inclusive.most_common(top)]
    out.append(f"  top {top} app functions (trainer/ and page scripts) by inclusive share:")
    app = [(f, n) for f, n in inclusive.most_common() if _is_app(f)]
    out += [f"  {n / total:6.1%}  {_short(f)}" for f, n in app[:top]]
    out.append(f"  top {top} by own share:")
    out += [f"  {n / total:6.1%}  {_short(f)}" for f, n in own.most_common(top)]
    return "\n".join(out)
