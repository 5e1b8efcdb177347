"""Hồ sơ của tôi: the signed-in citizen's dossiers; supplement, withdraw, pay, receive the result, rate."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import streamlit as st

from trainer.errors import TrainerError
from trainer.sandbox import reference
from trainer.sandbox.deadlines import is_late
from trainer.sandbox.portal import (
    answer_supplement,
    download_result,
    my_dossiers,
    pay_obligation,
    rate_satisfaction,
    request_withdrawal,
    track,
)
from trainer.sandbox.slipdata import supplement_slip
from trainer.ui import coach_panel, nav, portal_bundle, widgets
from trainer.ui import portal_common as pc
from trainer.ui.portal_form import eform
from trainer.ui.portal_slips import slip_buttons

WITHDRAWABLE = (2, 4, 5, 6)  # DOMAIN.md §2: a citizen may ask to withdraw from status 2–6
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


def already_rated(code: str) -> bool:
    """Whether the dossier's timeline already holds a rating (one rating per dossier)."""
    with widgets.db() as session:
        info = track(session, sandbox_id, code, pc.now_in(sandbox_id), lang)
    return any(entry.action == "dossier.rated" for entry in info.timeline)


def rate_form(dossier_id: int) -> None:
    """Đánh giá mức độ hài lòng: five levels and an optional comment."""
    with st.form("mine_rate_form"):
        score = st.radio(t("portal.mine.rate_label"), SCORES, key="mine_rate_score", horizontal=True,
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


def status_actions(dossier_id: int, code: str, status: int, delivery: str, now: datetime) -> bool:
    """What the citizen can do at this status; False when there is nothing."""
    acted = False
    if status == 5:
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
                st.caption(t("portal.mine.supplement_note", note=request.reason))
        eform(sandbox_id, dossier_id, now, prefix="mine")
        action_button(t("portal.mine.supplement_button"), "mine_supplement", answer_supplement, dossier_id,
                      flash=t("portal.mine.supplement_done"))
        acted = True
    if status == 6:
        st.markdown(f"**{t('portal.pay_title')}**")
        action_button(t("portal.pay_button"), "mine_pay_obligation", pay_obligation, dossier_id)
        acted = True
    if status == 9 and delivery == "electronic":
        st.markdown(f"**{t('portal.mine.result_title')}**")
        action_button(t("portal.mine.result_button"), "mine_result", download_result, dossier_id)
        acted = True
    if status == 10:
        if delivery == "electronic":
            result = pc.act(download_result, sandbox_id, dossier_id, actor=widgets.actor(), now=now,
                            citizen_id=pc.citizen_id())  # file only
            if result is not None:
                st.download_button(t("portal.mine.result_download"), data=result.content, file_name=result.filename,
                                   mime=result.mime, key=f"mine_result_file_{dossier_id}", icon=":material/download:")
        st.markdown(f"**{t('portal.mine.rate_title')}**")
        if already_rated(code):
            st.caption(t("portal.mine.rated"))
        else:
            rate_form(dossier_id)
        acted = True
    if status in WITHDRAWABLE:
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
        rows = [(d.id, d.code, d.procedure_code, d.status, d.submitted_at, d.appointment_at, is_late(d, now), d.delivery)
                for d in my_dossiers(session, sandbox_id, citizen_id)]
    if not rows:
        st.info(t("portal.mine.none"))
        return

    st.dataframe(
        [{
            t("portal.mine.col_code"): code or t("portal.mine.draft"),
            t("portal.mine.col_procedure"): reference.procedure_name(proc, lang),
            t("portal.mine.col_status"): pc.status_name(status),
            t("portal.mine.col_submitted"): pc.fmt_datetime(submitted),
            t("portal.mine.col_appointment"): pc.fmt_datetime(appointment),
            t("portal.mine.col_late"): "⚠" if late else "",
        } for _id, code, proc, status, submitted, appointment, late, _delivery in rows],
        hide_index=True, width="stretch", key="mine_table",
    )
    portal_bundle.my_bundles(sandbox_id, citizen_id)  # Hồ sơ liên thông: parts, due date, done
    submitted = {r[0]: r for r in rows if r[1]}
    if not submitted:
        return
    dossier_id = st.selectbox(
        t("portal.mine.pick"), list(submitted), key="mine_pick",
        format_func=lambda i: f"{submitted[i][1]} · {reference.procedure_name(submitted[i][2], lang)}",
    )
    _id, code, _proc, status, _s, _a, _late, delivery = submitted[dossier_id]
    st.subheader(f"{code} · {pc.status_name(status)}")
    st.page_link(nav.link(nav.TRACKING_URL_PATH), label=t("portal.track_link"), icon=":material/search:",
                 query_params={"dossier": code})
    slip_buttons(sandbox_id, dossier_id, key_prefix="mine")
    if not status_actions(dossier_id, code, status, delivery, now):
        st.caption(t("portal.mine.nothing_to_do"))


citizen = pc.signed_in_citizen(sandbox_id)
if citizen is None:
    sign_in_box()
else:
    main(citizen.id)
