"""The desk's work on one dossier before processing: check the documents, digitise, receive, supplement, refuse."""

from __future__ import annotations

import streamlit as st

from trainer.i18n import Translator
from trainer.sandbox.documents import attach_from_store
from trainer.sandbox.lifecycle import (
    FEE_MEANS,
    check_completeness,
    collect_fee,
    digitise_document,
    receive_online,
    receive_walk_in,
    refuse,
    request_supplement,
    submit_supplement,
)
from trainer.sandbox.queries import DocLine, DossierRow, document_lines, stored_documents
from trainer.sandbox.transitions import Status, available_actions
from trainer.ui import widgets
from trainer.ui.desk_panels import act, dossier_card, money, reason_input
from trainer.ui.portal_common import now_in

FLASH_KEY = "desk_flash"  # {"message": catalog key, "dossier_id": id}: what the last action did, shown on top


def _documents(t: Translator, sid: int, row: DossierRow, lines: tuple[DocLine, ...], stored: dict[str, int],
               actions: tuple[str, ...]) -> list[str]:
    """One line per document of the procedure; returns the ids ticked "ask for it" (the supplement list)."""
    head = st.columns([5, 3, 2, 2])
    for column, key in zip(head, ("name", "held", "ask", "action"), strict=True):
        column.caption(t(f"desk.docs.{key}"))
    ticked = []
    asking = "request_supplement" in actions
    for line in lines:
        name, held, ask, action = st.columns([5, 3, 2, 2], vertical_alignment="center")
        need = t("desk.docs.mandatory") if line.mandatory else t("desk.docs.conditional")
        name.write(f"{line.name} ({need})")
        held.write(t(f"desk.docs.source.{line.source}") if line.attached else t("desk.docs.missing"))
        if ask.checkbox(t("desk.docs.ask_box"), value=line.mandatory and not line.attached, disabled=not asking,
                        key=f"desk_ask_{row.id}_{line.doc_id}_{int(line.attached)}", persist_state="page"):
            ticked.append(line.doc_id)
        if line.attached:
            continue
        reusable = line.doc_id in stored and "attach_from_store" in actions
        if reusable and action.button(t("desk.docs.reuse"), key=f"desk_reuse_{row.id}_{line.doc_id}"):
            act(FLASH_KEY, "desk.flash.reused", attach_from_store, sid, row.id, stored_document_id=stored[line.doc_id],
                doc_id=line.doc_id, actor=widgets.actor(), now=now_in(sid))
        if "digitise_document" in actions and action.button(t("desk.docs.digitise"), icon=":material/document_scanner:",
                                                            key=f"desk_digitise_{row.id}_{line.doc_id}"):
            act(FLASH_KEY, "desk.flash.digitised", digitise_document, sid, row.id, actor=widgets.actor(),
                now=now_in(sid), doc_id=line.doc_id)
    return ticked


def declared_panel(t: Translator, sid: int, row: DossierRow, *, asking: bool) -> list[str]:
    """Tờ khai đã khai: the declared fields section by section (as printed), and, when the desk may ask for a
    supplement, the fields it marks as declared wrong (they go into the one supplement request)."""
    from trainer.sandbox.declared import declared_view
    from trainer.ui import eform_fields

    with widgets.db() as session:
        view = declared_view(session, sid, row.id, t.lang)
    corrected = view.corrections
    if row.channel != "online" or not any(sec.rows for sec in view.sections):
        return []
    picked: list[str] = []
    with st.expander(t("eforms.ui.declared_title") + f" — {view.title}", icon=":material/assignment:",
                     expanded=True):
        st.caption(t("eforms.ui.legal_form", text=view.legal_form))
        if corrected:  # back from a supplement that pointed at wrong fields: check each correction on the paper
            st.info(t("desk.declared.corrected"), icon=":material/edit_note:")
            widgets.table({t("eforms.ui.paper_fact"): [c.label for c in corrected],
                      t("desk.declared.before"): [c.before or t("eforms.ui.empty") for c in corrected],
                      t("desk.declared.now"): [c.now or t("eforms.ui.empty") for c in corrected]})
        for section in view.sections:
            st.markdown(f"**{section.title}**")
            widgets.table({t("eforms.ui.paper_fact"): [r.label for r in section.rows],
                      t("desk.declared.value"): [r.text or t("eforms.ui.empty") for r in section.rows]})
        eform_fields.declaration_button(sid, row.id, key=f"desk_eform_pdf_{row.id}")
        if asking:
            labels = {r.name: f"{sec.title}: {r.label}" for sec in view.sections for r in sec.rows}
            picked = widgets.choice(st.multiselect, t("desk.declared.wrong"), list(labels), default=[],
                                    format_func=labels.__getitem__,
                                    key=f"desk_wrong_fields_{row.id}", placeholder=t("desk.declared.wrong_none"),
                                    help=t("desk.declared.wrong_help"), persist_state="page")
    return list(picked)


def reception_panel(t: Translator, sid: int, row: DossierRow) -> None:
    """Kiểm tra thành phần hồ sơ and the reception decision for a draft (walk-in), submitted or supplement dossier."""
    dossier_card(t, row)
    actions = available_actions(row, row.step, widgets.actor())
    with widgets.db() as session:
        lines = document_lines(session, sid, row.id, t.lang)
        missing = widgets.attempt(check_completeness, session, sid, row.id) or []
        stored = {d.doc_type: d.id for d in stored_documents(session, sid, row.citizen_id)}
    st.markdown(f"#### {t('desk.check.title')}")
    ticked = _documents(t, sid, row, lines, stored, actions)
    wrong = declared_panel(t, sid, row, asking="request_supplement" in actions)
    names = {line.doc_id: line.name for line in lines}
    again = [line.name for line in lines if line.attached and line.doc_id in ticked]
    if again and row.status in (Status.DRAFT, Status.SUBMITTED):  # asking for a paper the dossier already holds
        st.warning(t("desk.supplement.already_attached", names=", ".join(again)), icon=":material/content_copy:")
    if missing:
        st.warning(t("desk.check.missing", names=", ".join(names.get(m, m) for m in missing)), icon=":material/rule:")
    else:
        st.success(t("desk.check.complete"), icon=":material/task_alt:")
    now = now_in(sid)
    if "submit_supplement" in actions:
        st.info(t("desk.supplement.waiting"), icon=":material/hourglass_top:")
        if st.button(t("desk.supplement.accept"), key=f"desk_accept_supplement_{row.id}", type="primary"):
            act(FLASH_KEY, "desk.flash.supplemented", submit_supplement, sid, row.id, actor=widgets.actor(),
                now=now)
        return
    if row.supplement_from in (Status.DRAFT, Status.SUBMITTED):  # back from a supplement: check again
        st.info(t("desk.supplement.again"), icon=":material/fact_check:")
    if "collect_fee" in actions or (row.status == Status.DRAFT and row.fee_amount > 0):
        _fee_box(t, sid, row, now, "collect_fee" in actions)
    receivers = {"receive_walk_in": receive_walk_in, "receive_online": receive_online}
    receive = next((receivers[a] for a in actions if a in receivers), None)
    if receive is not None and st.button(t("desk.actions.receive"), key=f"desk_receive_{row.id}", type="primary",
                                         icon=":material/how_to_reg:"):
        act(FLASH_KEY, "desk.flash.received", receive, sid, row.id, actor=widgets.actor(), now=now)
    left, right = st.columns(2)
    if "request_supplement" in actions:
        with left.container(border=True):
            st.markdown(f"**{t('desk.actions.supplement')}**")
            st.caption(t("desk.supplement.hint", n=len(ticked)))
            note = reason_input(t, f"desk_supplement_note_{row.id}", "desk.supplement.note")
            if st.button(t("desk.actions.supplement"), key=f"desk_supplement_{row.id}", icon=":material/playlist_add:"):
                act(FLASH_KEY, "desk.flash.supplement_requested", request_supplement, sid, row.id,
                    actor=widgets.actor(), now=now, missing=ticked, note=note, wrong_fields=wrong)
    if "refuse" in actions:
        with right.container(border=True):
            st.markdown(f"**{t('desk.actions.refuse')}**")
            reason = reason_input(t, f"desk_refuse_reason_{row.id}")
            if st.button(t("desk.actions.refuse"), key=f"desk_refuse_{row.id}", icon=":material/block:"):
                act(FLASH_KEY, "desk.flash.refused", refuse, sid, row.id, actor=widgets.actor(), now=now,
                    reason=reason)


def _fee_box(t: Translator, sid: int, row: DossierRow, now, collect: bool) -> None:  # type: ignore[no-untyped-def]
    """Thu phí, lệ phí at the counter: the amount, how it is paid, and the receipt (before reception)."""
    amount = money(row.fee_amount, t.lang)
    with st.container(border=True):
        st.markdown(f"**{t('desk.fee.title')}**")
        if not collect:
            st.success(t("desk.fee.paid", amount=amount), icon=":material/receipt_long:")
            return
        st.caption(t("desk.fee.due", amount=amount))
        paid_by = widgets.choice(st.radio, t("desk.fee.method"), FEE_MEANS, horizontal=True,
                                 key=f"desk_fee_method_{row.id}", persist_state="page",
                                 format_func=lambda m: t(f"slips.fee.methods.{m}"))
        if st.button(t("desk.fee.button"), key=f"desk_collect_fee_{row.id}", icon=":material/payments:"):
            act(FLASH_KEY, "desk.flash.fee_collected", collect_fee, sid, row.id, actor=widgets.actor(), now=now,
                paid_by=paid_by)
