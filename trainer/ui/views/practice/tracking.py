"""Tra cứu hồ sơ: a dossier code (typed, or from ?dossier= in a slip's QR code) → status, dates, late flag, timeline."""

from __future__ import annotations

import streamlit as st

from trainer.i18n import has
from trainer.sandbox.queries import tracking
from trainer.ui import coach_panel, widgets
from trainer.ui import portal_common as pc

t = widgets.tr()
coach_panel.show()  # the scenario guide beside the page; points the page at the run's sandbox
lang = widgets.lang()

st.title(t("portal.track.title"))
st.write(t("portal.track.intro"))
sandbox_id = pc.practice_sandbox_id()
pc.show_sandbox_line(sandbox_id)

from_link = st.query_params.get("dossier", "")
if from_link and st.session_state.get("tracking_from_link") != from_link:
    st.session_state["tracking_code"] = from_link  # a QR code or link opened the page: fill the box once
    st.session_state["tracking_from_link"] = from_link
code = st.text_input(t("portal.track.code_label"), key="tracking_code", max_chars=40).strip()


def event_label(action: str) -> str:
    key = f"sandbox.event.{action}"
    return t(key) if has(key, lang) else action


def actor_label(actor: str) -> str:
    key = f"roles.{actor}"
    return t(key) if has(key, lang) else actor


if code:
    with widgets.db() as session:
        info = widgets.attempt(tracking, session, sandbox_id, code, pc.now_in(sandbox_id), lang)
    if info is not None:
        st.query_params["dossier"] = info.code
        st.subheader(info.code)
        st.markdown(t("portal.track.status", status=pc.status_name(info.status)))
        st.write(t("portal.track.procedure", name=f"{info.procedure_code} · {info.procedure_name}"))
        left, right = st.columns(2)
        left.write(t("portal.track.appointment", when=pc.fmt_datetime(info.appointment_at)))
        if info.new_appointment_at is not None:
            left.write(t("portal.track.new_appointment", when=pc.fmt_datetime(info.new_appointment_at)))
        left.write(t("portal.track.delivery", how=t(f"sandbox.delivery.{info.delivery}")))
        if info.tracking_numbers:
            left.write(t("portal.track.post_numbers", numbers=", ".join(info.tracking_numbers)))
        if info.late:
            right.error(t("portal.track.late"), icon=":material/schedule:")
        elif info.appointment_at is not None:
            right.success(t("portal.track.on_time"), icon=":material/schedule:")
        st.markdown(f"**{t('portal.track.timeline')}**")
        rows = [
            {
                t("portal.track.col_at"): pc.fmt_datetime(entry.at),
                t("portal.track.col_action"): event_label(entry.action),
                t("portal.track.col_actor"): actor_label(entry.actor),
                t("portal.track.col_status"): pc.status_name(entry.to_status) if entry.to_status is not None else "",
                t("portal.track.col_note"): entry.note or "",
            }
            for entry in info.timeline
        ]
        st.dataframe(rows, hide_index=True, width="stretch", key="tracking_timeline")
