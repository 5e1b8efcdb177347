"""Máy dùng chung (kiosk mode): a shared commune PC lists the workshop's names; a participant picks theirs (and
types their PIN if they set one), works, and "Xong" signs them out and clears the screen for the next person."""

from __future__ import annotations

import streamlit as st

from trainer.training import workshops
from trainer.training.paths import cached_paths
from trainer.ui import nav, widgets, workshop_ui

t = widgets.tr()
st.title(t("workshops.kiosk.title"))

code = workshop_ui.kiosk_code() or st.query_params.get(workshop_ui.JOIN_PARAM, "")
if not code:
    st.write(t("workshops.kiosk.setup"))
    with st.form("kiosk_setup_form"):
        typed = st.text_input(t("workshops.join.code_label"), key="kiosk_setup_code", max_chars=20)
        chosen = st.form_submit_button(t("workshops.kiosk.setup_button"), key="kiosk_setup_submit", type="primary")
    if chosen:
        with widgets.db() as session:
            found = widgets.attempt(workshops.open_workshop_by_code, session, typed)
        if found is not None:
            st.session_state[workshop_ui.KIOSK_KEY] = found.join_code
            st.query_params[workshop_ui.KIOSK_PARAM] = found.join_code
            st.rerun()
    st.stop()

with widgets.db() as session:
    found = widgets.attempt(workshops.open_workshop_by_code, session, code)
    entries = workshops.kiosk_roster(session, found.join_code) if found is not None else ()
if found is None:
    st.stop()
if workshop_ui.kiosk_code() != found.join_code:
    st.session_state[workshop_ui.KIOSK_KEY] = found.join_code
    st.query_params[workshop_ui.KIOSK_PARAM] = found.join_code

st.markdown(f"### {widgets.literal(found.title)}")
trainee = widgets.current_trainee()
if trainee is not None:
    st.info(t("workshops.kiosk.signed_in", name=widgets.literal(trainee.name)), icon=":material/badge:")
    st.page_link(nav.link(nav.MY_PATHS_URL_PATH), label=t("nav.my_paths"), icon=":material/route:")
    workshop_ui.kiosk_done_button(key="kiosk_done_page")
    st.stop()

st.write(t("workshops.kiosk.pick"))
search = st.text_input(t("workshops.kiosk.search"), key="kiosk_search", max_chars=120)
wanted = workshops.name_key(search)
shown = [e for e in entries if wanted in workshops.name_key(e.name)] if wanted else list(entries)
if not entries:
    st.info(t("workshops.kiosk.empty"), icon=":material/info:")
    st.page_link(nav.link(nav.JOIN_URL_PATH), label=t("nav.join"), icon=":material/groups:")
picked = st.session_state.get("kiosk_picked")
for entry in shown:
    extra = " · ".join(x for x in (entry.unit_label, entry.position) if x)
    label = widgets.literal(f"{entry.name} — {extra}" if extra else entry.name)  # typed text, shown literally
    if st.button(label, key=f"kiosk_pick_{entry.enrolment_id}", use_container_width=True,
                 icon=":material/lock:" if entry.has_pin else ":material/person:"):
        picked = entry.enrolment_id
        st.session_state["kiosk_picked"] = picked


def _sign_in(enrolment_id: int, pin: str | None) -> None:
    with widgets.db() as session:
        result = widgets.attempt(workshops.kiosk_sign_in, session, actor=widgets.actor(), code=found.join_code,
                                 enrolment_id=enrolment_id, pin=pin, now=widgets.wall_clock())
    if result is not None:
        st.session_state.pop("kiosk_picked", None)
        widgets.remember_trainee(result.trainee.id, result.trainee.resume_code)
        workshop_ui.play_role(workshop_ui.first_role(cached_paths().paths.get(result.path_id)))
        st.switch_page(nav.link(nav.MY_PATHS_URL_PATH),
                       query_params={"code": result.trainee.resume_code, workshop_ui.KIOSK_PARAM: found.join_code})


entry = next((e for e in entries if e.enrolment_id == picked), None)
if entry is not None:
    if entry.has_pin:
        with st.form("kiosk_pin_form", border=True):
            st.markdown(t("workshops.kiosk.pin_for", name=widgets.literal(entry.name)))
            pin = st.text_input(t("workshops.join.pin_label"), type="password", max_chars=4, key="kiosk_pin")
            go = st.form_submit_button(t("workshops.kiosk.sign_in"), key="kiosk_pin_submit", type="primary")
        if go:
            _sign_in(entry.enrolment_id, pin)
    else:
        _sign_in(entry.enrolment_id, None)
