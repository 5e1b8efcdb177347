"""The workshop kit on the trainer's workshop page: the hall's Wi-Fi hint, then the join poster and the
participant handout as A4 PDFs (made only when a button is pressed)."""

from __future__ import annotations

import streamlit as st

from trainer.printed.kit import WIFI_MAX, kit_filename, kit_workshop, render_handout, render_poster
from trainer.ui import widgets


def kit_section(row: object, *, key: str = "ws_kit") -> None:
    """`row` is the workshop (trainer.training.workshops.WorkshopRow)."""
    t, lang, base_url = widgets.tr(), widgets.lang(), widgets.public_url()
    ws = kit_workshop(row)
    st.subheader(t("kit.ui.title"))
    wifi = st.text_input(t("kit.ui.wifi"), key=f"{key}_wifi", max_chars=WIFI_MAX,
                         placeholder=t("kit.ui.wifi_placeholder"))
    left, right = st.columns(2)

    def poster() -> bytes:
        return render_poster(ws, base_url=base_url, wifi=wifi, lang=lang)

    def handout() -> bytes:
        return render_handout(ws, base_url=base_url, wifi=wifi, lang=lang)

    with left:
        st.download_button(t("kit.ui.poster"), data=poster, file_name=kit_filename(ws.join_code, "ap-phich"),
                           mime="application/pdf", key=f"{key}_poster", on_click="ignore", icon=":material/print:")
    with right:
        st.download_button(t("kit.ui.handout"), data=handout, file_name=kit_filename(ws.join_code, "phieu-hoc-vien"),
                           mime="application/pdf", key=f"{key}_handout", on_click="ignore", icon=":material/print:")
