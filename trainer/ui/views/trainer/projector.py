"""Màn chiếu (?lop=<id>): for the hall's projector, the join code in large type and the QR code of the join
address on the hall network (TRAINER_PUBLIC_URL, else the laptop's LAN address; never localhost)."""

from __future__ import annotations

import streamlit as st

from trainer.sandbox.slips import qr_png
from trainer.training import workshops
from trainer.ui import nav, widgets, workshop_ui

CSS = """<style>
.st-key-projector_code h1 { font-size: clamp(3rem, 7.5vw, 7.5rem); letter-spacing: 0.1em; white-space: nowrap; line-height: 1.05;
  text-align: center; font-family: "DejaVu Sans Mono", monospace; }
.st-key-projector_address p { font-size: 1.6rem; text-align: center; }
</style>"""

t = widgets.tr()
actor = widgets.actor()
with widgets.db() as session:
    mine = widgets.attempt(workshops.workshops_for, session, actor)
if mine is None:
    st.stop()
row = next((w for w in mine if str(w.id) == st.query_params.get("lop", "")), None)
if row is None:
    st.title(t("workshops.projector.title"))
    st.info(t("workshops.projector.pick"), icon=":material/info:")
    st.page_link(nav.link(nav.TRAINER_WORKSHOPS_URL_PATH), label=t("nav.trainer_workshops"), icon=":material/groups:")
    st.stop()

st.markdown(CSS, unsafe_allow_html=True)
join_url = workshop_ui.page_address(nav.JOIN_URL_PATH, lop=row.join_code)
st.markdown(f"### {widgets.literal(row.title)}")
if not row.is_open:
    st.error(t("workshops.projector.closed"), icon=":material/lock:")
left, right = st.columns([3, 2], vertical_alignment="center")
with left:
    st.markdown(t("workshops.projector.step1"))
    with st.container(key="projector_code"):
        st.markdown(f"# {row.join_code}")
    with st.container(key="projector_address"):
        st.markdown(t("workshops.projector.address", url=join_url))
    st.caption(t("workshops.projector.no_internet"))
with right:
    st.image(qr_png(join_url), caption=t("workshops.projector.qr_caption"), use_container_width=True)
kiosk_url = workshop_ui.page_address(nav.KIOSK_URL_PATH, lop=row.join_code, kiosk=row.join_code)
st.caption(t("workshops.projector.kiosk", url=kiosk_url))
st.page_link(nav.link(nav.TRAINER_WORKSHOP_URL_PATH), label=t("workshops.trainer.back_to_page"),
             query_params={"lop": str(row.id)}, icon=":material/arrow_back:")
