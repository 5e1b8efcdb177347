"""The start-up freeze (trainer/ui/startup.py): once per process, after everything the pages import is loaded."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "trainer" / "ui" / "views"

# Runs in a fresh interpreter: freezing is process-wide, and the pytest process must not depend on test order.
PROBE = """
import gc, json, sys
from trainer.ui import startup
first = startup.freeze_long_lived_heap()
modules = set(sys.modules)
second = startup.freeze_long_lived_heap()
print(json.dumps({"first": first, "second": second, "frozen": gc.get_freeze_count(),
                  "new_modules": sorted(set(sys.modules) - modules), "modules": sorted(modules)}))
"""


def _probe(tmp_path: Path) -> dict:
    env = {"TRAINER_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _imported_by_pages() -> set[str]:
    names: set[str] = set()
    for page in PAGES.rglob("*.py"):
        for node in ast.walk(ast.parse(page.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
    return names


def test_the_start_up_heap_is_frozen_once_per_process_and_a_second_call_does_nothing(tmp_path: Path) -> None:
    result = _probe(tmp_path)
    assert result["first"] > 50_000  # the imports and reference data: far more than Streamlit alone
    assert result["second"] == result["first"]
    assert result["frozen"] >= 0.99 * result["first"]  # still frozen (a frozen object freed by refcount leaves it)
    assert result["new_modules"] == []


def test_every_module_a_page_imports_is_loaded_before_the_freeze(tmp_path: Path) -> None:
    loaded = set(_probe(tmp_path)["modules"])
    wanted = {name for name in _imported_by_pages() if name != "__future__"}
    assert wanted and wanted <= loaded, sorted(wanted - loaded)
