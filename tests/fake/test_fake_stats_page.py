"""The "Thống kê" page: loads a period on request, then shows the reproduced table beside the article's."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.support import migrated_sqlite
from trainer.db.engine import dispose_all, get_session_factory
from trainer.fake.history import load_history
from trainer.fake.profiles import load_profile
from trainer.i18n import t
from trainer.settings import get_settings

APP = str(Path(__file__).resolve().parents[2] / "trainer" / "ui" / "app.py")
TIMEOUT_S = 120  # generating a half-year of history inside the page on a busy machine


@pytest.fixture
def app_url():
    url = migrated_sqlite(get_settings().url)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    st.cache_resource.clear()
    dispose_all()


def _open(lang: str, role: str = "leader") -> AppTest:
    st.config.set_option("runner.enforceSerializableSessionState", False)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.session_state["role"] = role
    at.session_state["lang"] = lang
    at.run()
    at.switch_page("views/practice/stats.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _cells(at: AppTest) -> str:
    return " ".join(str(table.value.to_dict()) for table in at.table)


def test_an_empty_database_offers_a_button_that_loads_the_period_in_vietnamese(app_url):
    at = _open("vi", role="citizen")
    assert at.title[0].value == "Thống kê"
    assert [i.value for i in at.info] == [t("stats.empty", "vi")]
    at.selectbox(key="stats_profile").set_value("bac-kan-2019h1").run()
    at.button(key="stats_load").click().run()
    assert not at.exception, at.exception
    cells = _cells(at)
    for figure in ("55.337", "1.933", "475", "5.578", "7.023", "12.601", "12.691"):
        assert figure in cells
    assert t("stats.mismatch", "vi") in cells and t("stats.match", "vi") in cells
    flags = [w.value for w in at.warning if "12.691" in w.value]
    assert flags and "90" in flags[0]
    assert not at.error  # the only mismatch is the article's own printed total: flagged, not an error


def test_a_loaded_period_shows_in_english_with_every_figure_matching(app_url):
    with get_session_factory(app_url).begin() as session:
        load_history(session, load_profile("bac-kan-2018", get_settings()), now=datetime(2026, 3, 2, 9, 0))
    at = _open("en")
    assert at.title[0].value == "Statistics"
    assert not at.info
    cells = _cells(at)
    for figure in ("73,138", "6,391", "1,254", "27,968", "7,439", "20,529"):
        assert figure in cells
    assert t("stats.mismatch", "en") not in cells
    assert [s.value for s in at.success] == [t("stats.all_match", "en")]
    assert at.button(key="stats_reload")
