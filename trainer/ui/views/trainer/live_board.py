"""The live board on the projector: participants × path steps, who needs help, the join code on screen."""

from __future__ import annotations

import html

import streamlit as st

from trainer.ui import live_view, widgets

t = widgets.tr()
st.html(live_view.PROJECTOR_CSS)
workshop = live_view.pick_workshop(t, widgets.actor())
if workshop is None:
    st.stop()
with st.container(key="projector"):
    st.html(f"<h1 class='live-title'>{html.escape(t('live.board_title', title=workshop.title))}</h1>")
    live_view.join_banner(t, workshop)
    live_view.live_board(workshop.id)
with st.expander(t("live.settings"), icon=":material/settings:"):
    live_view.room_settings(t, workshop.id)
