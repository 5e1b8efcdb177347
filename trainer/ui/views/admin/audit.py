"""Nhật ký quản trị: every sign-in, sign-out, failed sign-in, lockout and account change, newest first."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from trainer.accounts import queries
from trainer.i18n import has
from trainer.ui import widgets

t = widgets.tr()
lang = widgets.lang()
ACTIONS = ("account.created", "account.units_changed", "account.password_reset", "account.disabled",
           "account.enabled", "account.signed_in", "account.signed_out", "account.sign_in_failed", "account.locked")


def action_name(action: str) -> str:
    key = f"accounts.audit.actions.{action.replace('.', '_')}"
    return t(key) if has(key) else action


def actor_name(row: queries.AuditRow) -> str:
    if row.actor_username:
        return row.actor_username
    key = f"accounts.audit.actors.{row.actor}"
    return t(key) if has(key) else row.actor


def details(row: queries.AuditRow) -> str:
    data = row.data
    parts = []
    if data.get("reason"):
        parts.append(t(f"accounts.audit.reasons.{data['reason']}"))
    if "after" in data:
        parts.append(t("accounts.audit.units", codes=", ".join(data["after"]) or "—"))
    if data.get("role"):
        parts.append(t(f"accounts.roles.{data['role']}"))
    if data.get("until"):
        parts.append(t("accounts.audit.until", until=str(data["until"]).replace("T", " ")[:16]))
    return "; ".join(parts)


st.title(t("accounts.audit.title"))
st.write(t("accounts.audit.intro"))
choice = widgets.choice(st.selectbox, t("accounts.audit.filter"), (None, *ACTIONS), key="audit_filter",
                        format_func=lambda a: t("accounts.audit.all") if a is None else action_name(a))
with widgets.db() as session:
    rows = widgets.attempt(queries.audit_events, session, actor=widgets.actor(), kind=choice, limit=500)
if rows is not None:
    if not rows:
        st.info(t("accounts.audit.none"), icon=":material/info:")
    else:
        st.dataframe(
            pd.DataFrame([
                {
                    t("accounts.audit.col_at"): r.at.strftime("%d/%m/%Y %H:%M:%S"),
                    t("accounts.audit.col_actor"): actor_name(r),
                    t("accounts.audit.col_action"): action_name(r.action),
                    t("accounts.audit.col_target"): r.target_username or "—",
                    t("accounts.audit.col_details"): details(r),
                }
                for r in rows
            ]),
            hide_index=True, key="audit_table",
        )
        st.caption(t("accounts.audit.shown", count=len(rows)))
