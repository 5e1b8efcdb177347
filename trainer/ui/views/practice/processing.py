"""Xử lý hồ sơ: the dossiers at the current role's step; examine, move on, send back, ask, sign, apologise."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from trainer.sandbox.interconnection import send_result_to_desk
from trainer.sandbox.lifecycle import (
    approve_step,
    confirm_payment,
    issue_apology,
    request_payment,
    request_supplement,
    send_back_step,
    sign,
    stop_processing,
)
from trainer.sandbox.queries import document_lines, processing_lists
from trainer.sandbox.transitions import OFFICE_HEAD, SPECIALIST, available_actions
from trainer.ui import coach_panel, widgets
from trainer.ui.desk_panels import (
    act,
    documents_view,
    dossier_card,
    dossier_table,
    pick_dossier,
    reason_input,
    show_flash,
)
from trainer.ui.sandbox_session import clock_panel, current_sandbox_id
from trainer.world.calendar import APPOINTMENT_TIME, add_working_days

FLASH_KEY = "proc_flash"
APOLOGY_DEFAULT_EXTRA_DAYS = 2  # working days after the old due date first offered as the new date (editable)
NEXT_LABEL = {SPECIALIST: "desk.proc.actions.next", OFFICE_HEAD: "desk.proc.actions.to_leader"}

t = widgets.tr()
coach_panel.show()  # the scenario guide beside the page; points the page at the run's sandbox
lang = t.lang
actor = widgets.actor()
role = actor.practice_role
st.title(t("desk.proc.title"))
st.caption(t("desk.proc.subtitle", role=t(f"roles.{role}")))

sid = current_sandbox_id()
if sid is None:
    st.stop()
clock = clock_panel(sid, "proc")
show_flash(t, FLASH_KEY, sid, clock, "proc_flash")

with widgets.db() as session:
    lists = processing_lists(session, sid, actor, clock, lang)
mine, waiting, late = lists.mine, lists.waiting, lists.late

top = st.columns(3)
top[0].metric(t("desk.proc.metric.mine"), len(mine))
top[1].metric(t("desk.proc.metric.late"), len(late))
top[2].metric(t("desk.proc.metric.waiting"), len(waiting))
if late:
    st.error(t("desk.proc.late_list", codes=", ".join(r.code or "—" for r in late)), icon=":material/schedule:")

st.subheader(t("desk.proc.list_title"))
if not mine:
    st.info(t("desk.proc.empty"), icon=":material/inbox:")
else:
    dossier_table(t, mine, columns=("code", "citizen", "procedure", "status", "step", "due", "late"))
    row = pick_dossier(t, mine, "proc_pick")
    if row is not None:
        actions = available_actions(row, row.step, actor)  # exactly the buttons shown below
        dossier_card(t, row)
        st.markdown(f"#### {t('desk.proc.examine')}")
        with widgets.db() as session:
            lines = document_lines(session, sid, row.id, lang)
        documents_view(t, lines)
        if "confirm_payment" in actions:
            st.info(t("desk.proc.payment_waiting"), icon=":material/payments:")
            if st.button(t("desk.proc.actions.confirm_payment"), key=f"proc_confirm_payment_{row.id}", type="primary"):
                act(FLASH_KEY, "desk.proc.flash.paid", confirm_payment, sid, row.id, actor=actor, now=clock)
        if {"sign", "approve_step", "send_back_step", "stop_processing"} & set(actions):
            note = reason_input(t, f"proc_note_{row.id}", "desk.proc.note")
            buttons = st.columns(3)
            if "sign" in actions and buttons[0].button(t("desk.proc.actions.sign"), key=f"proc_sign_{row.id}",
                                                       type="primary", icon=":material/draw:"):
                act(FLASH_KEY, "desk.proc.flash.signed", sign, sid, row.id, actor=actor, now=clock)
            if "approve_step" in actions and buttons[0].button(t(NEXT_LABEL[role]), key=f"proc_next_{row.id}",
                                                               type="primary", icon=":material/arrow_forward:"):
                act(FLASH_KEY, "desk.proc.flash.next", approve_step, sid, row.id, actor=actor, now=clock, note=note)
            if "send_back_step" in actions and buttons[1].button(t("desk.proc.actions.send_back"),
                                                                 key=f"proc_back_{row.id}", icon=":material/undo:"):
                act(FLASH_KEY, "desk.proc.flash.sent_back", send_back_step, sid, row.id, actor=actor, now=clock,
                    reason=note)
            if "stop_processing" in actions and buttons[2].button(t("desk.proc.actions.stop"), key=f"proc_stop_{row.id}",
                                                                  icon=":material/stop_circle:"):
                act(FLASH_KEY, "desk.proc.flash.stopped", stop_processing, sid, row.id, actor=actor, now=clock,
                    reason=note)
            st.caption(t("desk.proc.note_hint"))
            left, right = st.columns(2) if {"request_supplement", "request_payment"} & set(actions) else (None, None)
            if "request_supplement" in actions:
                with left.container(border=True):
                    st.markdown(f"**{t('desk.proc.actions.supplement')}**")
                    names = {line.doc_id: line.name for line in lines}
                    wanted = widgets.choice(st.multiselect, t("desk.proc.supplement_docs"), list(names), default=[],
                                            format_func=names.__getitem__,
                                            placeholder=t("desk.proc.pick_docs"), key=f"proc_supplement_docs_{row.id}")
                    if st.button(t("desk.proc.actions.supplement"), key=f"proc_supplement_{row.id}"):
                        act(FLASH_KEY, "desk.proc.flash.supplement_requested", request_supplement, sid, row.id,
                            actor=actor, now=clock, missing=wanted, note=note)
            if "request_payment" in actions:
                with right.container(border=True):
                    st.markdown(f"**{t('desk.proc.actions.payment')}**")
                    amount = st.number_input(t("desk.proc.amount"), min_value=0, max_value=100_000_000, step=1000,
                                             value=0, key=f"proc_amount_{row.id}")
                    if st.button(t("desk.proc.actions.payment"), key=f"proc_payment_{row.id}"):
                        act(FLASH_KEY, "desk.proc.flash.payment_requested", request_payment, sid, row.id,
                            actor=actor, now=clock, amount=int(amount), note=note)
        if "issue_apology" in actions:
            with st.container(border=True):
                st.markdown(f"**{t('desk.proc.apology.title')}**")
                st.caption(t("desk.proc.apology.rule"))
                default_day = add_working_days((row.due or clock).date(), APOLOGY_DEFAULT_EXTRA_DAYS)
                new_day = st.date_input(t("desk.proc.apology.new_date"), value=default_day, format="DD/MM/YYYY",
                                        key=f"proc_apology_date_{row.id}")
                apology_reason = reason_input(t, f"proc_apology_reason_{row.id}", "desk.proc.apology.reason")
                if st.button(t("desk.proc.apology.issue"), key=f"proc_apology_{row.id}", icon=":material/mail:"):
                    act(FLASH_KEY, "desk.proc.flash.apology", issue_apology, sid, row.id, actor=actor, now=clock,
                        new_appointment_at=datetime.combine(new_day, APPOINTMENT_TIME), reason=apology_reason)

if waiting:
    st.subheader(t("desk.proc.waiting_title"))
    dossier_table(t, waiting, columns=("code", "citizen", "procedure", "status", "due"))

if lists.signed_elsewhere:
    st.subheader(t("desk.proc.linked_title"))
    st.caption(t("desk.proc.linked_intro"))
    dossier_table(t, lists.signed_elsewhere, columns=("code", "citizen", "procedure", "status"))
    back = pick_dossier(t, lists.signed_elsewhere, "proc_linked_pick")
    if back is not None and "send_result_to_desk" in available_actions(back, back.step, actor) and st.button(
            t("desk.proc.actions.result_to_desk"), key=f"proc_result_to_desk_{back.id}"):
        act(FLASH_KEY, "desk.proc.flash.result_to_desk", send_result_to_desk, sid, back.id, actor=actor, now=clock)

if lists.withdrawing:
    st.subheader(t("desk.proc.withdrawal_title"))
    st.caption(t("desk.proc.withdrawal_intro"))
    dossier_table(t, lists.withdrawing, columns=("code", "citizen", "procedure", "status"))
    leaving = pick_dossier(t, lists.withdrawing, "proc_withdrawal_pick")
    if leaving is not None and "stop_processing" in available_actions(leaving, leaving.step, actor):
        why = reason_input(t, f"proc_withdrawal_reason_{leaving.id}", "desk.proc.note")
        if st.button(t("desk.proc.actions.stop"), key=f"proc_withdrawal_stop_{leaving.id}", icon=":material/stop_circle:"):
            act(FLASH_KEY, "desk.proc.flash.stopped", stop_processing, sid, leaving.id, actor=actor, now=clock,
                reason=why)
