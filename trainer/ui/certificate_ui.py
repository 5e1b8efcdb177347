"""Certificates on the participants' and the trainers' pages: receive one when the path is passed, download it
(made only when the button is pressed), the trainer's all-in-one PDF, issue and revoke."""

from __future__ import annotations

import streamlit as st

from trainer.certificates import service as certs
from trainer.certificates.service import CertificateRow
from trainer.printed.certificates import (
    certificate_filename,
    render_certificate,
    render_certificates,
    verification_url,
)
from trainer.ui import widgets


def mine_by_path() -> dict[str, CertificateRow]:
    """The acting participant's newest certificate per path (one query)."""
    with widgets.db() as session:
        rows = certs.certificates_of(session, widgets.actor())
    out: dict[str, CertificateRow] = {}
    for row in rows:  # newest first
        out.setdefault(row.path_id, row)
    return out


def download_button(row: CertificateRow, *, key: str) -> None:
    t, lang, base_url = widgets.tr(), widgets.lang(), widgets.public_url()

    def make() -> bytes:
        return render_certificate(row, base_url=base_url, lang=lang)

    st.download_button(t("certificate.ui.download"), data=make, file_name=certificate_filename(row),
                       mime="application/pdf", key=key, on_click="ignore", icon=":material/workspace_premium:")


def my_certificate(*, path_id: str, workshop_id: int, passed: bool, found: CertificateRow | None, key: str) -> None:
    """Under one of "my paths": the certificate (download, number, verification address), issued by itself when
    the path's last step passed; the button that issues it only for a path passed with no valid certificate (passed
    before issuing was automatic, or after a revocation)."""
    t = widgets.tr()
    if found is not None:
        if found.valid:
            st.markdown(t("certificate.ui.have", serial=found.serial, date=f"{found.issued_on:%d/%m/%Y}"))
        else:
            st.warning(t("certificate.ui.revoked", serial=found.serial,
                         date=f"{found.revoked_at:%d/%m/%Y}"), icon=":material/block:")  # type: ignore[str-format]
        left, right = st.columns([1, 2], vertical_alignment="center")
        with left:
            download_button(found, key=f"{key}_download")
        right.caption(t("certificate.ui.verify_at", url=verification_url(found.serial, widgets.public_url())))
        if found.valid or not passed:
            return
    if not passed:
        return
    if st.button(t("certificate.ui.receive"), key=f"{key}_receive", type="primary", icon=":material/workspace_premium:"):
        trainee = widgets.current_trainee()
        with widgets.db() as session:
            issued = widgets.attempt(certs.issue_if_passed, session, actor=widgets.actor(),
                                     trainee_id=trainee.id if trainee else -1, path_id=path_id,
                                     workshop_id=workshop_id, now=widgets.wall_clock())
        if issued is not None:
            st.rerun()
        else:
            st.info(t("certificate.ui.not_yet"), icon=":material/info:")


def workshop_section(workshop_id: int, *, key: str = "ws_cert", list_rows: bool = True) -> None:
    """For the workshop's trainer: issue to everyone who passed, download all as one PDF, and (with list_rows) each
    certificate with its revoke button."""
    t, lang, base_url = widgets.tr(), widgets.lang(), widgets.public_url()
    st.subheader(t("certificate.ui.workshop_title"))
    if st.button(t("certificate.ui.issue_passed"), key=f"{key}_issue_passed", icon=":material/workspace_premium:"):
        with widgets.db() as session:
            n = widgets.attempt(certs.issue_passed_in_workshop, session, actor=widgets.actor(),
                                workshop_id=workshop_id, now=widgets.wall_clock())
        if n is not None:
            st.success(t("certificate.ui.issued_n", n=n), icon=":material/task_alt:")
    with widgets.db() as session:
        rows = widgets.attempt(certs.workshop_certificates, session, workshop_id, widgets.actor()) or ()
    valid = [r for r in rows if r.valid]
    st.caption(t("certificate.ui.count", valid=len(valid), revoked=len(rows) - len(valid)))

    def make_all() -> bytes:
        return render_certificates(valid, base_url=base_url, lang=lang)

    st.download_button(t("certificate.ui.download_all"), data=make_all, file_name=f"giay-chung-nhan-lop-{workshop_id}.pdf",
                       mime="application/pdf", key=f"{key}_download_all", on_click="ignore", disabled=not valid,
                       icon=":material/print:")
    for row in rows if list_rows else ():
        with st.container(border=True, key=f"{key}_row_{row.id}"):
            state = t("certificate.ui.state_valid") if row.valid else t(
                "certificate.ui.state_revoked", date=f"{row.revoked_at:%d/%m/%Y}")  # type: ignore[str-format]
            st.markdown(f"**{widgets.literal(row.holder_name)}** · {row.serial} · {state}")
            how = t(f"certificate.ui.how_{row.how}")
            st.caption(f"{widgets.literal(row.path_title_in(lang))} · {row.issued_on:%d/%m/%Y} · {how}")
            if row.valid:
                revoke_popover(row, key=f"{key}_{row.id}")


def revoke_popover(row: CertificateRow, *, key: str) -> None:
    """“Thu hồi”: the reason, then the confirmation (the service checks who may)."""
    t = widgets.tr()
    with st.popover(t("certificate.ui.revoke"), icon=":material/block:"):
        reason = st.text_input(t("certificate.ui.reason"), key=f"{key}_reason", max_chars=500)
        if st.button(t("certificate.ui.revoke_confirm"), key=f"{key}_revoke", type="primary"):
            with widgets.db() as session:
                done = widgets.attempt(certs.revoke, session, actor=widgets.actor(), serial=row.serial,
                                       reason=reason, now=widgets.wall_clock())
            if done is not None:
                st.rerun()


def issue_for_person(workshop_id: int, *, key: str) -> None:
    """The trainer issues the certificate to one person of the workshop whatever the sandbox shows (recorded as the
    trainer's decision, with whether the pass rule was met and a note)."""
    from trainer.training import workshops

    t = widgets.tr()
    with widgets.db() as session:
        people = widgets.attempt(workshops.roster, session, workshop_id, widgets.actor()) or ()
    if not people:
        return
    st.markdown(f"**{t('certificate.ui.one_title')}**")
    st.caption(t("certificate.ui.one_intro"))
    by_id = {p.trainee_id: p for p in people}
    picked = widgets.choice(st.selectbox, t("certificate.ui.one_person"), list(by_id), index=None, key=f"{key}_person",
                            placeholder=t("app.choose_placeholder"), format_func=lambda i: f"{by_id[i].name} · " + (
                              t("certificate.ui.one_passed") if by_id[i].outcome.passed else t("certificate.ui.one_not_passed")))
    note = st.text_input(t("certificate.ui.one_note"), key=f"{key}_note", max_chars=300)
    if st.button(t("certificate.ui.issue_one"), key=f"{key}_issue", disabled=picked is None,
                 icon=":material/workspace_premium:"):
        with widgets.db() as session:
            done = widgets.attempt(certs.issue_by_trainer, session, actor=widgets.actor(), workshop_id=workshop_id,
                                   trainee_id=picked, now=widgets.wall_clock(), note=note)
        if done is not None:
            st.success(t("certificate.ui.one_done", name=widgets.literal(done.holder_name), serial=done.serial),
                       icon=":material/task_alt:")
