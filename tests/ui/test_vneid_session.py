"""The mock VNeID cookie signs the browser back in only to its own sandbox, for its own trainee (issue 9 item 20)."""

from __future__ import annotations

import pytest
import streamlit as st

from trainer.ui import vneid_session


@pytest.fixture
def cookie(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    jar: dict[str, str] = {}
    monkeypatch.setattr(vneid_session, "_cookie", lambda: jar.get("value"))
    st.session_state.pop(vneid_session.SIGNED_OUT_KEY, None)
    yield jar
    st.session_state.pop(vneid_session.SIGNED_OUT_KEY, None)


def test_the_cookie_restores_its_citizen_in_its_sandbox_for_its_trainee_only(cookie) -> None:
    cookie["value"] = vneid_session.value(7, 42, 3)
    assert vneid_session.restore(7, 3) == 42
    assert vneid_session.restore(8, 3) is None  # another sandbox (a run's, another trainee's)
    assert vneid_session.restore(7, 4) is None  # another person on this browser (kiosk, typed resume code)
    assert vneid_session.restore(7, None) is None  # no profile: the shared demo sandbox's cookie has trainee 0
    cookie["value"] = vneid_session.value(7, 42, None)
    assert vneid_session.restore(7, None) == 42


def test_signing_out_clears_the_cookie_and_it_is_not_read_again(cookie) -> None:
    cookie["value"] = vneid_session.value(7, 42, 3)
    vneid_session.forget()
    assert vneid_session.restore(7, 3) is None
    assert "Max-Age=0" in vneid_session.cookie_script(None, None, 3)


@pytest.mark.parametrize("bad", ["7.42", "7.42.3; Path=/", "<script>", "7.42.3.1", "a.b.c", "7.42.3\n"])
def test_a_cookie_that_is_not_three_numbers_is_not_taken(bad: str) -> None:
    assert vneid_session._VALUE.fullmatch(bad) is None  # what _cookie() lets through: digits and two dots only


def test_the_script_sets_only_digits_and_only_when_the_cookie_differs(cookie) -> None:
    script = vneid_session.cookie_script(7, 42, 3)
    assert "mc_vneid=7.42.3;" in script and "SameSite=Strict" in script
    cookie["value"] = "7.42.3"
    assert vneid_session.cookie_script(7, 42, 3) == ""
