"""Hướng dẫn cho người dân: the catalogue of procedures, each with its printable citizen guide (A4 PDF)."""

from __future__ import annotations

import streamlit as st

from trainer.printed.guides import fee_text, time_text
from trainer.ui import printed_buttons, widgets
from trainer.world.procedures import load_catalogue

t = widgets.tr()
lang = widgets.lang()

st.title(t("guide.page_title"))
st.write(t("guide.page_intro"))
catalogue = load_catalogue()
query = st.text_input(t("guide.search"), key="guides_search_q", max_chars=100)
procedures = catalogue.search(query, lang) if query.strip() else catalogue.all()
if not procedures:
    st.info(t("guide.none", query=query.strip()))
st.caption(t("guide.count", n=len(procedures)))
by_field: dict[str, list] = {}
for proc in procedures:
    by_field.setdefault(proc.field, []).append(proc)
for field, items in by_field.items():
    st.subheader(t(f"world.field.{field}"))
    for proc in items:
        with st.container(border=True):
            left, right = st.columns([4, 1], vertical_alignment="center")
            left.markdown(f"**{proc.name.get(lang)}**")
            left.caption(t("guide.line", code=proc.code, time=time_text(proc, lang), fee=fee_text(proc, lang)))
            with right:
                printed_buttons.guide_button(proc.code, key=f"guides_dl_{proc.code}", label=t("guide.download"))
