"""Download buttons for printed material (citizen guides, later certificates and the workshop kit).

The PDF is made only when the button is pressed (Streamlit calls the data callable then), never on a rerun.
"""

from __future__ import annotations

import streamlit as st

from trainer.printed.guides import guide_filename, render_guide
from trainer.ui import widgets
from trainer.world.procedures import load_catalogue


def guide_button(code: str, *, key: str, label: str | None = None) -> None:
    """“Tải hướng dẫn cho người dân (PDF)” for one procedure; its QR code opens the practice portal here."""
    t, lang = widgets.tr(), widgets.lang()
    base_url, model = widgets.public_url(), widgets.settings().admin_model

    def make() -> bytes:
        return render_guide(load_catalogue().get(code), base_url=base_url, lang=lang, model=model)

    st.download_button(label or t("guide.button"), data=make, file_name=guide_filename(code),
                       mime="application/pdf", key=key, on_click="ignore", icon=":material/print:",
                       help=t("guide.button_help"))
