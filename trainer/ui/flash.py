"""Confirmations that belong to the action, the dossier and the run they came from (issue 9 item 11).

A page that has just done something ("Đã tiếp nhận hồ sơ …", "Nộp hồ sơ thành công …") says so once, on the next
run of the same page, in the same sandbox (a scenario run has its own sandbox: a new run or "Làm lại" never sees
the last one's), for the same role. The next run consumes it: another action, another dossier picked, another page,
another language, another run, and it is gone, with the slip buttons that came with it.

Public API:
- `remember(message_key, *, sandbox_id, dossier_id=None, **params)` after a successful action, before st.rerun();
- `take(sandbox_id) -> Flash | None` on the page that shows it (once: it is removed);
- `enter(url_path)` (the entry script, before the page runs): a flash from another page is dropped;
- `bind_sandbox(sandbox_id)` (whoever picks the session's sandbox): state kept for one sandbox (`SANDBOX_SCOPED`,
  the portal's submitted screen and open draft) is dropped when the sandbox changes, and so is the flash;
- `clear()` (a sandbox reset).
Values are small frozen dataclasses of plain types, so session state stays serialisable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

SLOT = "flash"  # session state: the one pending Flash of this session
PAGE_KEY = "flash_page"  # session state: url path of the page this run shows
BOUND_KEY = "flash_sandbox"  # session state: the sandbox the sandbox-scoped keys below were made in
# Session state that describes one sandbox's screens: meaningless (and misleading) in another sandbox.
SANDBOX_SCOPED = ("portal_last_code", "portal_dossier_id", "portal_easy_step", "mine_flash", "bundle_done")


@dataclass(frozen=True)
class Flash:
    message_key: str
    params: tuple[tuple[str, Any], ...]
    page: str | None
    role: str | None
    sandbox_id: int | None
    dossier_id: int | None

    def text(self, translate: Any, **more: Any) -> str:
        return translate(self.message_key, **dict(self.params), **more)


def _role() -> str | None:
    return st.session_state.get("role")


def remember(message_key: str, *, sandbox_id: int | None, dossier_id: int | None = None, **params: Any) -> None:
    """What the action just did, for the next run of this page in this sandbox."""
    st.session_state[SLOT] = Flash(message_key, tuple(sorted(params.items())), st.session_state.get(PAGE_KEY),
                                   _role(), sandbox_id, dossier_id)


def take(sandbox_id: int | None) -> Flash | None:
    """The flash for this page, sandbox and role, removed as it is handed out; None when there is none."""
    found = st.session_state.pop(SLOT, None)
    if not isinstance(found, Flash):
        return None
    here = st.session_state.get(PAGE_KEY)
    if found.sandbox_id != sandbox_id or found.role != _role() or (found.page and here and found.page != here):
        return None
    return found


def enter(url_path: str) -> None:
    """The entry script names the page of this run; a pending flash of another page is dropped."""
    st.session_state[PAGE_KEY] = url_path
    found = st.session_state.get(SLOT)
    if isinstance(found, Flash) and found.page and found.page != url_path:
        st.session_state.pop(SLOT, None)


def bind_sandbox(sandbox_id: int | None) -> None:
    """The session works in sandbox_id now: drop what belonged to the sandbox before (and its flash)."""
    before = st.session_state.get(BOUND_KEY)
    if before == sandbox_id:
        return
    if before is not None:
        for key in SANDBOX_SCOPED:
            st.session_state.pop(key, None)
        found = st.session_state.get(SLOT)
        if isinstance(found, Flash) and found.sandbox_id != sandbox_id:
            st.session_state.pop(SLOT, None)
    st.session_state[BOUND_KEY] = sandbox_id


def clear() -> None:
    st.session_state.pop(SLOT, None)
    for key in SANDBOX_SCOPED:
        st.session_state.pop(key, None)
