"""Vào lớp tập huấn: the workshop code (from the projector's QR or typed), a name, optionally a unit and a PIN;
then the personal resume code, its QR code and the printable slip."""

from __future__ import annotations

import streamlit as st

from trainer.training import workshops
from trainer.training.paths import cached_paths
from trainer.ui import nav, widgets, workshop_ui
from trainer.world.units import load_units

t = widgets.tr()
lang = widgets.lang()
st.title(t("workshops.join.title"))
st.write(t("workshops.join.intro"))

trainee = widgets.current_trainee()
joined = st.session_state.get(workshop_ui.JOINED_KEY)
if trainee is not None and joined is not None:
    with widgets.db() as session:
        mine = {m.enrolment_id: m for m in workshops.my_enrolments(session, widgets.actor())}
    entry = mine.get(joined)
    if entry is not None:
        st.success(t("workshops.join.welcome", name=widgets.literal(trainee.name), workshop=widgets.literal(entry.workshop_title),
                     path=workshop_ui.path_title(entry.path_id)), icon=":material/celebration:")
        workshop_ui.resume_card(trainee, workshop_title=entry.workshop_title, path_id=entry.path_id, key="join_resume")
        if st.button(t("workshops.join.start_learning"), key="join_start_learning", type="primary",
                     icon=":material/route:"):
            st.switch_page(nav.link(nav.MY_PATHS_URL_PATH), query_params={"code": trainee.resume_code})
        st.stop()

code_param = st.query_params.get(workshop_ui.JOIN_PARAM, "")
with st.form("join_code_form"):
    typed = st.text_input(t("workshops.join.code_label"), value=code_param, max_chars=20, key="join_code",
                          placeholder="VD: K7PQ2M")
    looked = st.form_submit_button(t("workshops.join.code_button"), key="join_code_submit")
if looked:
    st.query_params[workshop_ui.JOIN_PARAM] = typed.strip()
    code_param = typed.strip()

if not code_param:
    st.info(t("workshops.join.code_hint"), icon=":material/qr_code_2:")
    st.stop()

with widgets.db() as session:
    found = widgets.attempt(workshops.open_workshop_by_code, session, code_param)
if found is None:
    st.stop()

st.markdown(f"### {widgets.literal(found.title)}")
st.caption(t("workshops.join.workshop_line", unit=found.unit_label, date=f"{found.held_on:%d/%m/%Y}",
             code=found.join_code))
paths = cached_paths().paths
offered = [p for p in found.path_ids if p in paths]
units = load_units(widgets.settings().admin_model, widgets.settings())
unit_labels = {u.code: u.label for u in units.communes}

with st.form("join_form"):
    name = st.text_input(t("workshops.join.name_label"), key="join_name", max_chars=500)
    audience = widgets.choice(st.radio, t("workshops.join.audience_label"), ("official", "citizen"), horizontal=True,
                              format_func=lambda a: t(f"start.audience_{a}"), key="join_audience")
    path_id = widgets.choice(
        st.selectbox, t("workshops.join.path_label"), offered, key="join_path",
        format_func=lambda p: f"{paths[p].title.get(lang)} ({', '.join(t(f'start.audience_{a}') for a in paths[p].audience)})")
    unit_code = widgets.choice(st.selectbox, t("workshops.join.unit_label"), [None, *unit_labels], key="join_unit",
                               format_func=lambda c: t("workshops.join.unit_same", unit=found.unit_label) if c is None
                               else unit_labels[c])
    position = st.text_input(t("workshops.join.position_label"), key="join_position", max_chars=120)
    pin = st.text_input(t("workshops.join.pin_label"), key="join_pin", max_chars=4, type="password",
                        help=t("workshops.join.pin_help"))
    submitted = st.form_submit_button(t("workshops.join.submit"), key="join_submit", type="primary")

if submitted:
    with widgets.db() as session:
        result = widgets.attempt(workshops.join_workshop, session, actor=widgets.actor(), code=found.join_code,
                                 name=name, audience=audience, path_id=path_id, unit_code=unit_code, pin=pin,
                                 position=position, now=widgets.wall_clock())
    if result is not None:
        widgets.remember_trainee(result.trainee.id, result.trainee.resume_code)
        st.session_state[workshop_ui.JOINED_KEY] = result.enrolment_id
        workshop_ui.play_role(workshop_ui.first_role(paths.get(result.path_id)))
        st.rerun()

st.divider()
st.write(t("workshops.join.have_code"))
st.page_link(nav.link(nav.MY_PATHS_URL_PATH), label=t("nav.my_paths"), icon=":material/route:")
