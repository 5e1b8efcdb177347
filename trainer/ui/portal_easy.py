"""Chế độ dễ dùng: the portal as a step-by-step wizard, one question per screen, in plain Vietnamese."""

from __future__ import annotations

from typing import Any

import streamlit as st

from trainer.sandbox import reference
from trainer.sandbox.portal import (
    choose_delivery,
    pay_online,
    save_form,
    save_online_form,
    start_online_dossier,
    submit_online,
)
from trainer.sandbox.queries import stored_documents
from trainer.ui import eform_fields, nav, widgets
from trainer.ui import portal_common as pc
from trainer.ui.portal_form import UPLOAD_TYPES, allowed_deliveries
from trainer.world.procedures import load_catalogue

STEP_KEY = "portal_easy_step"
DONE_STEPS_KEY = "portal_easy_done_steps"  # the screens of the dossier just sent (its counter on the last screen)
PREFIX = "easy"


ANSWERS_KEY = "portal_easy_answers"  # session state: (dossier id, {field: value}) answered, saved at "review"


def answers(dossier: Any) -> dict[str, str]:
    """The answers given so far for this draft, over what it already holds (nothing saved until "review")."""
    kept = st.session_state.get(ANSWERS_KEY)
    mine = kept[1] if kept and dossier is not None and kept[0] == dossier.id else {}
    return {**(dict(dossier.form_data) if dossier is not None else {}), **mine}


def remember(dossier: Any, values: dict[str, str]) -> None:
    kept = st.session_state.get(ANSWERS_KEY)
    mine = dict(kept[1]) if kept and kept[0] == dossier.id else {}
    st.session_state[ANSWERS_KEY] = (dossier.id, {**mine, **values})


def questions(code: str, values: dict[str, Any]) -> list[str]:
    """One screen for the pre-filled requester's part, then one per field asked given the answers so far."""
    from trainer.eforms import for_procedure, visible

    shown = visible(for_procedure(code), values)
    check = ["check"] if any(f.prefill for f in shown) else []
    return [*check, *(f"q:{f.name}" for f in shown if not f.prefill), "review"]


def steps(dossier: Any, values: dict[str, Any] | None = None) -> list[str]:
    """The screens in order once the procedure is chosen (before: who and what only, no total yet)."""
    if dossier is None:
        return ["who", "what"]
    values = answers(dossier) if values is None else values
    declared = set(reference.declaration_ids(dossier.procedure_code)) if dossier.channel == "online" else set()
    docs = [f"paper:{d.id}" for d in reference.procedure(dossier.procedure_code).documents if d.id not in declared]
    pay = ["pay"] if reference.online_payment(dossier.procedure_code) and dossier.fee_amount > 0 else []
    return ["who", "what", *questions(dossier.procedure_code, values), *docs, "delivery", *pay, "send", "done"]


def _go(delta: int) -> None:
    st.session_state[STEP_KEY] = max(0, st.session_state.get(STEP_KEY, 0) + delta)


def wizard(sandbox_id: int) -> None:
    """Show the current screen with its progress, Back and Next (Next performs the screen's one action)."""
    t = widgets.tr()
    if pc.signed_in_citizen(sandbox_id) is None:
        st.session_state[STEP_KEY] = 0
    dossier = pc.open_draft(sandbox_id)
    names = steps(dossier)
    index = min(st.session_state.get(STEP_KEY, 0), len(names) - 1)
    if st.session_state.get("portal_last_code"):
        names = st.session_state.get(DONE_STEPS_KEY) or [*names, "done"]
        index = len(names) - 1
    elif dossier is None:
        index = min(index, 1)  # who / what until a draft exists
    step = names[index]
    if dossier is None and step != "done":  # the number of screens is known once the procedure is chosen
        st.progress((index + 1) / 10, text=t("portal.easy.progress_start", n=index + 1))
    else:
        st.progress((index + 1) / len(names), text=t("portal.easy.progress", n=index + 1, total=len(names)))
    pc.show_shortened()  # the paper saved on the screen before had a name too long: say it was cut
    screen = SCREENS[step.split(":")[0]]
    action = screen(sandbox_id, dossier, step)
    if step == "done":
        return
    back, nxt = st.columns(2)
    if index > 0 and back.button(t("portal.easy.back"), key="easy_back", width="stretch"):
        _go(-1)
        st.rerun()
    label = t("portal.submit_button") if step == "send" else t("portal.easy.next")
    if nxt.button(label, key="easy_next", type="primary", width="stretch"):
        if action is None:
            st.warning(t("portal.easy.pick_first"))
        elif action():
            _go(1)
            st.rerun()


def _who(sandbox_id: int, dossier: Any, step: str):  # type: ignore[no-untyped-def]
    t = widgets.tr()
    st.header(t("portal.easy.who_title"))
    st.write(t("portal.easy.who_help"))
    citizen = pc.signed_in_citizen(sandbox_id)
    if citizen is not None:
        st.success(t("portal.signed_in", name=widgets.literal(citizen.full_name), national_id=citizen.national_id))
        return lambda: True
    picked = pc.pick_citizen(sandbox_id, key="easy_citizen_pick")
    return None if picked is None else (lambda: pc.sign_in(sandbox_id, picked))


def _what(sandbox_id: int, dossier: Any, step: str):  # type: ignore[no-untyped-def]
    t, lang = widgets.tr(), widgets.lang()
    st.header(t("portal.easy.what_title"))
    if dossier is not None:
        st.success(reference.procedure_name(dossier.procedure_code, lang))
        return lambda: True
    st.write(t("portal.easy.what_help"))
    query = st.text_input(t("portal.search_label"), key="easy_search_q", max_chars=100)
    hits = [p for p in load_catalogue().search(query, lang) if reference.online_submission(p.code)] if query.strip() else []
    if query.strip() and not hits:
        st.info(t("portal.search_none", query=query.strip()))
    if not hits:
        return None
    names = {p.code: p.name.get(lang) for p in hits[:6]}
    code = widgets.choice(st.radio, t("portal.easy.what_pick"), list(names), format_func=names.__getitem__,
                          index=None, key="easy_proc_pick")
    if code is None:
        return None
    citizen = pc.signed_in_citizen(sandbox_id)

    def start() -> bool:
        draft = pc.act(start_online_dossier, sandbox_id, citizen_id=citizen.id, procedure_code=code,
                       actor=widgets.actor(), now=pc.now_in(sandbox_id))
        if draft is not None:
            st.session_state["portal_dossier_id"] = draft.id
        return draft is not None

    return start


def _form_of(dossier: Any):  # type: ignore[no-untyped-def]
    from trainer.eforms import for_procedure

    return for_procedure(dossier.procedure_code)


def _check(sandbox_id: int, dossier: Any, step: str):  # type: ignore[no-untyped-def]
    """The requester's part, pre-filled from the (mock) population database: read it, correct it if needed."""
    from trainer.sandbox.declared import communes

    t = widgets.tr()
    st.header(t("portal.easy.form_title"))
    st.write(t("portal.easy.form_help"))
    values = answers(dossier)
    with widgets.db() as session:
        units = communes(session, sandbox_id)
    given: dict[str, str] = {}
    for f in _form_of(dossier).fields():
        if f.prefill:
            given.update(eform_fields.render_field(f, values, PREFIX, communes=units,
                                                   error=_field_error(sandbox_id, dossier, f.name)))
    return lambda: _answer(sandbox_id, dossier, given)


def _errors(sandbox_id: int, dossier: Any, values: dict[str, str]) -> dict[str, Any]:
    """The whole tờ khai checked as the save would check it (nothing written)."""
    from trainer.sandbox.core import get_dossier
    from trainer.sandbox.declared import form_errors

    with widgets.db() as session:
        return form_errors(session, get_dossier(session, sandbox_id, dossier.id), values, pc.now_in(sandbox_id))


def _field_error(sandbox_id: int, dossier: Any, name: str) -> str | None:
    return (st.session_state.get(eform_fields.errors_key(PREFIX)) or {}).get(name)


def _answer(sandbox_id: int, dossier: Any, given: dict[str, str]) -> bool:
    """Keep this screen's answer (nothing saved yet); stay on the screen when it is wrong, with the message."""
    remember(dossier, given)
    errors = _errors(sandbox_id, dossier, answers(dossier))
    mine = {name: e for name, e in errors.items() if name in given}  # this screen's answers only
    key = eform_fields.errors_key(PREFIX)
    if mine:
        st.session_state[key] = eform_fields.error_texts(mine, widgets.lang())
        st.rerun()
    st.session_state.pop(key, None)
    return True


def _question(sandbox_id: int, dossier: Any, step: str):  # type: ignore[no-untyped-def]
    """One field of the tờ khai, in plain words: its label as the question, its help, the paper to copy from."""
    from trainer.sandbox.declared import communes

    t, lang = widgets.tr(), widgets.lang()
    field = _form_of(dossier).field(step.split(":", 1)[1])
    if field is None:
        return lambda: True
    section = next(s for s in _form_of(dossier).sections if s.id == field.section)
    st.caption(section.title.get(lang))
    st.header(field.label(lang))
    if field.spec.help:
        st.write(field.spec.help.get(lang))
    with widgets.db() as session:
        units = communes(session, sandbox_id)
    given = eform_fields.render_field(field, answers(dossier), PREFIX, communes=units,
                                      error=_field_error(sandbox_id, dossier, field.name))
    if field.spec.copy_from is not None and dossier.citizen_id is not None:
        eform_fields.papers_box(sandbox_id, dossier.citizen_id, _form_of(dossier), f"{PREFIX}_{field.name}")
    st.caption(t("portal.easy.question_hint"))
    return lambda: _answer(sandbox_id, dossier, given)


def _review(sandbox_id: int, dossier: Any, step: str):  # type: ignore[no-untyped-def]
    """The whole tờ khai as answered; Next saves it at once (or names the answers to correct)."""
    from trainer.eforms.display import declared
    from trainer.sandbox.declared import unit_label_for

    t, lang = widgets.tr(), widgets.lang()
    st.header(t("portal.easy.review_title"))
    st.write(t("portal.easy.review_help"))
    values = answers(dossier)
    with widgets.db() as session:
        label = unit_label_for(session, sandbox_id)
    errors = _errors(sandbox_id, dossier, values)
    for section in declared(_form_of(dossier), values, lang, label):
        st.markdown(f"**{section.title}**")
        widgets.table({t("eforms.ui.paper_fact"): [r.label for r in section.rows],
                  t("portal.easy.review_value"): [r.text or t("eforms.ui.empty") for r in section.rows]})
    names = steps(dossier, values)
    for name, error in errors.items():
        field = _form_of(dossier).field(name)
        st.error(f"{field.label(lang) if field else name}: {error.text(lang)}", icon=":material/error:")
        target = f"q:{name}" if f"q:{name}" in names else "check"
        if st.button(t("portal.easy.fix", field=field.label(lang) if field else name), key=f"easy_fix_{name}"):
            st.session_state[STEP_KEY] = names.index(target)
            st.rerun()

    def save() -> bool:
        if errors:
            st.warning(t("errors.eforms.invalid", count=len(errors)))
            return False
        done = pc.act(save_form, sandbox_id, dossier.id, form=values, actor=widgets.actor(),
                      now=pc.now_in(sandbox_id), citizen_id=pc.citizen_id())
        if done is not None:
            st.session_state.pop(ANSWERS_KEY, None)
        return done is not None

    return save


def _paper(sandbox_id: int, dossier: Any, step: str):  # type: ignore[no-untyped-def]
    t, lang = widgets.tr(), widgets.lang()
    doc_id = step.split(":", 1)[1]
    st.header(t("portal.easy.papers_title"))
    st.subheader(reference.document_name(dossier.procedure_code, doc_id, lang))
    if doc_id in dossier.attached:
        st.success("✓")
        return lambda: True
    with widgets.db() as session:
        store = {s.id: s.title for s in stored_documents(session, sandbox_id, dossier.citizen_id) if s.doc_type == doc_id}
    st.write(t("portal.easy.papers_help_store" if store else "portal.easy.papers_help_upload",
               store=t("portal.attach_store"), skip=t("portal.attach_skip")))  # the choices as they are labelled
    modes = [m for m in ("store", "upload", "skip") if m != "store" or store]
    mandatory = doc_id in reference.mandatory_ids(dossier.procedure_code)
    mode = widgets.choice(st.radio, t("portal.attach_mode"), modes, key=f"easy_mode_{doc_id}", index=0 if mandatory else len(modes) - 1,
                    format_func=lambda m: t(f"portal.attach_{m}"))
    item: dict[str, Any] = {"mode": "skip", "doc_id": doc_id}
    if mode == "store":
        picked = widgets.choice(st.selectbox, t("portal.attach_pick_store"), list(store),
                                format_func=store.__getitem__, key=f"easy_store_{doc_id}")
        item = {"mode": "store", "doc_id": doc_id, "stored_id": picked}
    elif mode == "upload":
        upload = widgets.uploader(t("portal.attach_file", mb=widgets.settings().upload_limit_mb), type=UPLOAD_TYPES,
                                  key=f"easy_file_{doc_id}")
        if upload is None:
            return None
        item = {"mode": "upload", "doc_id": doc_id, "filename": upload.name, "content": upload.getvalue()}
    if item["mode"] == "skip":
        return lambda: True

    def save() -> bool:
        saved = pc.act(save_online_form, sandbox_id, dossier.id, citizen_id=pc.citizen_id(), form=None,
                       documents=[item], delivery=None, actor=widgets.actor(), now=pc.now_in(sandbox_id),
                       limit_bytes=widgets.settings().upload_limit_bytes) is not None
        if saved:
            pc.remember_shortened([item])
        return saved

    return save


def _delivery(sandbox_id: int, dossier: Any, step: str):  # type: ignore[no-untyped-def]
    t = widgets.tr()
    st.header(t("portal.easy.delivery_title"))
    options = allowed_deliveries(dossier.procedure_code)
    choice = widgets.choice(st.radio, t("portal.delivery_title"), options, key="easy_delivery",
                      index=options.index(dossier.delivery) if dossier.delivery in options else 0,
                      format_func=lambda d: t(f"sandbox.delivery.{d}"))
    return lambda: pc.act(choose_delivery, sandbox_id, dossier.id, delivery=choice, citizen_id=pc.citizen_id(),
                          actor=widgets.actor(), now=pc.now_in(sandbox_id)) is not None


def _pay(sandbox_id: int, dossier: Any, step: str):  # type: ignore[no-untyped-def]
    t = widgets.tr()
    st.header(t("portal.easy.pay_title"))
    if dossier.fee_paid:
        st.success(t("portal.paid_short", amount=pc.money(dossier.fee_amount)))
        return lambda: True
    st.write(t("portal.pay_amount", amount=pc.money(dossier.fee_amount)))
    st.caption(t("portal.pay_confirm"))
    return lambda: pc.act(pay_online, sandbox_id, dossier.id, actor=widgets.actor(), now=pc.now_in(sandbox_id),
                          citizen_id=pc.citizen_id()) is not None


def _send(sandbox_id: int, dossier: Any, step: str):  # type: ignore[no-untyped-def]
    t = widgets.tr()
    st.header(t("portal.easy.send_title"))
    st.write(t("portal.easy.send_help", button=t("portal.submit_button")))  # the button as it is labelled
    eform_fields.declaration_button(sandbox_id, dossier.id, key="easy_eform_pdf")  # the tờ khai as saved, to print

    def send() -> bool:
        done = pc.act(submit_online, sandbox_id, dossier.id, actor=widgets.actor(), now=pc.now_in(sandbox_id),
                      citizen_id=pc.citizen_id())
        if done is not None:
            st.session_state[DONE_STEPS_KEY] = steps(dossier)
            st.session_state["portal_last_code"] = done.code
            st.session_state.pop("portal_dossier_id", None)
        return done is not None

    return send


def _done(sandbox_id: int, dossier: Any, step: str) -> None:
    t = widgets.tr()
    code = st.session_state.get("portal_last_code", "")
    st.header(t("portal.easy.done_title"))
    st.success(t("portal.easy.done_text", code=code))
    st.page_link(nav.link(nav.TRACKING_URL_PATH), label=t("portal.track_link"), query_params={"dossier": code})
    if st.button(t("portal.new_dossier"), key="easy_new", type="primary"):
        st.session_state.pop("portal_last_code", None)
        st.session_state.pop(DONE_STEPS_KEY, None)
        st.session_state[STEP_KEY] = 1
        st.rerun()


SCREENS = {"who": _who, "what": _what, "check": _check, "q": _question, "review": _review, "paper": _paper, "delivery": _delivery, "pay": _pay,
           "send": _send, "done": _done}
