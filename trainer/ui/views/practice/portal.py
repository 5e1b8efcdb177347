"""Nộp hồ sơ trực tuyến: VNeID sign-in (mock), procedure search, e-form, documents, delivery, payment, submit."""

from __future__ import annotations

import streamlit as st

from trainer.sandbox import reference
from trainer.sandbox.portal import pay_online, start_online_dossier, submit_online
from trainer.sandbox.post import request_pickup
from trainer.ui import coach_panel, nav, portal_bundle, portal_easy, widgets
from trainer.ui import portal_common as pc
from trainer.ui.portal_form import eform, show_procedure
from trainer.world.procedures import load_catalogue

t = widgets.tr()
coach_panel.show()  # the scenario guide beside the page; points the page at the run's sandbox
lang = widgets.lang()

st.title(t("portal.title"))
st.caption(t("portal.subtitle"))
sandbox_id = pc.practice_sandbox_id()
pc.show_sandbox_line(sandbox_id)
pc.open_linked_procedure()  # ?thu-tuc=CODE (a citizen guide's QR code): that procedure, once signed in
easy = st.toggle(t("portal.easy_toggle"), key="portal_easy", help=t("portal.easy_help"))


def sign_in_section() -> object | None:
    """The signed-in citizen, or the mock VNeID sign-in box (None until someone signs in)."""
    citizen = pc.signed_in_citizen(sandbox_id)
    if citizen is not None:
        left, right = st.columns([4, 1])
        left.success(t("portal.signed_in", name=widgets.literal(citizen.full_name), national_id=citizen.national_id),
                     icon=":material/verified_user:")
        if right.button(t("portal.sign_out"), key="portal_sign_out"):
            pc.sign_out()
            st.rerun()
        return citizen
    linked = st.session_state.get(pc.LINKED_KEY)
    if linked:
        st.info(t("guide.linked_procedure", code=linked, name=reference.procedure_name(linked, lang)),
                icon=":material/qr_code_2:")
    st.subheader(t("portal.signin_title"))
    st.write(t("portal.signin_intro"))
    pc.sign_in_box(sandbox_id, prefix="portal")
    return None


def search_section(citizen_id: int) -> None:
    """Tra cứu thủ tục hành chính, the procedure page, and the button that opens a draft."""
    st.subheader(t("portal.search_title"))
    query = st.text_input(t("portal.search_label"), key="portal_search_q", max_chars=100)
    if not query.strip():
        return
    hits = load_catalogue().search(query, lang)
    if not hits:
        st.info(t("portal.search_none", query=query.strip()))
        return
    st.caption(t("portal.search_results", n=len(hits)))
    names = {p.code: f"{p.code} · {p.name.get(lang)}" for p in hits}
    linked = st.session_state.get(pc.LINKED_KEY)
    preselect = list(names).index(linked) if linked in names and "portal_proc_pick" not in st.session_state else None
    code = widgets.choice(st.radio, t("portal.pick_procedure"), list(names), format_func=names.__getitem__, index=preselect,
                    key="portal_proc_pick")
    if code is None:
        return
    show_procedure(load_catalogue().get(code))
    if not reference.online_submission(code):
        st.info(t("portal.not_online"), icon=":material/storefront:")
        return
    if st.button(t("portal.start_button"), key="portal_start", type="primary"):
        draft = pc.act(start_online_dossier, sandbox_id, citizen_id=citizen_id, procedure_code=code,
                       actor=widgets.actor(), now=pc.now_in(sandbox_id))
        if draft is not None:
            st.session_state["portal_dossier_id"] = draft.id
            st.rerun()


def draft_section(draft: object) -> None:
    """The e-form of the open draft, its payment, and the submit button."""
    dossier_id, code, fee, paid = draft.id, draft.procedure_code, draft.fee_amount, draft.fee_paid
    st.subheader(t("portal.procedure_title", code=code, name=reference.procedure_name(code, lang)))
    if st.button(t("portal.back_to_search"), key="portal_back"):
        st.session_state.pop("portal_dossier_id", None)
        st.rerun()
    eform(sandbox_id, dossier_id, pc.now_in(sandbox_id))
    if draft.channel == "post":
        st.info(t("portal.pickup_requested"), icon=":material/local_shipping:")
        return
    if reference.online_payment(code):
        st.markdown(f"**{t('portal.pay_title')}**")
        if fee <= 0:
            st.caption(t("portal.pay_free"))
        elif paid:
            st.success(t("portal.paid_short", amount=pc.money(fee)), icon=":material/paid:")
        else:
            st.write(t("portal.pay_amount", amount=pc.money(fee)))
            if st.button(t("portal.pay_button"), key="portal_pay"):
                payment = pc.act(pay_online, sandbox_id, dossier_id, actor=widgets.actor(),
                                 now=pc.now_in(sandbox_id),
                                 citizen_id=pc.citizen_id())
                if payment is not None:
                    st.rerun()
    if reference.bcci_allowed(code):
        pickup_box(draft)
    if st.button(t("portal.submit_button"), key="portal_submit", type="primary"):
        done = pc.act(submit_online, sandbox_id, dossier_id, actor=widgets.actor(), now=pc.now_in(sandbox_id),
                      citizen_id=pc.citizen_id())
        if done is not None:
            st.session_state["portal_last_code"] = done.code
            st.session_state.pop("portal_dossier_id", None)
            st.rerun()


def pickup_box(draft: object) -> None:
    """Instead of submitting online: ask the public post (BCCI) to collect the paper dossier."""
    with st.expander(t("portal.pickup_title"), icon=":material/local_shipping:"):
        st.write(t("portal.pickup_intro"))
        address = st.text_input(t("portal.pickup_address"), value=str(draft.form_data.get("address", "")),
                                key="portal_pickup_address", max_chars=300)
        if st.button(t("portal.pickup_button"), key="portal_pickup"):
            shipment = pc.act(request_pickup, sandbox_id, draft.id, actor=widgets.actor(),
                              now=pc.now_in(sandbox_id),
                              address=address)
            if shipment is not None:
                st.rerun()


def submitted_section(code: str) -> None:
    st.success(t("portal.submitted", code=code), icon=":material/task_alt:")
    st.write(t("portal.submitted_hint"))
    st.page_link(nav.link(nav.TRACKING_URL_PATH), label=t("portal.track_link"), icon=":material/search:",
                 query_params={"dossier": code})
    if st.button(t("portal.new_dossier"), key="portal_new"):
        st.session_state.pop("portal_last_code", None)
        st.rerun()


if easy:
    pc.apply_easy_style()
    portal_easy.wizard(sandbox_id)
else:
    citizen = sign_in_section()
    if citizen is not None:
        if st.session_state.get("portal_last_code"):
            submitted_section(st.session_state["portal_last_code"])
        else:
            draft = pc.open_draft(sandbox_id)
            if draft is not None:
                draft_section(draft)
            elif not portal_bundle.section(sandbox_id, citizen.id):  # Thủ tục liên thông (bundles)
                search_section(citizen.id)
