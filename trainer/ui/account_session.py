"""The signed-in account of a browser: a random token in a cookie, its SHA-256 on the server.

How the token is kept in the browser (issue 12): Streamlit reads cookies (`st.context.cookies`, the cookies of
the request that opened the session's websocket, so a reload sees them) but has no API to set one. A small script
rendered with `st.html(..., unsafe_allow_javascript=True)` sets it in the page itself: `document.cookie =
"mc_phien=<token>; Path=/; SameSite=Strict; Max-Age=…"` (plus `Secure` over https). The token is
`secrets.token_urlsafe(32)` (letters, digits, `-` and `_` only, so it cannot break out of the script), never put in
the address bar, the page text or a log. Trade-off, documented in docs/DEVELOPING.md: a cookie set by script cannot
be `HttpOnly`; what limits the harm is that the server stores only the token's hash, ends a session after 12 hours
without use, at sign-out, on a password reset and when the account is disabled, and that no user text is ever
rendered as HTML or script (every `unsafe_allow_javascript` use here writes only the token).
Within one browser session the token lives in session state: the cookie only matters for the next reload.

Public API: `COOKIE`, `current_token()`, `load_account(now) -> AccountRow | None` (one query per rerun, the idle
clock moved on at most every few minutes), `signed_in(outcome)`, `sign_out(now)`, `cookie_script()` (the entry
script renders it in the sidebar each rerun).
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from trainer.accounts import services
from trainer.accounts.queries import AccountRow

COOKIE = "mc_phien"
COOKIE_MAX_AGE_S = 7 * 24 * 3600  # the browser may keep it a week; the server ends the session after 12 idle hours
TOKEN_KEY = "account_token"  # session state: this browser session's token (after a sign-in or from the cookie)
SIGNED_OUT_KEY = "account_signed_out"  # session state: signed out here; the cookie of the opening request is stale
ACCOUNT_KEY = "acting_account"  # session state: the AccountRow of this rerun, or None
_TOKEN_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _cookie_token() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 — no browser request (AppTest, bare mode)
        return None
    if not isinstance(value, str) or not value or len(value) > 100 or not set(value) <= _TOKEN_CHARS:
        return None
    return value


def current_token() -> str | None:
    """The token this session acts with: one from a sign-in here, else the cookie's (unless signed out here)."""
    token = st.session_state.get(TOKEN_KEY)
    if token:
        return str(token)
    if st.session_state.get(SIGNED_OUT_KEY):
        return None
    return _cookie_token()


def load_account(session, now: datetime) -> AccountRow | None:  # type: ignore[no-untyped-def]
    """The live account of this browser, or None (unknown, ended or expired tokens are dropped)."""
    token = current_token()
    if not token:
        st.session_state[ACCOUNT_KEY] = None
        return None
    row = services.resume(session, token=token, now=now)
    if row is None:
        st.session_state.pop(TOKEN_KEY, None)
        st.session_state[SIGNED_OUT_KEY] = True  # the cookie is dead: clear it (cookie_script) and stop asking
    st.session_state[ACCOUNT_KEY] = row
    return row


def signed_in(outcome: services.SignInOutcome) -> None:
    """Keep a successful sign-in for this session; the cookie is written by the next cookie_script()."""
    st.session_state[TOKEN_KEY] = outcome.token
    st.session_state.pop(SIGNED_OUT_KEY, None)
    st.session_state[ACCOUNT_KEY] = outcome.account


def sign_out(session, now: datetime) -> None:  # type: ignore[no-untyped-def]
    """End this browser's session on the server and forget it here; the cookie is cleared by cookie_script()."""
    token = current_token()
    if token:
        services.sign_out(session, token=token, now=now)
    st.session_state.pop(TOKEN_KEY, None)
    st.session_state[SIGNED_OUT_KEY] = True
    st.session_state[ACCOUNT_KEY] = None


def cookie_script() -> str | None:
    """The script that brings the browser's cookie in line with this session, or None when it already is."""
    token = st.session_state.get(TOKEN_KEY)
    secure = "+(location.protocol==='https:'?'; Secure':'')"
    if token and token != _cookie_token() and set(token) <= _TOKEN_CHARS:
        value = f"'{COOKIE}={token}; Path=/; SameSite=Strict; Max-Age={COOKIE_MAX_AGE_S}'"
    elif st.session_state.get(SIGNED_OUT_KEY) and _cookie_token():
        value = f"'{COOKIE}=; Path=/; SameSite=Strict; Max-Age=0'"
    else:
        return None
    return f"<script>document.cookie={value}{secure};</script>"
