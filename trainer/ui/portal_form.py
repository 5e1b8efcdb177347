"""The procedure page and the online e-form (tờ khai, documents, delivery) of the practice portal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import streamlit as st

from trainer.sandbox import reference
from trainer.sandbox.core import get_dossier
from trainer.sandbox.documents import EFORM, dossier_documents, store_documents
from trainer.sandbox.portal import DELIVERIES, save_online_form
from trainer.ui import eform_fields, printed_buttons, widgets
from trainer.ui import portal_common as pc
from trainer.world import labels
from trainer.world.procedures import Procedure

UPLOAD_TYPES = ["pdf", "jpg", "jpeg", "png"]  # what trainer.sandbox.documents.check_upload accepts
MODES = ("store", "upload", "skip")
GENDERS = ["male", "female"]  # codes of trainer.fake (labels fake.gender.*)


def time_text(proc: Procedure) -> str:
    t = widgets.tr()
    if proc.time.working_hours:
        return t("world.time.hours", n=proc.time.working_hours)
    if proc.time.working_days == 0:
        return t("world.time.same_day")
    return t("world.time.days", n=proc.time.working_days)


def fee_text(proc: Procedure) -> str:
    """The fee rule in words, with the online amount the citizen pays here."""
    return labels.fee_text(proc, widgets.lang())  # amounts grouped the one Vietnamese way


def show_procedure(proc: Procedure) -> None:
    """Thành phần hồ sơ, time, fee, online level and where the result can go."""
    t, lang = widgets.tr(), widgets.lang()
    st.subheader(t("portal.procedure_title", code=proc.code, name=proc.name.get(lang)))
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"**{t('portal.documents_title')}**")
        for doc in proc.documents:
            need = t("portal.doc_mandatory") if doc.need == "mandatory" else t("portal.doc_conditional")
            form = t(f"portal.doc_{doc.form}")
            name = doc.name.get(lang) if doc.name else doc.id
            st.markdown(f"- {name} ({form}, {need}) × {doc.quantity}")
    with right:
        st.markdown(f"**{t('portal.time_label')}:** {time_text(proc)}")
        st.markdown(f"**{t('portal.fee_label')}:** {fee_text(proc)}")
        level = proc.online.legacy_level
        st.markdown(f"**{t('portal.level_label')}:** {t(f'world.online.level{level}')} — "
                    f"{t(f'world.online.{proc.online.mode}')}")
        if proc.bcci_allowed:
            st.caption(t("portal.bcci_allowed"))
        printed_buttons.guide_button(proc.code, key=f"portal_guide_{proc.code}")


def allowed_deliveries(code: str) -> list[str]:
    """Delivery choices the procedure offers (desk always; post and electronic when allowed)."""
    allowed = {"desk": True, "post": reference.bcci_allowed(code), "electronic": reference.electronic_result(code)}
    return [d for d in DELIVERIES if allowed[d]]


def form_fields(values: dict[str, Any], prefix: str, *, code: str, sandbox_id: int,
                pending: dict[str, str] | None = None, units: list[tuple[str, str]] | None = None) -> dict[str, str]:
    """The procedure's tờ khai from its definition (trainer.eforms), pre-filled, errors of the last save shown
    (and `pending` ones: the fields a supplement request points at, not corrected yet); `units`: the sandbox's
    communes as the caller read them, else read here."""
    from trainer.eforms import for_procedure
    from trainer.sandbox.declared import communes

    if units is None:
        with widgets.db() as session:
            units = communes(session, sandbox_id)
    errors = {**(pending or {}), **(st.session_state.get(eform_fields.errors_key(prefix)) or {})}
    return eform_fields.render(for_procedure(code), values, prefix, communes=units, errors=errors)


def refused_fields(sandbox_id: int, dossier_id: int, form: dict[str, str], prefix: str, now: datetime) -> bool:
    """Check the whole tờ khai before saving: when a field is wrong, keep its message for the field and say so."""
    from trainer.sandbox.declared import form_errors

    with widgets.db() as session:
        dossier = get_dossier(session, sandbox_id, dossier_id)
        errors = form_errors(session, dossier, {**dossier.form_data, **form}, now) if dossier.channel == "online" \
            else {}
    key = eform_fields.errors_key(prefix)
    if not errors:
        st.session_state.pop(key, None)
        return False
    st.session_state[key] = eform_fields.error_texts(errors, widgets.lang())
    return True


def eform(sandbox_id: int, dossier_id: int, now: datetime, *, prefix: str = "portal") -> None:
    """The tờ khai with documents and delivery in one st.form; one save reruns the page to show what is kept."""
    from trainer.eforms import for_procedure
    from trainer.sandbox.declared import communes

    t, lang = widgets.tr(), widgets.lang()
    with widgets.db() as session:  # everything the e-form shows, in one transaction
        dossier = get_dossier(session, sandbox_id, dossier_id)
        proc = reference.procedure(dossier.procedure_code)
        definition = for_procedure(proc.code)
        values = dict(dossier.form_data)
        documents = dossier_documents(session, sandbox_id, dossier_id)
        attached = {d.doc_id: t("portal.attach_eform") if d.source == EFORM else widgets.literal(d.label)
                    for d in documents}
        declarations = reference.declaration_ids(proc.code) if dossier.channel == "online" else []
        store = [(s.id, s.doc_type, s.title) for s in store_documents(session, sandbox_id, dossier.citizen_id)]
        delivery_now = dossier.delivery
        dossier_citizen = dossier.citizen_id
        pending = _pointed_not_corrected(session, dossier, lang)
        papers = (eform_fields.paper_rows(session, sandbox_id, dossier_citizen, definition)
                  if dossier_citizen is not None else [])
        units = communes(session, sandbox_id)
        printout = (eform_fields.declaration_printout(session, sandbox_id, dossier_id, lang)
                    if any(d.source == EFORM for d in documents) else None)  # nothing to print before a save
    deliveries = allowed_deliveries(proc.code)
    if st.session_state.pop(f"{prefix}_eform_saved", False):
        st.success(t("portal.saved"), icon=":material/check:")
        pc.show_shortened()
    with st.container(border=True, key=f"{prefix}_eform_box"):
        st.markdown(f"#### {definition.title.get(lang)}")
        if dossier_citizen is not None:
            eform_fields.papers_box(sandbox_id, dossier_citizen, definition, prefix, rows=papers)
        form = form_fields(values, prefix, code=proc.code, sandbox_id=sandbox_id, pending=pending, units=units)
        errors = st.session_state.get(eform_fields.errors_key(prefix))
        if errors:
            st.error(t("errors.eforms.invalid", count=len(errors)), icon=":material/error:")
        if printout is not None:
            eform_fields.declaration_button(sandbox_id, dossier_id, key=f"{prefix}_eform_pdf", printout=printout)
    with st.form(f"{prefix}_eform"):
        st.markdown(f"**{t('portal.attach_title')}**")
        wanted: list[tuple[str, str]] = []
        for doc in proc.documents:
            name = doc.name.get(lang) if doc.name else doc.id
            if doc.id in attached:
                st.markdown(f"- ✓ {name}: {attached[doc.id]}")
                continue
            if doc.id in declarations:  # the tờ khai above is this document: no file to ask for
                st.markdown(f"- {name}: {t('portal.attach_eform_pending')}")
                continue
            wanted.append((doc.id, name))
            st.markdown(f"*{name}*")
            choices = {sid: title for sid, kind, title in store if kind == doc.id}
            modes = [m for m in MODES if m != "store" or choices]
            widgets.choice(st.radio, t("portal.attach_mode"), modes, key=f"{prefix}_mode_{doc.id}", horizontal=True,
                           format_func=lambda m: t(f"portal.attach_{m}"))
            if choices:
                widgets.choice(st.selectbox, t("portal.attach_pick_store"), list(choices),
                               format_func=choices.__getitem__, key=f"{prefix}_store_{doc.id}")
            widgets.uploader(t("portal.attach_file", mb=widgets.settings().upload_limit_mb), type=UPLOAD_TYPES,
                             key=f"{prefix}_file_{doc.id}")
        delivery = widgets.choice(st.radio, t("portal.delivery_title"), deliveries, key=f"{prefix}_delivery",
                            index=deliveries.index(delivery_now) if delivery_now in deliveries else 0,
                            format_func=lambda d: t(f"sandbox.delivery.{d}"))
        saved = st.form_submit_button(t("portal.save_button"), key=f"{prefix}_eform_save", type="primary")
    if not saved:
        return
    if refused_fields(sandbox_id, dossier_id, form, prefix, now):
        st.rerun()  # the messages stand next to their fields; nothing was saved
    attachments = [_chosen(prefix, doc_id) for doc_id, _ in wanted]
    done = pc.act(save_online_form, sandbox_id, dossier_id, citizen_id=pc.citizen_id(), form=form,
                  documents=attachments, delivery=delivery, address=None, actor=widgets.actor(), now=now,
                  limit_bytes=widgets.settings().upload_limit_bytes)
    if done is not None:  # show the saved state (the tờ khai as filled, documents ticked) with the message
        st.session_state[f"{prefix}_eform_saved"] = True
        pc.remember_shortened(attachments)
        st.rerun()


def _pointed_not_corrected(session: Any, dossier: Any, lang: str) -> dict[str, str]:
    """While a supplement request points at wrong fields, their message stands next to each one still unchanged."""
    from trainer.sandbox.declared import form_of, not_corrected, pointed_at

    pointed = pointed_at(session, dossier)
    if not pointed:
        return {}
    return eform_fields.error_texts(not_corrected(form_of(dossier), dossier.form_data or {}, pointed), lang)


def _chosen(prefix: str, doc_id: str) -> dict[str, Any]:
    """What the citizen chose for one document in the form (store item, uploaded file, or nothing)."""
    mode = st.session_state.get(f"{prefix}_mode_{doc_id}", "skip")
    if mode == "store":
        return {"mode": "store", "doc_id": doc_id, "stored_id": st.session_state.get(f"{prefix}_store_{doc_id}")}
    upload = st.session_state.get(f"{prefix}_file_{doc_id}")
    if mode == "upload" and upload is not None:
        return {"mode": "upload", "doc_id": doc_id, "filename": upload.name, "content": upload.getvalue()}
    return {"mode": "skip", "doc_id": doc_id}
