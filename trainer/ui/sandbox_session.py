"""The officials' pages' view of "the current sandbox" (chosen as the citizen portal chooses it) and its clock.

Public API:
- `current_sandbox_id() -> int | None`: the sandbox of this browser session (`portal_common.practice_sandbox_id`).
- `clock_panel(sandbox_id, key_prefix)`: the clock, "Cho thời gian trôi: N ngày làm việc", and the reset
  ("Đặt lại môi trường thực hành") behind a confirmation.
Session state holds only the id; the row is read again on every run.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from trainer.sandbox.sandboxes import advance_clock, reset_sandbox
from trainer.ui import flash, widgets
from trainer.ui.portal_common import now_in, practice_sandbox_id

MAX_ADVANCE_UI_DAYS = 30  # working days one click may move the clock in the page (the service allows more)


def current_sandbox_id() -> int | None:
    """The sandbox this session works in, chosen the portal's way (`portal_common.practice_sandbox_id`):
    the trainee's own sandbox, else the shared demo sandbox; None (with the error shown) if it cannot be made."""
    return widgets.attempt(practice_sandbox_id)


def clock_panel(sandbox_id: int, key_prefix: str) -> datetime:
    """Show the sandbox clock with "let time pass" and reset controls; returns the clock after any change."""
    t = widgets.tr()
    clock = now_in(sandbox_id)
    with st.container(border=True):
        st.markdown(t("desk.clock.line", when=clock.strftime("%H:%M %d/%m/%Y"),
                      weekday=t(f"desk.weekday.{clock.weekday()}")))
        left, middle, right = st.columns([2, 3, 3], vertical_alignment="bottom")
        days = left.number_input(t("desk.clock.advance_days"), min_value=1, max_value=MAX_ADVANCE_UI_DAYS,
                                   value=1, step=1, key=f"{key_prefix}_advance_days")
        if middle.button(t("desk.clock.advance", n=int(days)), key=f"{key_prefix}_advance", icon=":material/fast_forward:"):
            with widgets.db() as session:
                moved = widgets.attempt(advance_clock, session, sandbox_id, working_days=int(days),
                                        now=widgets.wall_clock())
            if moved is not None:
                st.rerun()
        asking = f"{key_prefix}_reset_asking"
        if right.button(t("desk.reset.button"), key=f"{key_prefix}_reset", icon=":material/restart_alt:"):
            st.session_state[asking] = True
        if st.session_state.get(asking):
            st.warning(t("desk.reset.warning"), icon=":material/warning:")
            yes, no = st.columns(2)
            if no.button(t("desk.reset.cancel"), key=f"{key_prefix}_reset_cancel"):
                st.session_state.pop(asking, None)
                st.rerun()
            if yes.button(t("desk.reset.confirm"), key=f"{key_prefix}_reset_confirm", type="primary"):
                with widgets.db() as session:
                    done = widgets.attempt(reset_sandbox, session, sandbox_id, widgets.wall_clock())
                if done is not None:
                    for key in [k for k in st.session_state if str(k).startswith(("desk_", "proc_", "post_"))]:
                        del st.session_state[key]
                    flash.clear()  # nothing said about the sandbox before its reset still stands
                    st.rerun()
    return clock
