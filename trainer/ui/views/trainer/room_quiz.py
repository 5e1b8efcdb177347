"""The room quiz on the projector: start one, then question → answer → leaderboard → next; results as XLSX."""

from __future__ import annotations

import html

import streamlit as st

from trainer.live import room_quiz as rqz
from trainer.ui import live_view, widgets

t = widgets.tr()
st.html(live_view.PROJECTOR_CSS)
workshop = live_view.pick_workshop(t, widgets.actor())
if workshop is None:
    st.stop()
with widgets.db() as session:
    running = rqz.room_tick(session, workshop.id).room_quiz_id is not None
with st.container(key="projector"):
    st.html(f"<h1 class='live-title'>{html.escape(t('live.quiz_title', title=workshop.title))}</h1>")
    live_view.join_banner(t, workshop)
    if running:
        live_view.quiz_projector(workshop.id)
if not running:
    st.caption(t("live.quiz_intro"))
    live_view.start_form(t, workshop.id)
    live_view.past_results(t, workshop)
