"""Trang lớp (?lop=<id>): the trainer's page of one workshop. The roster with each participant's progress
through their path (steps done, scores, alone / with help, time since last activity), redrawn by itself when
something happens in the workshop; the projector view; roster import with its error report; attendance export;
reset every sandbox of the workshop (progress kept) and close the workshop, each after a confirmation."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from trainer.training import workshops
from trainer.training.attendance import attendance_filename, attendance_xlsx
from trainer.training.roster import error_report_xlsx, import_roster
from trainer.ui import certificate_ui, kit_ui, nav, widgets, workshop_ui

LIVE_SECONDS = 3  # the roster re-reads one version number this often and redraws only when it moved

t = widgets.tr()
lang = widgets.lang()
actor = widgets.actor()

with widgets.db() as session:
    mine = widgets.attempt(workshops.workshops_for, session, actor)
if mine is None:
    st.stop()
wanted = st.query_params.get("lop", "")
row = next((w for w in mine if str(w.id) == wanted), None)
if row is None:
    st.title(t("workshops.trainer.page_title"))
    if wanted:
        st.error(t("workshops.trainer.not_found", id=widgets.literal(wanted[:20])), icon=":material/error:")
    if not mine:
        st.info(t("workshops.trainer.none"), icon=":material/info:")
        st.page_link(nav.link(nav.TRAINER_WORKSHOPS_URL_PATH), label=t("nav.trainer_workshops"), icon=":material/groups:")
        st.stop()
    picked = st.selectbox(t("workshops.trainer.pick"), [w.id for w in mine], index=None, key="trainer_ws_pick", placeholder=t("app.choose_placeholder"),
                          format_func=lambda i: next(f"{w.title} ({w.join_code})" for w in mine if w.id == i))
    if picked is not None:
        st.query_params["lop"] = str(picked)
        st.rerun()
    st.stop()

st.title(widgets.literal(row.title))
state = t("workshops.trainer.open") if row.is_open else t("workshops.trainer.closed_on",
                                                           at=f"{row.closed_at:%H:%M %d/%m/%Y}" if row.closed_at else "")
st.markdown(f"{row.unit_label} · {row.held_on:%d/%m/%Y} · {t('workshops.trainer.code')} **{row.join_code}** · {state}")
links = st.columns(3)
links[0].page_link(nav.link(nav.PROJECTOR_URL_PATH), label=t("workshops.trainer.projector"),
                   query_params={"lop": str(row.id)}, icon=":material/cast_for_education:")
links[1].page_link(nav.link(nav.TRAINER_WORKSHOPS_URL_PATH), label=t("nav.trainer_workshops"), icon=":material/list:")


def _ago(then: datetime | None, now: datetime) -> str:
    if then is None:
        return "—"
    minutes = int((now - then).total_seconds() // 60)
    if minutes < 1:
        return t("workshops.trainer.just_now")
    if minutes < 60:
        return t("workshops.trainer.minutes_ago", n=minutes)
    return t("workshops.trainer.hours_ago", n=minutes // 60)


def _table(people: tuple[workshops.RosterRow, ...], now: datetime) -> list[dict[str, object]]:
    out = []
    for person in people:
        outcome = person.outcome
        quiz = [s.best_score for s in outcome.steps if s.kind == "quiz" and s.best_score is not None]
        out.append({
            t("workshops.trainer.col_name"): person.name,
            t("workshops.trainer.col_unit"): person.unit_label,
            t("workshops.trainer.col_position"): person.position,
            t("workshops.trainer.col_path"): workshop_ui.path_title(person.path_id),
            t("workshops.trainer.col_steps"): f"{outcome.steps_done}/{len(outcome.steps)}",
            t("workshops.trainer.col_current"): next((workshop_ui.step_title(s.kind, s.ref) for s in person.progress.steps
                                                      if s.in_progress), "—"),
            t("workshops.trainer.col_alone"): str(outcome.scenarios_alone),
            t("workshops.trainer.col_helped"): str(outcome.scenarios_with_help),
            t("workshops.trainer.col_quiz"): f"{round(max(quiz) * 100)}%" if quiz else "—",
            t("workshops.trainer.col_last"): _ago(person.last_activity_at, now) if person.joined_at else
            t("workshops.trainer.not_joined"),
            t("workshops.trainer.col_result"): t("workshops.trainer.passed") if outcome.passed else
            t("workshops.trainer.not_passed"),
        })
    return out


@st.fragment(run_every=LIVE_SECONDS)
def live_roster() -> None:
    """Re-read the workshop's version; read the roster again only when it moved (and every minute for the
    'time since last activity' column)."""
    now = widgets.wall_clock()
    cache_key = f"trainer_roster_{row.id}"
    with widgets.db() as session:
        version = workshops.workshop_version(session, row.id)
        cached = st.session_state.get(cache_key)
        if cached is None or cached[0] != version or cached[1] != now.replace(second=0):
            people = widgets.attempt(workshops.roster, session, row.id, actor)
            if people is None:
                return
            st.session_state[cache_key] = (version, now.replace(second=0), people)
        else:
            people = cached[2]
    joined = sum(1 for p in people if p.joined_at is not None)
    passed = sum(1 for p in people if p.outcome.passed)
    st.markdown(t("workshops.trainer.counts", total=len(people), joined=joined, passed=passed))
    if not people:
        st.info(t("workshops.trainer.empty_roster", code=row.join_code), icon=":material/info:")
        return
    with st.container(key="trainer_roster_table"):
        widgets.table(_table(people, now), hide_index=True)


tab_roster, tab_import, tab_export, tab_certificates, tab_kit, tab_manage = st.tabs([
    t("workshops.trainer.tab_roster"), t("workshops.trainer.tab_import"), t("workshops.trainer.tab_export"),
    t("certificate.ui.tab"), t("kit.ui.tab"), t("workshops.trainer.tab_manage")])

with tab_roster:
    live_roster()

with tab_import:
    st.write(t("workshops.trainer.import_intro"))
    upload = widgets.uploader(t("workshops.trainer.import_file"), key=f"trainer_import_{row.id}",
                              disabled=not row.is_open)
    if upload is not None and st.button(t("workshops.trainer.import_button"), key="trainer_import_submit",
                                        type="primary", disabled=not row.is_open):
        data = upload.getvalue()
        with widgets.db() as session:
            result = widgets.attempt(import_roster, session, actor=actor, workshop_id=row.id, data=data,
                                     filename=upload.name, now=widgets.wall_clock())
        if result is not None:
            if result.ok:
                st.session_state.pop(f"trainer_import_report_{row.id}", None)
                st.success(t("workshops.trainer.imported", n=result.imported), icon=":material/check_circle:")
            else:
                st.session_state[f"trainer_import_report_{row.id}"] = (upload.name, result.problems)
    report = st.session_state.get(f"trainer_import_report_{row.id}")
    if report is not None:
        name, problems = report
        st.error(t("workshops.trainer.import_failed", n=len(problems), name=widgets.literal(name)),
                 icon=":material/error:")
        with st.container(key="trainer_import_problems"):
            widgets.table([{t("workshops.trainer.col_row"): str(p.row) if p.row else "—", t("workshops.trainer.col_column"): p.column,
                       t("workshops.trainer.col_value"): p.value, t("workshops.trainer.col_problem"): p.message}
                      for p in problems[:200]], hide_index=True)
        st.download_button(t("workshops.trainer.import_report"), data=error_report_xlsx(problems, name),
                           file_name="bao-cao-loi-danh-sach.xlsx", key="trainer_import_report",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           icon=":material/download:")

with tab_export:
    st.write(t("workshops.trainer.export_intro"))
    if st.button(t("workshops.trainer.export_prepare"), key="trainer_export_prepare", icon=":material/table_view:"):
        with widgets.db() as session:
            data = widgets.attempt(attendance_xlsx, session, row.id, actor, now=widgets.wall_clock(),
                                   step_titles=workshop_ui.step_title)
        if data is not None:
            st.session_state[f"trainer_export_{row.id}"] = data
    prepared = st.session_state.get(f"trainer_export_{row.id}")
    if prepared is not None:
        st.download_button(t("workshops.trainer.export_download"), data=prepared, file_name=attendance_filename(row),
                           key="trainer_export_download", type="primary", icon=":material/download:",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

with tab_certificates:  # issue to all who passed, one by hand, all in one PDF, revoke (trainer.ui.certificate_ui)
    certificate_ui.workshop_section(row.id, key="trainer_cert")
    certificate_ui.issue_for_person(row.id, key="trainer_cert_one")

with tab_kit:  # the join poster and the participant handout (trainer.ui.kit_ui)
    kit_ui.kit_section(row, key="trainer_kit")

with tab_manage:
    st.markdown(f"**{t('workshops.trainer.reset_title')}**")
    st.write(t("workshops.trainer.reset_intro"))
    sure_reset = st.checkbox(t("workshops.trainer.reset_confirm"), key="trainer_reset_confirm")
    if st.button(t("workshops.trainer.reset_button"), key="trainer_reset", disabled=not sure_reset,
                 icon=":material/restart_alt:"):
        with widgets.db() as session:
            count = widgets.attempt(workshops.reset_workshop_sandboxes, session, actor=actor, workshop_id=row.id,
                                    now=widgets.wall_clock())
        if count is not None:
            st.success(t("workshops.trainer.reset_done", n=count), icon=":material/check_circle:")
    st.divider()
    st.markdown(f"**{t('workshops.trainer.close_title')}**")
    if row.is_open:
        st.write(t("workshops.trainer.close_intro"))
        sure_close = st.checkbox(t("workshops.trainer.close_confirm", code=row.join_code), key="trainer_close_confirm")
        if st.button(t("workshops.trainer.close_button"), key="trainer_close", disabled=not sure_close,
                     icon=":material/lock:"):
            with widgets.db() as session:
                closed = widgets.attempt(workshops.close_workshop, session, actor=actor, workshop_id=row.id,
                                         now=widgets.wall_clock())
            if closed is not None:
                st.rerun()
    else:
        st.info(t("workshops.trainer.closed_info"), icon=":material/lock:")
