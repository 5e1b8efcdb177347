"""Xác minh giấy chứng nhận: anyone (no sign-in) checks a certificate's serial, typed or from its QR code (?so=).

Shows only the holder's name, the path, the date and whether it is valid or revoked (with the date); anything else,
unknown or malformed, is only "Không tìm thấy".
"""

from __future__ import annotations

import streamlit as st

from trainer.certificates.serials import MAX_INPUT
from trainer.certificates.service import verify
from trainer.printed.certificates import SERIAL_PARAM
from trainer.ui import widgets

t = widgets.tr()
lang = widgets.lang()


def fmt(value) -> str:  # type: ignore[no-untyped-def]
    return value.strftime("%d/%m/%Y")


st.title(t("certificate.verify.title"))
st.write(t("certificate.verify.intro"))
from_link = st.query_params.get(SERIAL_PARAM, "")[:MAX_INPUT]
if from_link and st.session_state.get("verify_from_link") != from_link:
    st.session_state["verify_serial"] = from_link  # the QR code opened the page: fill the box once
    st.session_state["verify_from_link"] = from_link
with st.form("verify_form", border=False):
    typed = st.text_input(t("certificate.verify.label"), key="verify_serial", max_chars=MAX_INPUT,
                          placeholder="MCS-2026-XXXX-XXXX")
    st.form_submit_button(t("certificate.verify.button"), type="primary", icon=":material/verified:", key="verify_submit")
serial = (typed or "").strip()
if serial:
    with widgets.db() as session:
        found = verify(session, serial)
    if found is None:
        st.warning(t("certificate.verify.not_found"), icon=":material/search_off:")
    else:
        if found.valid:
            st.success(t("certificate.verify.valid"), icon=":material/verified:")
        else:
            st.error(t("certificate.verify.revoked", date=fmt(found.revoked_on)), icon=":material/block:")
        with st.container(border=True):
            st.markdown(f"**{t('certificate.verify.serial')}:** {found.serial}")
            st.markdown(f"**{t('certificate.verify.name')}:** {widgets.literal(found.holder_name)}")
            st.markdown(f"**{t('certificate.verify.path')}:** {widgets.literal(found.path_title_in(lang))}")
            st.markdown(f"**{t('certificate.verify.date')}:** {fmt(found.issued_on)}")
        st.caption(t("certificate.verify.meaning"))
