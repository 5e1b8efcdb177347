"""Summarise a py-spy raw profile (`py-spy record --format raw --gil`): where the server's time goes.

Each line of a raw profile is a stack (`thread;outer (file:line);...;inner (file:line)`) and a sample count. The
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
    "post-script gc.collect(2)": r"^_on_script_finished \(.*script_runner\.py:1055\)",
    "agent snapshot building": r"^_build_in_worker \(.*agent/interaction\.py",
    "script runs (exec of app.py and pages)": r"^_run_script \(.*script_runner\.py",
    "app.py (entry script)": r"^<module> \(.*trainer/ui/app\.py",
    "SQLAlchemy": r"\(.*sqlalchemy/",
    "enforceSerializableSessionState (pickling)": r"^_check_serializable|^check_serializable",
    "guide panel (coach_panel.show)": r"^show \(.*trainer/ui/coach_panel\.py",
    "current_trainee": r"^current_trainee \(.*trainer/ui/widgets\.py",
    "practice_sandbox_id": r"^practice_sandbox_id \(.*trainer/ui/portal_common\.py",
    "load_units": r"^load_units \(",
    "translator t()": r"^__call__ \(.*trainer/i18n/",
}


def _frames(stack: str) -> list[str]:
    return [f.strip() for f in stack.split(";")[1:]]  # the first item is the thread


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
    out.append(f"  top {top} by own share:")
    out += [f"  {n / total:6.1%}  {_short(f)}" for f, n in own.most_common(top)]
    return "\n".join(out)
