"""Hồ sơ của tôi: the signed-in citizen's dossiers; supplement, withdraw, pay, receive the result, rate."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import streamlit as st

from trainer.errors import TrainerError
from trainer.sandbox.portal import (
    answer_supplement,
    download_result,
    pay_obligation,
    rate_satisfaction,
    request_withdrawal,
)
from trainer.sandbox.queries import CitizenDossierRow, citizen_dossiers
from trainer.sandbox.slipdata import supplement_slip
from trainer.sandbox.transitions import available_actions
from trainer.ui import coach_panel, nav, portal_bundle, widgets
from trainer.ui import portal_common as pc
from trainer.ui.portal_form import eform
from trainer.ui.portal_slips import slip_buttons

SCORES = (5, 4, 3, 2, 1)

t = widgets.tr()
coach_panel.show()  # the scenario guide beside the page; points the page at the run's sandbox
lang = widgets.lang()

st.title(t("portal.mine.title"))
sandbox_id = pc.practice_sandbox_id()
pc.show_sandbox_line(sandbox_id)
if st.session_state.get("mine_flash"):
    st.success(st.session_state.pop("mine_flash"), icon=":material/check:")


def sign_in_box() -> None:
    st.info(t("portal.signin_first"), icon=":material/login:")
    pc.sign_in_box(sandbox_id, prefix="mine")


def rate_form(dossier_id: int) -> None:
    """Đánh giá mức độ hài lòng: five levels and an optional comment."""
    with st.form("mine_rate_form"):
        score = widgets.choice(st.radio, t("portal.mine.rate_label"), SCORES, key="mine_rate_score", horizontal=True,
                         format_func=lambda s: t(f"sandbox.rating.r{s}"))
        comment = st.text_input(t("portal.mine.rate_comment"), key="mine_rate_comment", max_chars=1000)
        rated = st.form_submit_button(t("portal.mine.rate_button"), key="mine_rate_send")
    if rated and pc.act(rate_satisfaction, sandbox_id, dossier_id, score=score, comment=comment, citizen_id=pc.citizen_id(),
                        actor=widgets.actor(), now=pc.now_in(sandbox_id)):
        st.session_state["mine_flash"] = t("portal.mine.rate_done")
        st.rerun()


def action_button(label: str, key: str, action: Any, dossier_id: int, *, flash: str | None = None,
                  primary: bool = True, **kwargs: Any) -> None:
    """One button, one service call; on success the page reruns (with a message when given)."""
    pressed = st.button(label, key=key, type="primary" if primary else "secondary")
    if pressed and pc.act(action, sandbox_id, dossier_id, actor=widgets.actor(), now=pc.now_in(sandbox_id),
                          citizen_id=pc.citizen_id(),
                              **kwargs) is not None:
        if flash:
            st.session_state["mine_flash"] = flash
        st.rerun()


def status_actions(row: CitizenDossierRow, now: datetime) -> bool:
    """What the citizen may do now (`available_actions`, the transition table); False when there is nothing."""
    actions = available_actions(row, None, widgets.actor())
    dossier_id = row.id
    acted = False
    if "submit_supplement" in actions:
        st.markdown(f"**{t('portal.mine.supplement_title')}**")
        with widgets.db() as session:
            try:
                request = supplement_slip(session, sandbox_id, dossier_id, lang=lang)
            except TrainerError:
                request = None
        if request is not None:
            st.write(t("portal.mine.supplement_missing"))
            for name in request.missing:
                st.markdown(f"- {name}")
            if request.reason:
                st.caption(t("portal.mine.supplement_note", note=widgets.literal(request.reason)))
        eform(sandbox_id, dossier_id, now, prefix="mine")
        action_button(t("portal.mine.supplement_button"), "mine_supplement", answer_supplement, dossier_id,
                      flash=t("portal.mine.supplement_done"))
        acted = True
    if "pay_obligation" in actions:
        st.markdown(f"**{t('portal.pay_title')}**")
        action_button(t("portal.pay_button"), "mine_pay_obligation", pay_obligation, dossier_id)
        acted = True
    if "download_result" in actions:
        st.markdown(f"**{t('portal.mine.result_title')}**")
        action_button(t("portal.mine.result_button"), "mine_result", download_result, dossier_id)
        acted = True
    if row.result_file_kept:  # received already: the file again, no transition
        result = pc.act(download_result, sandbox_id, dossier_id, actor=widgets.actor(), now=now,
                        citizen_id=pc.citizen_id())
        if result is not None:
            st.download_button(t("portal.mine.result_download"), data=result.content, file_name=result.filename,
                               mime=result.mime, key=f"mine_result_file_{dossier_id}", icon=":material/download:")
        acted = True
    if "rate" in actions or row.rated:
        st.markdown(f"**{t('portal.mine.rate_title')}**")
        if "rate" in actions:
            rate_form(dossier_id)
        else:
            st.caption(t("portal.mine.rated"))
        acted = True
    if "request_withdrawal" in actions:
        with st.expander(t("portal.mine.withdraw_title")):
            reason = st.text_input(t("portal.mine.withdraw_reason"), key="mine_withdraw_reason", max_chars=500)
            action_button(t("portal.mine.withdraw_button"), "mine_withdraw", request_withdrawal, dossier_id,
                          flash=t("portal.mine.withdraw_done"), primary=False, reason=reason)
        acted = True
    return acted


def main(citizen_id: int) -> None:
    """The list, then the actions the chosen dossier's status allows."""
    st.write(t("portal.mine.intro"))
    now = pc.now_in(sandbox_id)
    with widgets.db() as session:
        rows = citizen_dossiers(session, sandbox_id, citizen_id, now, lang)
    if not rows:
        st.info(t("portal.mine.none"))
        return

    st.dataframe(
        [{
            t("portal.mine.col_code"): r.code or t("portal.mine.draft"),
            t("portal.mine.col_procedure"): r.procedure_name,
            t("portal.mine.col_status"): pc.status_name(r.status),
            t("portal.mine.col_submitted"): pc.fmt_datetime(r.submitted_at),
            t("portal.mine.col_appointment"): pc.fmt_datetime(r.appointment_at),
            t("portal.mine.col_late"): "⚠" if r.late else "",
        } for r in rows],
        hide_index=True, width="stretch", key="mine_table",
    )
    portal_bundle.my_bundles(sandbox_id, citizen_id)  # Hồ sơ liên thông: parts, due date, done
    submitted = {r.id: r for r in rows if r.code}
    if not submitted:
        return
    dossier_id = widgets.choice(
        st.selectbox, t("portal.mine.pick"), list(submitted), key="mine_pick",
        format_func=lambda i: f"{submitted[i].code} · {submitted[i].procedure_name}",
    )
    row = submitted[dossier_id]
    st.subheader(f"{row.code} · {pc.status_name(row.status)}")
    st.page_link(nav.link(nav.TRACKING_URL_PATH), label=t("portal.track_link"), icon=":material/search:",
                 query_params={"dossier": row.code})
    slip_buttons(sandbox_id, dossier_id, key_prefix="mine")
    if not status_actions(row, now):
        st.caption(t("portal.mine.nothing_to_do"))


citizen = pc.signed_in_citizen(sandbox_id)
if citizen is None:
    sign_in_box()
else:
    main(citizen.id)
