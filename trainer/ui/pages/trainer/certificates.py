"""Giấy chứng nhận (trainers and administrators): the certificates they may manage, newest first; download one,
revoke one with a reason (an administrator any; a trainer those they issued or of their workshops)."""

from __future__ import annotations

import streamlit as st

from trainer.certificates import service as certs
from trainer.ui import certificate_ui, widgets

t = widgets.tr()
lang = widgets.lang()
actor = widgets.actor()

st.title(t("certificate.manage.title"))
st.write(t("certificate.manage.intro"))
query = st.text_input(t("certificate.manage.search"), key="cert_manage_q", max_chars=60).strip().casefold()
with widgets.db() as session:
    rows = certs.managed_certificates(session, actor)
if query:
    rows = tuple(r for r in rows if query in r.serial.casefold() or query in r.holder_name.casefold())
if not rows:
    st.info(t("certificate.manage.none"), icon=":material/info:")
for row in rows:
    with st.container(border=True, key=f"cert_manage_{row.id}"):
        state = t("certificate.ui.state_valid") if row.valid else t(
            "certificate.ui.state_revoked", date=f"{row.revoked_at:%d/%m/%Y}")  # type: ignore[str-format]
        st.markdown(f"**{widgets.literal(row.holder_name)}** · {row.serial} · {state}")
        details = [row.path_title_in(lang), f"{row.issued_on:%d/%m/%Y}", t(f"certificate.ui.how_{row.how}")]
        if row.workshop_title:
            details.append(row.workshop_title)
        st.caption(widgets.literal(" · ".join(details)))
        if not row.valid and row.revoke_reason:
            st.caption(t("certificate.manage.reason", reason=widgets.literal(row.revoke_reason)))
        left, right = st.columns(2)
        with left:
            certificate_ui.download_button(row, key=f"cert_manage_dl_{row.id}")
        if row.valid:
            with right:
                certificate_ui.revoke_popover(row, key=f"cert_manage_{row.id}")
