"""Giấy chứng nhận và tài liệu in (trainers and administrators): for a chosen workshop, its kit (join poster,
participant handout) and its certificates (issue to all who passed, all in one PDF, revoke); then every
certificate they may manage, newest first: download one, revoke one with a reason (an administrator any; a trainer
those they issued or of their workshops)."""

from __future__ import annotations

import streamlit as st

from trainer.certificates import service as certs
from trainer.training import workshops
from trainer.ui import certificate_ui, kit_ui, widgets

t = widgets.tr()
lang = widgets.lang()
actor = widgets.actor()

st.title(t("certificate.manage.title"))
with widgets.db() as session:
    mine = widgets.attempt(workshops.workshops_for, session, actor) or ()
if mine:
    by_id = {w.id: w for w in mine}
    picked = st.selectbox(t("certificate.manage.workshop"), list(by_id), index=None, key="cert_manage_ws", placeholder=t("app.choose_placeholder"),
                          format_func=lambda i: f"{by_id[i].title} ({by_id[i].join_code}, {by_id[i].held_on:%d/%m/%Y})")
    if picked is not None:
        with st.container(border=True, key="cert_manage_ws_box"):
            kit_ui.kit_section(by_id[picked], key="cert_manage_kit")
            certificate_ui.workshop_section(picked, key="cert_manage_ws_cert", list_rows=False)
st.subheader(t("certificate.manage.all_title"))
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
