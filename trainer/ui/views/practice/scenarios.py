"""Kịch bản thực hành: catalogue filtered by audience and role, start/continue a run, result screen."""

from __future__ import annotations

import streamlit as st

from trainer.coach.loader import load_scenarios
from trainer.coach.runs import abandon_run, run_view, runs_of, start_run
from trainer.ui import coach_panel, coach_screens, widgets
from trainer.ui.nav import ROLES

GOTO_KEY = "coach_goto"  # the sandbox page to open once the new role's navigation is built
RESULT_KEY = coach_panel.RESULT_KEY  # the run whose result is shown (set here, and by the panel when a run ends)

t = widgets.tr()
lang = t.lang

goto = st.session_state.pop(GOTO_KEY, None)
if goto:
    st.switch_page(goto, query_params=st.query_params.to_dict())  # keep ?code= and ?run= for a reload

st.title(t("coach.title"))
st.write(t("coach.intro"))
trainee = widgets.current_trainee()
actor = widgets.actor()
if trainee is None:
    st.info(t("coach.profile_hint"), icon=":material/badge:")

view = coach_panel.show()
shown_result = st.session_state.get(RESULT_KEY)
if view is not None and view.status != "active":
    shown_result = view.run_id
    st.session_state[RESULT_KEY] = view.run_id

if view is not None and view.status == "active":
    with st.container(border=True, key="coach_active"):
        st.markdown(f"**{t('coach.active_title', title=view.scenario.title.get(lang))}**")
        st.write(view.fill(view.scenario.instructions.get(lang)))
        if trainee is not None:
            st.caption(t("coach.resume_with_code", code=trainee.resume_code))
        else:
            st.caption(t("coach.resume_without_profile"))
        left, right = st.columns(2)
        if left.button(t("coach.continue"), key="coach_continue", type="primary", icon=":material/play_arrow:"):
            st.session_state["role"] = view.role
            st.query_params["role"] = view.role
            st.session_state[GOTO_KEY] = coach_panel.page_for(view)
            st.rerun()
        if right.button(t("coach.abandon"), key="coach_abandon", icon=":material/stop:"):
            with widgets.db() as session:
                if widgets.attempt(abandon_run, session, view.run_id, widgets.wall_clock(),
                                   actor=actor) is not None:
                    coach_panel.forget_run(view.sandbox_id)
                    st.session_state[RESULT_KEY] = view.run_id
                    st.rerun()

if shown_result is not None:
    with widgets.db() as session:
        finished = widgets.attempt(run_view, session, int(shown_result), actor=actor)
    if finished is not None:
        with st.container(border=True, key="coach_result"):
            coach_screens.result(t, finished)
            again, back = st.columns(2)
            retry = again.button(t("coach.try_again"), key="coach_try_again", icon=":material/replay:")
            if back.button(t("coach.back_to_catalogue"), key="coach_back", icon=":material/list:"):
                st.session_state.pop(RESULT_KEY, None)
                st.rerun()
        if retry:
            st.session_state.pop(RESULT_KEY, None)
            st.session_state[coach_panel.START_KEY] = finished.scenario.id
            st.rerun()

entries = load_scenarios(settings=widgets.settings())
available = [e.scenario for e in entries if e.available]

filters = st.columns(2)
audience = widgets.choice(
    filters[0].selectbox, t("coach.filter_audience"), ("all", "official", "citizen"), key="coach_filter_audience",
    format_func=lambda a: t("coach.all") if a == "all" else t(f"coach.audience_{a}"),
)
role_filter = widgets.choice(
    filters[1].selectbox, t("coach.filter_role"), ("all", *ROLES), key="coach_filter_role",
    format_func=lambda r: t("coach.all") if r == "all" else t(f"roles.{r}"),
)
shown = [s for s in available if (audience == "all" or s.audience == audience)
         and (role_filter == "all" or s.role == role_filter)]

chosen = st.session_state.pop(coach_panel.START_KEY, None)
if chosen is not None and chosen not in {s.id for s in available}:  # a link to a scenario that is gone or broken
    chosen = None
if not shown:
    st.info(t("coach.none_found"))
columns = st.columns(2)
for index, scenario in enumerate(shown):
    with columns[index % 2]:
        if coach_screens.card(t, scenario):
            chosen = scenario.id

if chosen:
    with widgets.db() as session:
        run = widgets.attempt(start_run, session, chosen, actor=actor,
                              now=widgets.wall_clock(), model=widgets.settings().admin_model.value)
        started = (run.id, run.sandbox_id, run.role, run.key) if run is not None else None
    if started is not None:
        st.session_state.pop(RESULT_KEY, None)
        coach_panel.remember_run(started[0], started[1], started[3])
        st.session_state["role"] = started[2]
        st.query_params["role"] = started[2]
        scenario = next(s for s in available if s.id == chosen)
        st.session_state[GOTO_KEY] = coach_panel.page_for(started[2], scenario.page)
        st.rerun()

coach_screens.unavailable(t, [e for e in entries if not e.available])

if trainee is not None:
    with widgets.db() as session:
        mine = runs_of(session, actor)[:10]
        rows = [(r.id, r.scenario_id, r.status, r.score, r.max_score) for r in mine]
    if rows:
        titles = {s.id: s.title.get(lang) for s in available}
        with st.expander(t("coach.your_runs"), icon=":material/history:"):
            for run_id, scenario_id, status, points, maximum in rows:
                line = t("coach.run_line", title=titles.get(scenario_id, scenario_id),
                         status=t(f"coach.status_{status}"), points=points, max=maximum)
                left, right = st.columns([4, 1])
                left.write(line)
                if status != "active" and right.button(t("coach.view_result"), key=f"coach_view_{run_id}"):
                    st.session_state[RESULT_KEY] = run_id
                    st.rerun()
