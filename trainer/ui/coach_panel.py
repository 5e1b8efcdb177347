"""The guide panel beside every sandbox page while a scenario run is active: step, hints, feedback, help toggle.

Sandbox pages call `coach_panel.show()` once, at the top of the page body (before they pick the sandbox): it finds
the active run (session, `?run=` or the trainee's active run after a reload), checks it against the sandbox's real
state and events (`trainer.coach.runs.check_run`), points the page at the run's sandbox and draws the panel in the
sidebar. Without an active run it draws nothing.
"""

from __future__ import annotations

import streamlit as st

from trainer.coach.runs import RunView, active_run, check_run, mark_help, own_run, run_by_key, use_hint
from trainer.errors import TrainerError
from trainer.ui import flash, nav, widgets

RUN_KEY = "coach_run_id"  # session state: the run this browser session plays
SKIP_KEY = "coach_skip_run"  # session state: a run whose check failed (its scenario is unavailable)
RESULT_KEY = "coach_result_run"  # session state: the run whose result the scenarios page shows
START_KEY = "coach_start_pending"  # session state: the scenario the scenarios page starts on its next run (a path
#                                    step, a quiz's "what to review next", "Làm lại")
ENDED_KEY = "coach_ended_in"  # session state: (sandbox, page) where the session's run just ended
NONE_ACTIVE_KEY = "coach_none_active"  # session state: (trainee, runs taken up) when no active run was found
SANDBOX_KEY = "sandbox_id"  # shared with trainer.ui.sandbox_session: the sandbox the pages act in
PAGE_BY_ROLE = {  # practice role -> url path of its main sandbox page
    "citizen": "nop-ho-so", "desk_officer": "mot-cua", "specialist": "xu-ly-ho-so", "office_head": "xu-ly-ho-so",
    "leader": "xu-ly-ho-so", "postal_worker": "buu-chinh",
}
PAGE_BY_NAME = {  # a scenario's `page` -> url path
    "portal": "nop-ho-so", "my-dossiers": "ho-so-cua-toi", "tracking": "tra-cuu-ho-so", "desk": "mot-cua",
    "processing": "xu-ly-ho-so", "post": "buu-chinh",
}


def page_for(view_or_role: RunView | str, page: str | None = None) -> str:
    """The sandbox page a run opens (as st.switch_page takes it): the scenario's `page`, else the role's main page."""
    role = view_or_role if isinstance(view_or_role, str) else view_or_role.scenario.role
    if page is None and not isinstance(view_or_role, str):
        page = view_or_role.scenario.page
    return nav.link(PAGE_BY_NAME.get(page or "") or PAGE_BY_ROLE.get(role, "nop-ho-so"))


_runs_taken_up = [0]  # this process: how often a session started or took up a run (`remember_run`)


def remember_run(run_id: int, sandbox_id: int | None, key: str = "") -> None:
    """This session plays run_id: keep it in session state and its random key in the URL (a reload resumes it;
    the URL never carries the sequential id, which would let anyone open another participant's run)."""
    if st.session_state.get(RUN_KEY) != run_id:
        _runs_taken_up[0] += 1  # the trainee's other sessions in this process look for their active run again
    st.session_state[RUN_KEY] = run_id
    if sandbox_id is not None:
        st.session_state[SANDBOX_KEY] = sandbox_id
    if key and st.query_params.get("run") != key:
        st.query_params["run"] = key


def forget_run(sandbox_id: int | None = None) -> None:
    """This session no longer plays a run: and when it ended, the pages leave its sandbox (issue 9 item 12)."""
    st.session_state.pop(RUN_KEY, None)
    if "run" in st.query_params:
        del st.query_params["run"]
    if sandbox_id is not None and st.session_state.get(SANDBOX_KEY) == sandbox_id:
        st.session_state.pop(SANDBOX_KEY, None)


def current_run_id() -> int | None:
    """The run of this session: session state, else the run whose key is ?run= in the URL, else the trainee's
    active run."""
    skipped = st.session_state.get(SKIP_KEY)
    remembered = st.session_state.get(RUN_KEY)
    if remembered is not None:
        return int(remembered)
    param = st.query_params.get("run")
    if param:
        with widgets.db() as session:
            try:
                found = run_by_key(session, param, widgets.actor()).id
            except TrainerError:
                found = None
        if found is None:
            del st.query_params["run"]  # an unknown or another's link: as if it were wrong, without a word
        elif found != skipped:
            return found
    actor = widgets.actor()
    if not actor.is_trainee:
        return None
    # Without a run in this session, the trainee's active run is looked for once (a reload, a new session), and again
    # only after a session of this process started or took up a run: not on every rerun of every sandbox page.
    asked = (actor.trainee_id, _runs_taken_up[0])
    if st.session_state.get(NONE_ACTIVE_KEY) == asked:
        return None
    with widgets.db() as session:
        run = active_run(session, actor)
        found = run.id if run is not None and run.id != skipped else None
    if found is None:
        st.session_state[NONE_ACTIVE_KEY] = asked
    return found


def show() -> RunView | None:
    """Check the active run and draw the guide panel in the sidebar; returns the run's view (None: no run).

    A run is played by its own trainee, a run without a profile by whoever holds its link (`check_run` checks it);
    anyone else's run is forgotten without a word, as if the link were wrong."""
    _leave_an_ended_runs_sandbox()
    run_id = current_run_id()
    if run_id is None:
        return None
    with widgets.db() as session:
        try:
            own_run(session, run_id, widgets.actor())
        except TrainerError:
            forget_run()
            return None
        view = widgets.attempt(check_run, session, run_id, widgets.wall_clock(), actor=widgets.actor())
    if view is None:  # e.g. its scenario file is broken now: said once, then the pages work without the guide
        forget_run()
        st.session_state[SKIP_KEY] = run_id
        return None
    if view.status == "active":
        remember_run(view.run_id, view.sandbox_id, view.key)
    else:  # finished: the panel says so, and the pages go back to the session's own practice sandbox
        forget_run()  # ... once the trainee leaves this page: the action that ended the run shows its confirmation
        st.session_state[RESULT_KEY] = view.run_id
        if view.sandbox_id is not None and st.session_state.get(SANDBOX_KEY) == view.sandbox_id:
            st.session_state[ENDED_KEY] = (view.sandbox_id, st.session_state.get(flash.PAGE_KEY))
    with st.sidebar:
        _draw(view)
    return view


def _leave_an_ended_runs_sandbox() -> None:
    """A run ended on the page before: on any other page (or a reset of the session's run) the session is back in its
    own practice sandbox (issue 9 item 12); on the same page it still shows what the last action did."""
    ended = st.session_state.get(ENDED_KEY)
    if not ended:
        return
    sandbox_id, page = ended
    if st.session_state.get(RUN_KEY) is None and st.session_state.get(flash.PAGE_KEY) == page:
        return
    st.session_state.pop(ENDED_KEY, None)
    if st.session_state.get(RUN_KEY) is None and st.session_state.get(SANDBOX_KEY) == sandbox_id:
        st.session_state.pop(SANDBOX_KEY, None)


def _draw(view: RunView) -> None:
    t = widgets.tr()
    lang = t.lang
    with st.container(border=True, key="coach_panel"):
        st.markdown(f"**{t('coach.panel_title')}**")
        st.caption(view.scenario.title.get(lang))
        with st.expander(t("coach.task"), expanded=False):
            st.write(view.fill(view.scenario.instructions.get(lang)))
        if view.status != "active":
            st.success(t("coach.panel_done"), icon=":material/flag:")
            st.page_link(nav.link(nav.SCENARIOS_URL_PATH), label=t("coach.view_result"), icon=":material/school:")
            return
        if view.current is not None:
            number = [s.id for s in view.steps].index(view.current.id) + 1
            st.markdown(f"**{t('coach.panel_step', n=number, total=len(view.steps))}**")
            st.write(view.fill(view.current.instruction.get(lang)))
            for i, hint in enumerate(view.current.hints, start=1):
                st.info(t("coach.hint_label", n=i, text=view.fill(hint.get(lang))), icon=":material/lightbulb:")
            if view.current.hints_left:
                st.caption(t("coach.hints_left", n=view.current.hints_left, penalty=view.scenario.penalties.hint))
                if st.button(t("coach.hint_button"), key="coach_hint", icon=":material/lightbulb:"):
                    with widgets.db() as session:
                        if widgets.attempt(use_hint, session, view.run_id, widgets.wall_clock(),
                                           actor=widgets.actor()) is not None:
                            st.rerun()
        if view.latest_feedback is not None:
            st.warning(f"**{t('coach.feedback_title')}:** {view.fill(view.latest_feedback.feedback.get(lang))}",
                       icon=":material/record_voice_over:")
        st.toggle(t("coach.help_toggle"), value=view.with_help, key=f"coach_help_{view.run_id}",
                  help=t("coach.help_caption"), on_change=_help_changed, args=(view.run_id,))
        st.caption(t("coach.score", points=view.score.points, max=view.score.maximum, percent=view.score.percent))


def _help_changed(run_id: int) -> None:
    with widgets.db() as session:
        widgets.attempt(mark_help, session, run_id, bool(st.session_state.get(f"coach_help_{run_id}")),
                        widgets.wall_clock(), actor=widgets.actor())
