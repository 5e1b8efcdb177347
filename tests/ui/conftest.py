"""AppTest fixtures: a migrated database under tmp_path and a fresh Streamlit cache per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.support import migrated_sqlite
from trainer.db.engine import dispose_all
from trainer.settings import get_settings

APP = str(Path(__file__).resolve().parents[2] / "trainer" / "ui" / "app.py")
TIMEOUT_S = 60  # first runs import pandas and friends on a slow machine


@pytest.fixture
def app_db() -> Iterator[str]:
    """The settings' own SQLite file (under the per-test TRAINER_DATA_DIR), migrated."""
    url = migrated_sqlite(get_settings().url)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    st.cache_resource.clear()
    st.cache_data.clear()
    dispose_all()


@pytest.fixture
def make_app(app_db: str) -> Callable[..., AppTest]:
    """An AppTest of the entry script with the given role and language already chosen."""

    def make(role: str = "citizen", lang: str = "vi") -> AppTest:
        # AppTest keeps an unpicklable dict of its own in session state; the e2e tests run with the check on.
        st.config.set_option("runner.enforceSerializableSessionState", False)
        at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
        at.session_state["role"] = role
        at.session_state["lang"] = lang
        return at

    return make
