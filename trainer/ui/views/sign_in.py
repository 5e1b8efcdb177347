"""Đăng nhập: trainers, leaders and administrators sign in (participants never need a password)."""

from __future__ import annotations

import streamlit as st

from trainer.accounts import services
from trainer.ui import account_session, nav, widgets

t = widgets.tr()
actor = widgets.actor()

st.title(t("accounts.sign_in.title"))
if actor.is_account:
    st.success(t("accounts.signed_in_as", name=widgets.literal(actor.name), role=t(f"accounts.roles.{actor.account_role}")),
               icon=":material/verified_user:")
    for spec in nav.menu_pages(actor):
        if spec.for_accounts:
            st.page_link(spec.link, label=t(spec.title_key), icon=spec.icon)
    if st.button(t("accounts.sign_out"), key="sign_in_sign_out", icon=":material/logout:"):
        with widgets.db() as session:
            account_session.sign_out(session, widgets.wall_clock())
        widgets.account_changed()
        st.rerun()
    st.stop()

st.write(t("accounts.sign_in.intro"))
st.page_link(nav.link(nav.START_URL_PATH), label=t("accounts.sign_in.participants"), icon=":material/home:")
with st.form("sign_in_form", clear_on_submit=False, enter_to_submit=True):
    username = st.text_input(t("accounts.sign_in.username"), key="sign_in_username", max_chars=40,
                             autocomplete="username")
    password = st.text_input(t("accounts.sign_in.password"), key="sign_in_password", type="password",
                             max_chars=256, autocomplete="current-password")
    submitted = st.form_submit_button(t("accounts.sign_in.submit"), key="sign_in_submit", type="primary")
if submitted:
    with widgets.db() as session:  # a refusal is committed too: the count of wrong passwords, the lock, the audit
        outcome = services.sign_in(session, username=username, password=password, now=widgets.wall_clock())
    if outcome.ok:
        account_session.signed_in(outcome)
        widgets.account_changed()
        st.rerun()
    else:
        widgets.show_error(outcome.error)
