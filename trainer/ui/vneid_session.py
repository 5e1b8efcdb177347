"""The mock VNeID sign-in of a browser survives a full reload (issue 9 item 20).

A reload starts a new Streamlit session: session state (where the portal keeps the signed-in fake citizen) is gone.
Like the account cookie (`trainer.ui.account_session`, docs/DEVELOPING.md), the browser keeps a cookie that a
script sets (`mc_vneid=<sandbox>.<citizen>.<trainee>; Path=/; SameSite=Strict`), and the next session reads it with
`st.context.cookies`. It is never put in the address bar: a link, a bookmark or a QR code copied from the screen
signs nobody in.

Why it leaks no one's identity: the cookie is taken only when its sandbox is the one this session works in (the
trainee's own, a scenario run's, or the shared demo sandbox without a profile) *and* its trainee is this session's
trainee (0 for none). Another person on the same browser (a kiosk after "Xong", a typed resume code) has another
trainee, so the cookie is ignored; editing the cookie reaches only the fake citizens of one's own sandbox, whom the
mock VNeID lists to anyone anyway. Signing out clears it. It holds digits only, so it cannot break out of the script.

Public API: `COOKIE`, `restore(sandbox_id, trainee_id) -> citizen id | None`, `forget()` (signed out here),
`cookie_script(sandbox_id, citizen_id, trainee_id)` (rendered by the entry script each rerun).
"""

from __future__ import annotations

import re

import streamlit as st

COOKIE = "mc_vneid"
COOKIE_MAX_AGE_S = 12 * 3600  # a working day in the hall
SIGNED_OUT_KEY = "vneid_signed_out"  # session state: signed out here; the opening request's cookie is stale
_VALUE = re.compile(r"(\d{1,12})\.(\d{1,12})\.(\d{1,12})")  # used with fullmatch


def value(sandbox_id: int, citizen_id: int, trainee_id: int | None) -> str:
    return f"{int(sandbox_id)}.{int(citizen_id)}.{int(trainee_id or 0)}"


def _cookie() -> str | None:
    try:
        found = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 — no browser request (AppTest, bare mode)
        return None
    return found if isinstance(found, str) and _VALUE.fullmatch(found) else None


def restore(sandbox_id: int, trainee_id: int | None) -> int | None:
    """The citizen the browser was signed in as in this sandbox, for this trainee; None otherwise."""
    if st.session_state.get(SIGNED_OUT_KEY):
        return None
    found = _VALUE.fullmatch(_cookie() or "")
    if found is None:
        return None
    sandbox, citizen, trainee = (int(g) for g in found.groups())
    if sandbox != sandbox_id or trainee != int(trainee_id or 0):
        return None
    return citizen


def forget() -> None:
    """Signed out (or the citizen is gone): the next cookie_script clears the cookie, and it is not read again."""
    st.session_state[SIGNED_OUT_KEY] = True


def signed_in() -> None:
    st.session_state.pop(SIGNED_OUT_KEY, None)


def cookie_script(sandbox_id: int | None, citizen_id: int | None, trainee_id: int | None) -> str:
    """The script bringing the browser's cookie in line with this session ("" when it already is)."""
    secure = "+(location.protocol==='https:'?'; Secure':'')"
    current = _cookie()
    if sandbox_id is not None and citizen_id is not None:
        wanted = value(sandbox_id, citizen_id, trainee_id)
        if wanted == current:
            return ""
        text = f"'{COOKIE}={wanted}; Path=/; SameSite=Strict; Max-Age={COOKIE_MAX_AGE_S}'"
    elif st.session_state.get(SIGNED_OUT_KEY) and current:
        text = f"'{COOKIE}=; Path=/; SameSite=Strict; Max-Age=0'"
    else:
        return ""
    return f"<script>document.cookie={text}{secure};</script>"
