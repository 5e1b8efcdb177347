"""No English from Streamlit's own widgets in the Vietnamese interface (issue 9 item 16), and translated choices
keep what was chosen when the language changes (item 19, widgets.choice; in Chromium:
tests/e2e/test_core_loop_e2e.py::test_a_translated_choice_stays_selected_after_switching_language)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.ui.test_portal_pages import open_page, start_birth_draft
from trainer.settings import get_settings

UI = Path(__file__).resolve().parents[2] / "trainer" / "ui"


def test_the_uploader_enforces_and_shows_the_apps_own_limit(make_app, app_db, monkeypatch):
    monkeypatch.setenv("TRAINER_UPLOAD_LIMIT_MB", "3")
    get_settings.cache_clear()
    import streamlit as st

    st.cache_resource.clear()
    at = open_page(make_app, "portal.py")
    start_birth_draft(at, app_db)
    uploaders = at.get("file_uploader")
    assert uploaders and all(u.proto.max_upload_size_mb == 3 for u in uploaders)
    styles = " ".join(h.proto.body for h in at.get("html"))
    assert 'content: "Chọn tệp"' in styles and "stFileUploaderDropzoneInstructions" in styles


def test_every_uploader_goes_through_the_one_that_follows_the_setting():
    direct = [f"{p.relative_to(UI)}:{n}" for p in UI.rglob("*.py") if p.name != "widgets.py"
              for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if "file_uploader(" in line]
    assert direct == [], direct


def test_every_empty_select_has_a_translated_placeholder():
    """A selectbox or multiselect that can be empty says so in the user's language, never "Choose an option"."""
    missing = []
    for path in UI.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\.(multiselect|selectbox)[(,]", text):  # st.selectbox(…) or choice(st.selectbox, …)
            call = text[match.start(): text.find("\n\n", match.start())]
            if (match.group(1) == "multiselect" or "index=None" in call) and "placeholder=" not in call:
                missing.append(f"{path.relative_to(UI)}:{text[:match.start()].count(chr(10)) + 1}")
    assert missing == [], missing


def test_letting_time_pass_names_the_number_of_days_chosen(make_app, app_db):
    """Issue 9 item 20: the button said a literal "N ngày làm việc"."""
    at = make_app("desk_officer")
    at.run()
    at.switch_page("views/practice/desk.py")
    at.run()
    at.number_input(key="desk_advance_days").set_value(3).run()
    assert at.button(key="desk_advance").label == "Cho thời gian trôi: 3 ngày làm việc"


# Choice widgets whose options are not translated (people's and workshops' own names, unit names, the language
# names themselves); every other st.radio / st.selectbox / st.segmented_control / st.pills / st.multiselect goes through
# widgets.choice, or its choice shows as nothing selected after a language switch (issue 9 item 19).
UNTRANSLATED_CHOICES = {
    "app.py": 1,  # the language selector: "Tiếng Việt", "English" in both languages
    "eform_fields.py": 1,  # the commune of an address: unit names
    "live_view.py": 1,  # the workshop on the projector: its title and join code
    "views/leader/dashboard.py": 3,  # the campaign (its name), a commune, a person
    "views/practice/desk.py": 1,  # a fake citizen: name, year, ID tail
    "views/trainer/certificates.py": 1,  # a workshop: title, code, date
    "views/trainer/workshop.py": 1,  # a workshop: title, code
}


def test_every_translated_choice_widget_goes_through_widgets_choice():
    direct: dict[str, int] = {}
    for path in UI.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found = [m for m in re.finditer(r"\b\w+\.(radio|selectbox|segmented_control|pills|multiselect)\(", text)
                 if not text[max(0, m.start() - 15):m.start()].rstrip().endswith("choice(")]
        if found and path.name != "widgets.py":
            direct[str(path.relative_to(UI))] = len(found)
    assert direct == UNTRANSLATED_CHOICES
