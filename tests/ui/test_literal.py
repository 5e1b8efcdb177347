"""People's own text is shown literally (issue 9 item 6): `widgets.literal` leaves no markdown, HTML, autolink,
icon or maths syntax in it, and pages pass every such value through it (the browser check is
tests/e2e/test_hostile_text_e2e.py)."""

from __future__ import annotations

import re

import pytest

from tests.ui.test_portal_pages import act_in_sandbox, dossier_by_code, open_page, submit_birth_registration
from trainer.i18n import t
from trainer.sandbox import lifecycle
from trainer.ui.widgets import WORD_JOINER, literal

HOSTILE = ["**Lan**", "_Mai_", "[bấm](http://evil.test/x)", "<img src=x onerror=alert(1)>",
           "<script>alert(2)</script>", "http://evil.test", "www.evil.test", "lan@evil.test", ":material/home:",
           ":red[đỏ]", "$x^2$", "# Tiêu đề", "1. mục", "- mục", "Tiêu đề\n===", "`mã`", "&lt;b&gt;"]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_markup_survives(text):
    shown = literal(text)
    unescaped = re.sub(r"\\.|&#\d+;", "", shown)  # what is left once every escape and reference is taken out
    assert not re.search(r"[*_\[\]()<>`$#=|~]", unescaped), shown
    assert ":material" not in shown and ":red[" not in shown  # Streamlit reads icons and colours before references
    assert not re.search(r"(?i)https?:|www\.|\w@\w", shown.replace("&#58;", ":").replace("&#46;", ".")
                         .replace("&#64;", "@").replace(WORD_JOINER, "+")), shown
    assert not re.match(r"\s*(\d+\.|-)\s", shown)


def test_plain_vietnamese_is_unchanged():
    assert literal("Nông Thị Hoa") == "Nông Thị Hoa"


def test_the_desks_supplement_note_reaches_the_citizen_literally(make_app, app_db):
    at = open_page(make_app, "portal.py")
    code = submit_birth_registration(at, app_db)
    note = "**Gấp** [bấm vào đây](http://evil.test/x) <img src=x onerror=alert(1)>"
    act_in_sandbox(app_db, at.session_state["sandbox_id"], lifecycle.request_supplement,
                   dossier_by_code(app_db, code).id, "desk_officer", missing=["witness_statement"], note=note)
    at.switch_page("views/practice/my_dossiers.py")
    at.run()
    captions = [c.value for c in at.caption]
    assert t("portal.mine.supplement_note", note=literal(note)) in captions, captions
    assert not any(note in c for c in captions)


def test_every_table_of_the_app_goes_through_widgets_table():
    """st.table renders its text cells as Markdown; only widgets.table (which makes them literal) may call it."""
    from pathlib import Path

    ui = Path(__file__).resolve().parents[2] / "trainer" / "ui"
    direct = sorted(str(p.relative_to(ui)) for p in ui.rglob("*.py")
                    if p.name != "widgets.py" and re.search(r"\bst\.table\(", p.read_text(encoding="utf-8")))
    assert direct == []
