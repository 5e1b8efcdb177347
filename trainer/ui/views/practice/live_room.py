"""The participant's live room: the room quiz on their own device, and "Cần hỗ trợ"."""

from __future__ import annotations

import streamlit as st

from trainer.live import access
from trainer.ui import live_view, nav, widgets

t = widgets.tr()
st.title(t("live.room_title"))
actor = widgets.actor()
if actor.trainee_id is None:
    st.info(t("live.need_profile"), icon=":material/badge:")
    st.page_link(nav.link(nav.JOIN_URL_PATH), label=t("nav.join"), icon=":material/groups:")
    st.stop()
with widgets.db() as session:
    workshop_id = access.participant_workshop(session, actor.trainee_id)
if workshop_id is None:
    st.info(t("live.not_in_workshop"), icon=":material/groups:")
    st.page_link(nav.link(nav.JOIN_URL_PATH), label=t("nav.join"), icon=":material/groups:")
    st.stop()
st.caption(t("live.room_intro"))
live_view.quiz_player(workshop_id)
