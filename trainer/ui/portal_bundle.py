"""Thủ tục liên thông on the citizen portal: start a birth or death bundle, fill each part, submit; list bundles."""

from __future__ import annotations

import streamlit as st

from trainer.sandbox import reference
from trainer.sandbox.interconnection import start_bundle, submit_bundle
from trainer.sandbox.portal import pay_online
from trainer.sandbox.queries import BundleRow, citizen_bundles
from trainer.sandbox.transitions import available_actions
from trainer.ui import eform_fields, widgets
from trainer.ui import portal_common as pc
from trainer.ui.portal_form import eform
from trainer.world.procedures import load_catalogue

OPEN_KEY = "bundle_row_id"  # session state: the bundle being filled in
DONE_KEY = "bundle_done"  # session state: (citizen id, bundle kind, [(code, procedure code)]) just submitted
SUBJECT_FIELDS = {  # what the services copy into every part's form data: the child, or the deceased
    "birth_bundle": ("child_name", "child_date_of_birth", "child_gender"),
    "death_bundle": ("deceased_name", "date_of_death"),
}
SUBJECT_NAME = {"birth_bundle": "child_name", "death_bundle": "deceased_name"}


def bundle_name(kind: str) -> str:
    """The bundle's name in the session's language, as in the catalogue."""
    return load_catalogue().bundle(kind).name.get(widgets.lang())


def section(sandbox_id: int, citizen_id: int) -> bool:
    """The bundle screen; True when it takes the page (a bundle open or just submitted), else only the starter."""
    done = st.session_state.get(DONE_KEY)
    if done and done[0] == citizen_id:
        submitted_view()
        return True
    st.session_state.pop(DONE_KEY, None)  # another citizen signed in since: not theirs to see
    bundle = open_bundle(sandbox_id, citizen_id)
    if bundle is not None:
        fill_view(sandbox_id, citizen_id, bundle)
        return True
    t = widgets.tr()
    with st.expander(t("bundle.title"), icon=":material/account_tree:"):
        starter(sandbox_id, citizen_id)
    return False


def _bundles(sandbox_id: int, citizen_id: int) -> tuple[BundleRow, ...]:
    with widgets.db() as session:
        return citizen_bundles(session, sandbox_id, citizen_id, pc.now_in(sandbox_id))


def open_bundle(sandbox_id: int, citizen_id: int) -> BundleRow | None:
    """The bundle this session is filling in, while it is the citizen's and has draft parts; else None."""
    bundle_id = st.session_state.get(OPEN_KEY)
    if bundle_id is None:
        return None
    found = next((b for b in _bundles(sandbox_id, citizen_id) if b.id == bundle_id and b.has_drafts), None)
    if found is None:  # submitted, another citizen's, or the sandbox was reset
        st.session_state.pop(OPEN_KEY, None)
    return found


SUBJECT_FORM = {"birth_bundle": "1.001193", "death_bundle": "1.000656"}  # whose e-form defines the subject's fields


def subject_inputs(sandbox_id: int, citizen_id: int, kind: str) -> dict[str, str]:
    """The child (birth bundle) or the deceased (death bundle): the fields of the same e-form definition as the
    part's own tờ khai, copied by the citizen from the paper (birth notice, death notice), never pre-filled."""
    from trainer.eforms import for_procedure
    from trainer.sandbox.declared import communes

    t = widgets.tr()
    st.markdown(f"**{t('bundle.subject_death' if kind == 'death_bundle' else 'bundle.subject_birth')}**")
    form = for_procedure(SUBJECT_FORM[kind])
    with widgets.db() as session:
        units = communes(session, sandbox_id)
    values: dict[str, str] = {}
    for name in SUBJECT_FIELDS[kind]:
        field = form.field(name)
        if field is not None:
            values.update(eform_fields.render_field(field, {}, "bundle_s", communes=units))
    return values


def starter(sandbox_id: int, citizen_id: int) -> None:
    """Choose a bundle, read its parts, say who it is about, start it; or continue one being prepared."""
    t, lang = widgets.tr(), widgets.lang()
    st.caption(t("bundle.intro"))
    resume_box(sandbox_id, citizen_id)
    catalogue = load_catalogue()
    names = {b.id: b.name.get(lang) for b in catalogue.bundles}
    kind = widgets.choice(st.radio, t("bundle.pick"), list(names), format_func=names.__getitem__, key="bundle_kind")
    spec = catalogue.bundle(kind)
    if spec.condition is not None:
        st.caption(t("bundle.condition", text=spec.condition.get(lang)))
    st.markdown(f"**{t('bundle.parts_title')}**")
    for code in spec.parts:
        st.markdown(f"- {t('bundle.part_line', code=code, name=reference.procedure_name(code, lang))}")
    st.caption(t("bundle.time", n=spec.time.working_days))
    subject = subject_inputs(sandbox_id, citizen_id, kind)
    if st.button(t("bundle.start_button"), key="bundle_start", type="primary"):
        bundle = pc.act(start_bundle, sandbox_id, bundle_id=kind, citizen_id=citizen_id, actor=widgets.actor(),
                        now=pc.now_in(sandbox_id), subject=subject)
        if bundle is not None:
            st.session_state[OPEN_KEY] = bundle.id
            st.rerun()


def resume_box(sandbox_id: int, citizen_id: int) -> None:
    """The citizen's bundles that still have draft parts, to continue filling in."""
    t = widgets.tr()
    drafts = {b.id: t("bundle.resume_option", name=bundle_name(b.kind), when=pc.fmt_datetime(b.created_at))
              for b in _bundles(sandbox_id, citizen_id) if b.has_drafts}
    if not drafts:
        return
    picked = widgets.choice(st.selectbox, t("bundle.resume_pick"), list(drafts), format_func=drafts.__getitem__, key="bundle_resume")
    if st.button(t("bundle.resume_button"), key="bundle_resume_go"):
        st.session_state[OPEN_KEY] = picked
        st.rerun()


def fill_view(sandbox_id: int, citizen_id: int, bundle: BundleRow) -> None:
    """Each part's e-form (tờ khai, documents, delivery) and fee, then one submit for the whole bundle."""
    t, lang = widgets.tr(), widgets.lang()
    bundle_id, kind, subject = bundle.id, bundle.kind, bundle.subject
    parts = [(p.id, p.procedure_code, p.deciding_agency_id, p.fee_amount, p.fee_paid, p.status) for p in bundle.parts]
    st.subheader(f"{t('bundle.title')}: {bundle_name(kind)}")
    about = subject.get(SUBJECT_NAME.get(kind, ""), "")
    if about:
        st.markdown(t("bundle.subject_line", name=widgets.literal(about)))
    st.caption(t("bundle.filling_intro"))
    now = pc.now_in(sandbox_id)
    for number, (part_id, code, agency, fee, paid, status) in enumerate(parts, start=1):
        with st.container(border=True):
            st.markdown(f"#### {t('bundle.part_title', n=number, code=code, name=reference.procedure_name(code, lang))}")
            st.caption(f"{t('bundle.part_agency', agency=reference.agency_name(agency, lang))} · {pc.status_name(status)}")
            if "submit_online" not in available_actions(status, None, widgets.actor()):
                continue  # submitted already: nothing to fill in
            eform(sandbox_id, part_id, now, prefix=f"bundle_{part_id}")
            fee_box(sandbox_id, part_id, code, fee, paid)
    left, right = st.columns([3, 2])
    if left.button(t("bundle.submit_button"), key="bundle_submit", type="primary", icon=":material/send:"):
        done = pc.act(submit_bundle, sandbox_id, bundle_id, actor=widgets.actor(), now=pc.now_in(sandbox_id),
                      citizen_id=citizen_id)
        if done is not None:
            st.session_state[DONE_KEY] = (citizen_id, kind, [(d.code, d.procedure_code) for d in done])
            st.session_state.pop(OPEN_KEY, None)
            st.rerun()
    if right.button(t("bundle.back_button"), key="bundle_back"):
        st.session_state.pop(OPEN_KEY, None)
        st.rerun()


def fee_box(sandbox_id: int, part_id: int, code: str, fee: int, paid: bool) -> None:
    """The part's online fee: paid, or a button to pay it (simulated payment)."""
    t = widgets.tr()
    if fee <= 0 or not reference.online_payment(code):
        return
    if paid:
        st.success(t("bundle.part_paid", amount=pc.money(fee)), icon=":material/paid:")
        return
    st.write(t("bundle.part_pay", amount=pc.money(fee)))
    pressed = st.button(t("bundle.pay_button"), key=f"bundle_pay_{part_id}")
    if pressed and pc.act(pay_online, sandbox_id, part_id, actor=widgets.actor(), now=pc.now_in(sandbox_id),
                          citizen_id=pc.citizen_id()) is not None:
        st.rerun()


def submitted_view() -> None:
    """The codes of the bundle just submitted, one per part."""
    t, lang = widgets.tr(), widgets.lang()
    _citizen, kind, codes = st.session_state[DONE_KEY]
    st.success(t("bundle.submitted", name=bundle_name(kind)), icon=":material/task_alt:")
    for code, procedure in codes:
        st.markdown(f"- {t('bundle.submitted_line', code=code, name=reference.procedure_name(procedure, lang))}")
    st.caption(t("bundle.submitted_hint"))
    if st.button(t("bundle.new_button"), key="bundle_new"):
        st.session_state.pop(DONE_KEY, None)
        st.rerun()


def my_bundles(sandbox_id: int, citizen_id: int) -> None:
    """Hồ sơ liên thông của tôi: each bundle with its parts' own statuses, its due date and whether it is done."""
    t, lang = widgets.tr(), widgets.lang()
    views = [(b.kind, b.subject, b) for b in _bundles(sandbox_id, citizen_id)]
    if not views:
        return
    st.subheader(t("bundle.mine_title"))
    for kind, subject, view in views:
        with st.container(border=True):
            st.markdown(f"**{t('bundle.mine_heading', name=bundle_name(kind))}**")
            about = subject.get(SUBJECT_NAME.get(kind, ""), "")
            if about:
                st.caption(t("bundle.mine_subject", name=widgets.literal(about)))
            due = pc.fmt_datetime(view.due_at)
            st.caption(t("bundle.mine_due", when=due) if view.due_at else t("bundle.mine_due_none"))
            if view.stopped:
                st.warning(t("bundle.mine_stopped"), icon=":material/block:")
            elif view.done:
                st.success(t("bundle.mine_done"), icon=":material/task_alt:")
            else:
                st.info(t("bundle.mine_open"), icon=":material/hourglass_top:")
            st.dataframe([{
                t("bundle.col_code"): part.code or t("bundle.draft"),
                t("bundle.col_procedure"): f"{part.procedure_code} · {reference.procedure_name(part.procedure_code, lang)}",
                t("bundle.col_status"): pc.status_name(part.status),
                t("bundle.col_agency"): reference.agency_name(part.deciding_agency_id, lang),
            } for part in view.parts], hide_index=True, width="stretch", key=f"bundle_parts_{view.id}")
