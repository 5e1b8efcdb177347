"""Quản trị: administrators create trainers and leaders, assign their units, disable or enable them and reset a
password (a new one is shown once)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from trainer.accounts import queries, services
from trainer.accounts.passwords import new_password
from trainer.actor import ACCOUNT_ADMINISTRATOR, ACCOUNT_LEADER, ACCOUNT_TRAINER
from trainer.ui import widgets
from trainer.world.units import load_units

t = widgets.tr()
actor = widgets.actor()
SHOWN_KEY = "admin_password_to_show"  # session state: (username, password) shown once on the next render
ROLE_CHOICES = (ACCOUNT_TRAINER, ACCOUNT_LEADER, ACCOUNT_ADMINISTRATOR)

units = load_units(widgets.settings().admin_model, widgets.settings())
UNIT_LABELS = {
    u.code: u.full_name if u.level != "commune" or u.parent_code == units.province.code
    else f"{u.full_name} — {units.get(u.parent_code).full_name}"
    for u in units.all()
}


def role_name(role: str) -> str:
    return t(f"accounts.roles.{role}")


def show_password_once() -> None:
    shown = st.session_state.pop(SHOWN_KEY, None)
    if shown:
        username, password = shown
        st.success(t("accounts.admin.password_once", username=username), icon=":material/key:")
        st.code(password, language=None)


st.title(t("accounts.admin.title"))
st.write(t("accounts.admin.intro"))
show_password_once()

with widgets.db() as session:
    rows = queries.list_accounts(session)

st.subheader(t("accounts.admin.list_title"))
if rows:
    never = t("accounts.admin.never")
    table = pd.DataFrame(
        [
            {
                t("accounts.admin.col_username"): r.username,
                t("accounts.admin.col_name"): r.display_name,
                t("accounts.admin.col_role"): role_name(r.role),
                t("accounts.admin.col_units"): ", ".join(UNIT_LABELS.get(c, c) for c in r.unit_codes) or "—",
                t("accounts.admin.col_status"): t("accounts.admin.status_disabled" if r.disabled
                                                  else "accounts.admin.status_active"),
                t("accounts.admin.col_last"): r.last_sign_in_at.strftime("%d/%m/%Y %H:%M") if r.last_sign_in_at else never,
            }
            for r in rows
        ]
    )
    st.dataframe(table, hide_index=True, key="admin_accounts_table")
else:
    st.info(t("accounts.admin.none"), icon=":material/info:")

st.subheader(t("accounts.admin.create_title"))
form_n = st.session_state.get("admin_form_n", 0)  # a new form after each creation: empty fields, nothing kept
with st.form(f"admin_create_form_{form_n}", clear_on_submit=False):
    username = st.text_input(t("accounts.admin.username"), key="admin_new_username", max_chars=40,
                             help=t("accounts.admin.username_help"))
    display_name = st.text_input(t("accounts.admin.display_name"), key="admin_new_name", max_chars=120)
    role = widgets.choice(st.selectbox, t("accounts.admin.role"), ROLE_CHOICES, format_func=role_name, key="admin_new_role")
    unit_codes = widgets.choice(st.multiselect, t("accounts.admin.units"), list(UNIT_LABELS), default=[],
                                format_func=UNIT_LABELS.__getitem__, key="admin_new_units", help=t("accounts.admin.units_help"),
                                placeholder=t("accounts.admin.units_placeholder"))
    typed = st.text_input(t("accounts.admin.password"), key="admin_new_password", type="password", max_chars=256,
                          help=t("accounts.admin.password_help"), autocomplete="new-password")
    created = st.form_submit_button(t("accounts.admin.create"), key="admin_create", type="primary")
if created:
    password = typed or new_password()
    with widgets.db() as session:
        row = widgets.attempt(services.create_account, session, actor=actor, username=username, password=password,
                              role=role, display_name=display_name, unit_codes=unit_codes, now=widgets.wall_clock())
    if row is not None:
        if not typed:
            st.session_state[SHOWN_KEY] = (row.username, password)
        st.toast(t("accounts.admin.created", username=row.username, role=role_name(row.role)), icon=":material/check:")
        for key in ("admin_new_username", "admin_new_name", "admin_new_password", "admin_new_units"):
            st.session_state.pop(key, None)
        st.session_state["admin_form_n"] = form_n + 1
        st.rerun()

if rows:
    st.subheader(t("accounts.admin.manage_title"))
    by_id = {r.id: r for r in rows}
    chosen_id = widgets.choice(
        st.selectbox, t("accounts.admin.choose"), list(by_id), key="admin_manage_account",
        format_func=lambda i: f"{by_id[i].username} — {by_id[i].display_name} ({role_name(by_id[i].role)})",
    )
    chosen = by_id[chosen_id]
    st.write(t("accounts.admin.status_line", status=t("accounts.admin.status_disabled" if chosen.disabled
                                                      else "accounts.admin.status_active")))
    if chosen.role != ACCOUNT_ADMINISTRATOR:
        new_units = widgets.choice(st.multiselect, t("accounts.admin.units"), list(UNIT_LABELS),
                                   default=list(chosen.unit_codes), format_func=UNIT_LABELS.__getitem__,
                                   key=f"admin_units_{chosen.id}",
                                   placeholder=t("accounts.admin.units_placeholder"))
        if st.button(t("accounts.admin.save_units"), key=f"admin_save_units_{chosen.id}"):
            with widgets.db() as session:
                done = widgets.attempt(services.set_units, session, actor=actor, account_id=chosen.id,
                                       unit_codes=new_units, now=widgets.wall_clock())
            if done is not None:
                st.toast(t("accounts.admin.units_saved", username=chosen.username), icon=":material/check:")
                st.rerun()
    left, right = st.columns(2)
    with left:
        label = "accounts.admin.enable" if chosen.disabled else "accounts.admin.disable"
        if st.button(t(label), key=f"admin_toggle_{chosen.id}", icon=":material/block:"):
            with widgets.db() as session:
                done = widgets.attempt(services.set_disabled, session, actor=actor, account_id=chosen.id,
                                       disabled=not chosen.disabled, now=widgets.wall_clock())
            if done is not None:
                st.toast(t("accounts.admin.disabled_done" if done.disabled else "accounts.admin.enabled_done",
                           username=done.username), icon=":material/check:")
                st.rerun()
    with right:
        if st.button(t("accounts.admin.reset"), key=f"admin_reset_{chosen.id}", icon=":material/key:"):
            with widgets.db() as session:
                password = widgets.attempt(services.reset_password, session, actor=actor, account_id=chosen.id,
                                           now=widgets.wall_clock())
            if password is not None:
                st.session_state[SHOWN_KEY] = (chosen.username, password)
                st.rerun()
