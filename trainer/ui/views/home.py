"""Start page: what this is, which role to practise, and the trainee profile (name and resume code)."""

from __future__ import annotations

import streamlit as st

from trainer.actor import Actor
from trainer.coach.runs import resume_point
from trainer.training.trainees import create_trainee, find_by_resume_code
from trainer.ui import coach_panel, widgets
from trainer.ui.nav import ROLES, pages_for
from trainer.world.units import load_units

t = widgets.tr()

st.title(t("start.title"))
st.write(t("start.intro"))

left, right = st.columns([3, 2], gap="large")

with left:
    st.subheader(t("start.choose_role"))
    current = widgets.role()
    role_key = "start_role_picker"  # one key for both languages (widgets.choice relabels it after a switch)
    if st.session_state.get(role_key) != current:  # the role may have changed elsewhere (a scenario, ?role=)
        st.session_state[role_key] = current


    def _set_role() -> None:
        st.session_state["role"] = st.session_state[role_key]
        st.query_params["role"] = st.session_state["role"]


    widgets.choice(
        st.radio,
        t("start.role_label"),
        ROLES,
        index=ROLES.index(current),
        format_func=lambda r: f"{t(f'roles.{r}')} — {t(f'roles.{r}_help')}",
        key=role_key,
        on_change=_set_role,
    )
    st.caption(t("start.role_hint"))
    st.markdown(f"**{t('start.pages_for_role')}**")
    for spec in pages_for(current):
        if spec.url_path not in ("start", "dang-nhap"):
            st.page_link(spec.link, label=t(spec.title_key), icon=spec.icon)

with right:
    st.subheader(t("start.profile_title"))
    trainee = widgets.current_trainee()
    if trainee is not None:
        st.success(t("start.signed_in_as", name=widgets.literal(trainee.name), code=trainee.resume_code), icon=":material/badge:")
        st.caption(t("start.resume_link_hint"))
        if st.button(t("start.sign_out"), key="start_sign_out"):
            widgets.forget_trainee()
            st.rerun()
    else:
        st.write(t("start.profile_intro"))
        units = load_units(widgets.settings().admin_model, widgets.settings())
        unit_labels = {u.code: u.label if u.parent_code == units.province.code else
                       f"{u.label} — {units.get(u.parent_code).full_name}" for u in units.communes}
        with st.form("start_profile_form", clear_on_submit=False):
            name = st.text_input(t("start.name_label"), key="start_name", max_chars=120)
            unit_code = widgets.choice(
                st.selectbox,
                t("start.unit_label"),
                [None, *unit_labels],
                format_func=lambda code: t("start.no_unit") if code is None else unit_labels[code],
                key="start_unit",
            )
            audience = widgets.choice(
                st.radio,
                t("start.audience_label"),
                ("official", "citizen"),
                format_func=lambda a: t(f"start.audience_{a}"),
                key="start_audience",
                horizontal=True,
            )
            submitted = st.form_submit_button(t("start.create_profile"), key="start_create_profile", type="primary")
        if submitted:
            with widgets.db() as session:
                created = widgets.attempt(
                    create_trainee, session, name=name, audience=audience, unit_code=unit_code, now=widgets.wall_clock()
                )
                if created is not None:
                    widgets.remember_trainee(created.id, created.resume_code)
                    st.rerun()
        st.divider()
        st.write(t("start.resume_intro"))
        with st.form("start_resume_form"):
            code = st.text_input(t("start.resume_label"), key="start_resume_code", max_chars=12)
            resumed = st.form_submit_button(t("start.resume_button"), key="start_resume")
        if resumed:
            with widgets.db() as session:
                found = widgets.attempt(find_by_resume_code, session, code)
                point = resume_point(session, Actor.trainee(widgets.role(), found.id)) if found else None
            if found is not None:
                widgets.remember_trainee(found.id, found.resume_code)
                if point is None:
                    st.rerun()
                # the code alone brings the trainee back where they left off: their run's page, else their role's
                st.session_state["role"] = point.role
                if point.run_id is not None:
                    coach_panel.remember_run(point.run_id, point.sandbox_id, point.run_key or "")
                params = {"role": point.role, "code": found.resume_code, **({"run": point.run_key} if point.run_key else {})}
                st.switch_page(coach_panel.page_for(point.role, point.page), query_params=params)
