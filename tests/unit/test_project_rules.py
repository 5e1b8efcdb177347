"""The project's own rules (ARCHITECTURE.md), checked on the source so they cannot drift."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from trainer.i18n import LANGUAGES, catalog

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "trainer"
UI = PACKAGE / "ui"
WIDGETS = {
    "button", "text_input", "selectbox", "radio", "checkbox", "number_input", "date_input", "time_input",
    "text_area", "multiselect", "file_uploader", "form_submit_button", "toggle", "slider", "select_slider",
    "data_editor", "pills", "segmented_control", "download_button", "color_picker", "camera_input", "chat_input",
    "feedback", "link_button_with_key",
}


def _python_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def test_both_catalogs_have_the_same_keys():
    vi, en = catalog("vi"), catalog("en")
    assert sorted(set(vi) - set(en)) == [], "keys only in Vietnamese"
    assert sorted(set(en) - set(vi)) == [], "keys only in English"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_catalog_message_is_empty(lang):
    assert [k for k, v in catalog(lang).items() if not v.strip()] == []


def test_every_literal_key_used_in_code_exists_in_the_catalog():
    known = set(catalog("vi"))
    pattern = re.compile(r"""\b(?:t|tr\(\)|_t)\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")
    error_pattern = re.compile(r"""(?:Error|NotFound)\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")
    missing = []
    for path in _python_files(PACKAGE):
        text = path.read_text(encoding="utf-8")
        for key in pattern.findall(text) + error_pattern.findall(text):
            if key not in known:
                missing.append(f"{path.relative_to(ROOT)}: {key}")
    assert missing == []


def test_nothing_outside_the_ui_imports_streamlit():
    offenders = []
    for path in _python_files(PACKAGE):
        if UI in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_domain_never_reads_the_real_clock():
    clock = re.compile(r"datetime\.(now|utcnow|today)\(|date\.today\(|time\.time\(")
    offenders = []
    for path in _python_files(PACKAGE):
        rel = path.relative_to(PACKAGE).parts
        if rel[0] in ("ui", "cli"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if clock.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []


def test_every_widget_has_an_explicit_key():
    missing = []
    for path in _python_files(UI):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            is_widget = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WIDGETS
            if is_widget and not any(k.arg == "key" for k in node.keywords):
                    missing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert missing == []


def test_no_user_text_is_rendered_as_html():
    """unsafe_allow_html is allowed only with module-level constants (CSS), never with f-strings."""
    offenders = []
    for path in _python_files(UI):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and any(
                k.arg == "unsafe_allow_html" and isinstance(k.value, ast.Constant) and k.value.value for k in node.keywords
            ):
                first = node.args[0] if node.args else None
                if not isinstance(first, (ast.Name, ast.Constant)):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
