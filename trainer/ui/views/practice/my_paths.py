"""Lộ trình học của tôi: the participant's enrolments, each path's steps with what they did, where to go next;
their resume code and slip. A resume code alone (?code=, typed, or the slip's QR) brings them back here."""

from __future__ import annotations

import streamlit as st

from trainer.training import workshops
from trainer.training.trainees import find_by_resume_code
from trainer.ui import certificate_ui, coach_panel, nav, widgets, workshop_ui

t = widgets.tr()
lang = widgets.lang()
st.title(t("workshops.mine.title"))

trainee = widgets.current_trainee()
if trainee is None:
    st.write(t("workshops.mine.no_trainee"))
    with st.form("mine_resume_form"):
        code = st.text_input(t("start.resume_label"), key="mine_resume_code", max_chars=12)
        resumed = st.form_submit_button(t("start.resume_button"), key="mine_resume", type="primary")
    if resumed:
        with widgets.db() as session:
            found = widgets.attempt(find_by_resume_code, session, code)
        if found is not None:
            widgets.remember_trainee(found.id, found.resume_code)
            st.rerun()
    st.page_link(nav.link(nav.JOIN_URL_PATH), label=t("nav.join"), icon=":material/groups:")
    st.stop()

workshop_ui.kiosk_done_button(key="mine_kiosk_done")  # a shared PC: sign out and clear the screen
with widgets.db() as session:
    mine = workshops.my_enrolments(session, widgets.actor())
st.write(t("workshops.mine.hello", name=widgets.literal(trainee.name)))
if not mine:
    st.info(t("workshops.mine.none"), icon=":material/info:")
    st.page_link(nav.link(nav.JOIN_URL_PATH), label=t("nav.join"), icon=":material/groups:")

info = workshop_ui.scenario_info()
certificates = certificate_ui.mine_by_path() if mine else {}
for entry in mine:
    outcome = entry.outcome
    with st.container(border=True, key=f"mine_enrolment_{entry.enrolment_id}"):
        st.subheader(workshop_ui.path_title(entry.path_id))
        state = t("workshops.mine.open") if entry.workshop_open else t("workshops.mine.closed")
        when = f"{entry.held_on:%d/%m/%Y}"
        st.caption(" · ".join(x for x in (widgets.literal(entry.workshop_title),
                                          "" if when in entry.workshop_title else when, state) if x))
        total = len(outcome.steps) or 1
        st.progress(outcome.steps_done / total, text=t("workshops.mine.progress", done=outcome.steps_done,
                                                         total=len(outcome.steps)))
        if outcome.passed:
            st.success(t("workshops.mine.passed", alone=outcome.scenarios_alone, helped=outcome.scenarios_with_help),
                       icon=":material/workspace_premium:")
        certificate_ui.my_certificate(path_id=entry.path_id, workshop_id=entry.workshop_id, passed=outcome.passed,
                                      found=certificates.get(entry.path_id), key=f"mine_cert_{entry.enrolment_id}")
        for number, step in enumerate(outcome.steps, start=1):
            progress = entry.progress.step(step.key)
            left, middle, right = st.columns([5, 3, 2], vertical_alignment="center")
            kind = t(f"workshops.mine.kind_{step.kind}")
            left.markdown(f"{number}. {kind}: **{workshop_ui.step_title(step.kind, step.ref)}**")
            if step.how == "alone":
                middle.markdown(t("workshops.mine.done_alone"))
            elif step.how == "with_help":
                middle.markdown(t("workshops.mine.done_with_help"))
            elif step.how == "score":
                middle.markdown(t("workshops.mine.quiz_passed", score=round((step.best_score or 0) * 100)))
            elif progress is not None and progress.in_progress:
                middle.markdown(t("workshops.mine.in_progress"))
            elif step.kind == "quiz" and step.best_score is not None:
                middle.markdown(t("workshops.mine.quiz_below", score=round(step.best_score * 100)))
            else:
                middle.markdown(t("workshops.mine.not_started"))
            going_on = progress is not None and progress.in_progress
            label = (t("workshops.mine.continue") if going_on else
                     t("workshops.mine.again") if step.done else t("workshops.mine.go"))
            if right.button(label, key=f"mine_go_{entry.enrolment_id}_{step.key}"):
                if step.kind == "scenario":
                    workshop_ui.play_role(info.get(step.ref, ("", None))[1])
                    if not going_on:  # a run in progress is continued from where it stopped, never restarted
                        st.session_state[coach_panel.START_KEY] = step.ref
                    st.switch_page(nav.link(nav.SCENARIOS_URL_PATH), query_params={"code": trainee.resume_code})
                else:
                    st.switch_page(nav.link("bai-kiem-tra"), query_params={"code": trainee.resume_code, "quiz": step.ref})

if mine:
    workshop_ui.resume_card(trainee, workshop_title=mine[0].workshop_title, path_id=mine[0].path_id, key="mine_resume")
