"""Bảng theo dõi tập huấn: a leader's campaign at a glance — completion against targets by unit, the map, what is
still misunderstood, trends, the service figures, and the report to take to a meeting. Reads only; scoped by the
query layer (`trainer.reports.dashboard`)."""

from __future__ import annotations

import streamlit as st

from trainer.reports import dashboard as rd
from trainer.reports import pdf_report, real_figures
from trainer.reports import tables as rt
from trainer.ui import dashboard_view as dv
from trainer.ui import nav, real_figures_view, widgets
from trainer.world.labels import date_text, number, percent
from trainer.world.units import load_units

t = widgets.tr()
lang = widgets.lang()
me = widgets.actor()

st.title(t("dashboard.title"))
st.caption(t("dashboard.practice_note"))
if not (me.is_account or me.operator):
    st.info(t("dashboard.sign_in_first"), icon=":material/lock:")
    st.stop()

units = load_units()
with widgets.db() as session:
    campaigns = widgets.attempt(rd.visible_campaigns, session, me)
if campaigns is None:
    st.stop()
scope_label = (t("dashboard.scope_all") if me.is_administrator or me.operator
               else ", ".join(units.find(c).full_name if units.find(c) else c for c in me.unit_codes))
st.write(t("dashboard.intro"))
st.caption(t("dashboard.scope", units=scope_label))
if not campaigns:
    st.info(t("dashboard.no_campaign"), icon=":material/info:")
    st.stop()

by_id = {c.id: c for c in campaigns}
top_level = "province"
if not (me.is_administrator or me.operator):
    found = [units.find(c) for c in me.unit_codes if units.find(c) is not None]
    order = {lv: i for i, lv in enumerate(rd.LEVELS)}
    top_level = min((u.level for u in found), key=lambda lv: order[lv], default="commune")
levels = [lv for lv in rd.levels_of(units) if rd.LEVELS.index(lv) >= rd.LEVELS.index(top_level)]
pick, level_pick = st.columns([3, 2])
campaign_id = pick.selectbox(t("dashboard.campaign"), list(by_id), format_func=lambda i: by_id[i].name,
                             key="dash_campaign")
level = widgets.choice(level_pick.segmented_control, t("dashboard.level_pick"), levels, default=levels[-1],
                       format_func=lambda lv: t(f"dashboard.level.{lv}"), key="dash_level") or levels[-1]
campaign = by_id[campaign_id]
st.caption(t("dashboard.campaign_dates", start=date_text(campaign.starts_on), end=date_text(campaign.ends_on)))

now = widgets.wall_clock()
MEMO_KEY = "dash_memo"
HIDDEN_CHOICES = ("dash_missing_unit", "dash_drill_person", "dash_trend_period", "dash_service_profile", "real_pick")


@st.cache_data(max_entries=16, ttl=600, show_spinner=False)
def read_board(_units, actor, campaign: int, level: str, day: str, version: tuple[int, ...]) -> rd.Dashboard:
    """One dashboard per (person, campaign, level, day, data version): a rerun with nothing new reuses it."""
    with widgets.db() as session:
        return rd.dashboard(session, actor, campaign, now, level=level, units=_units)


with widgets.db() as session:
    version = rd.data_version(session)
# The session keeps the dashboard it shows and the tables built from it, per (person, campaign, level, day, data
# version, language): a rerun with nothing new neither unpickles st.cache_data's copy again nor rebuilds the tables.
memo_key = (me, campaign_id, level, now.date().isoformat(), version, lang)
memo = st.session_state.get(MEMO_KEY)
if memo is None or memo[0] != memo_key:
    board = widgets.attempt(read_board, units, me, campaign_id, level, now.date().isoformat(), version)
    if board is None:
        st.stop()
    memo = (memo_key, board, {tb.key: tb for tb in rt.dashboard_tables(board, t, lang, units)})
    st.session_state[MEMO_KEY] = memo
_, board, tables = memo


def path_title(path_id: str) -> str:
    from trainer.training.paths import cached_paths

    found = cached_paths().paths.get(path_id)
    return found.title.get(lang) if found else path_id


# Only the open tab is drawn (as on the desk page): the tabs keep their state (session state "dash_tabs": the open
# tab's label) and a click on another tab reruns the page, instead of every rerun drawing seven tabs of tables and
# charts. The choices made in a tab that is not drawn are kept (re-assigned, so Streamlit does not drop them).
for kept in HIDDEN_CHOICES:
    if kept in st.session_state:
        st.session_state[kept] = st.session_state[kept]
tab_done, tab_map, tab_know, tab_trend, tab_service, tab_real, tab_export = st.tabs(
    [t(f"dashboard.tab.{k}") for k in ("completion", "map", "understanding", "trends", "service")]
    + [t("real_figures.tab"), t("dashboard.tab.export")], key="dash_tabs", on_change="rerun")

if tab_done.open:
    with tab_done:
        for total in rd.scope_totals(board.people, campaign, now, scope_label):
            st.markdown(f"**{t('dashboard.target_caption', path=path_title(total.path_id), audience=t(f'dashboard.audience.{total.audience}'), target=percent(total.target_share, lang), by=date_text(total.target_by))}**")
            a, b, c, d = st.columns(4)
            a.metric(t("dashboard.metric.enrolled"), number(total.enrolled, lang))
            b.metric(t("dashboard.metric.passed"), number(total.passed, lang))
            c.metric(t("dashboard.metric.share", target=percent(total.target_share, lang)), percent(total.share, lang))
            d.metric(t("dashboard.metric.gap"), number(total.gap, lang))
            bars = [{"unit": r.unit_name, "share": r.share, "passed": r.passed, "enrolled": r.enrolled,
                     "target": r.target_share} for r in board.completion
                    if r.path_id == total.path_id and r.audience == total.audience and r.enrolled]
            if bars:
                st.caption(t("dashboard.chart_share"))
                st.altair_chart(dv.share_bars(bars, lang, t), width="stretch",
                                key=f"dash_bars_{total.path_id}_{total.audience}")
        dv.show_table(tables["completion"], lang, "dash_completion_table", t("dashboard.none_yet"))

        st.subheader(t("dashboard.missing_title"))
        commune_codes = sorted({p.commune_code for p in board.people if p.commune_code},
                               key=lambda c: units.find(c).full_name if units.find(c) else c)
        if commune_codes:
            unit_code = st.selectbox(t("dashboard.missing_unit"), commune_codes,
                                     format_func=lambda c: units.find(c).full_name if units.find(c) else c,
                                     key="dash_missing_unit")
            todo = rt.missing_table(board, t, lang, units, unit_code)
            dv.show_table(todo, lang, "dash_missing_table", t("dashboard.missing_none"))
        else:
            st.caption(t("dashboard.drill_none"))

        st.subheader(t("dashboard.positions_title"))
        dv.show_table(tables["positions"], lang, "dash_positions_table", t("dashboard.none_yet"))

        st.subheader(t("dashboard.drill_title"))
        people = {p.trainee_id: p for p in board.people}
        if not people:
            st.caption(t("dashboard.drill_none"))
        else:
            picked = st.selectbox(
                t("dashboard.drill_pick"), list(people), index=None, key="dash_drill_person", placeholder=t("dashboard.drill_placeholder"),
                format_func=lambda i: f"{people[i].name} — {units.find(people[i].unit_code).full_name if people[i].unit_code and units.find(people[i].unit_code) else ''}")
            if picked is not None:
                with widgets.db() as session:
                    detail = widgets.attempt(rd.participant_detail, session, me, picked, units)
                if detail is not None:
                    if not detail.attempts and not detail.runs:
                        st.caption(t("dashboard.drill_empty"))
                    st.markdown(f"**{t('dashboard.drill_attempts', n=number(len(detail.attempts), lang))}**")
                    for at in detail.attempts:
                        score = percent(at.score, lang) if at.score is not None else t("dashboard.drill_no_score")
                        with st.expander(t("dashboard.drill_attempt", quiz=at.quiz_id, when=rt.cell_text(at.started_at, "datetime", lang), score=score)):
                            for ans in at.answers:
                                mark = t("dashboard.answer_right") if ans.correct else t("dashboard.answer_wrong")
                                st.write(f"- `{ans.question_id}`: {mark} ({rt.cell_text(ans.points, 'text', lang)}/{rt.cell_text(ans.max_points, 'text', lang)})")
                    st.markdown(f"**{t('dashboard.drill_runs', n=number(len(detail.runs), lang))}**")
                    for run in detail.runs:
                        label = t("dashboard.drill_run", scenario=rt._scenario_title(run.scenario_id, lang),
                                  when=rt.cell_text(run.started_at, "datetime", lang),
                                  status=t(f"dashboard.run_status.{run.status}"),
                                  help=t("dashboard.drill_with_help") if run.with_help else "")
                        with st.expander(label):
                            for step in run.steps:
                                st.write(f"- {step.position + 1}. `{step.step_id}`: {t(f'dashboard.step_result.{step.result}')}"
                                         f" · {t('dashboard.col.hints')}: {number(step.hints_used, lang)}"
                                         f" · {t('dashboard.col.points')}: {number(step.points, lang)}")
                            if run.mistakes:
                                st.markdown(f"*{t('dashboard.drill_mistakes')}*")
                                for m in run.mistakes:
                                    st.write(f"- {rt.mistake_text(run.scenario_id, m.mistake_id, lang)}")

if tab_map.open:
    with tab_map:
        st.subheader(t("dashboard.map_title"))
        st.caption(t("dashboard.map_caption"))
        commune_rows = board.completion if level == "commune" else rd.completion(
            board.people, campaign, me, "commune", now, units)
        points = [{"code": c, "name": n, "latitude": la, "longitude": lo, "enrolled": e, "passed": p,
                   "share": p / e if e else 0.0} for c, n, la, lo, e, p in rd.map_points(commune_rows, units)]
        if points:
            st.altair_chart(dv.commune_map(points, lang, t), width="stretch", key="dash_map")
        else:
            st.caption(t("dashboard.map_empty"))

if tab_know.open:
    with tab_know:
        a, b = st.columns(2)
        a.metric(t("dashboard.metric.hands_up"), number(board.help.hands_up, lang))
        b.metric(t("dashboard.metric.helped"), number(board.help.helped_people, lang))
        st.subheader(t("dashboard.heatmap_title"))
        from trainer.quiz.services import bank_or_default

        bank = bank_or_default(None)
        cells = [{"topic": bank.topic_name(c.topic, lang), "unit": units.find(c.unit_code).full_name if units.find(c.unit_code) else c.unit_code,
                  "mastery": c.mastery, "people": c.people, "answers": c.answers} for c in board.mastery]
        if cells:
            st.altair_chart(dv.heatmap(cells, lang, t), width="stretch", key="dash_heatmap")
        else:
            st.caption(t("dashboard.heatmap_empty"))
        st.subheader(t("dashboard.weakest_title"))
        dv.show_table(tables["topics"], lang, "dash_topics_table", t("dashboard.none_yet"))
        if board.topics:
            st.page_link(nav.link(nav.SCENARIOS_URL_PATH), label=t("dashboard.practise_scenarios"), icon=":material/school:")
        st.subheader(t("dashboard.questions_title"))
        dv.show_table(tables["questions"], lang, "dash_questions_table", t("dashboard.none_yet"))
        quiz_ids = sorted({q for row in board.questions for q in row.quiz_ids})
        for quiz_id in quiz_ids:
            st.page_link(nav.link("bai-kiem-tra"), label=f"{t('dashboard.practise_quizzes')}: {quiz_id}",
                         icon=":material/quiz:", query_params={"quiz": quiz_id})
        st.subheader(t("dashboard.mistakes_title"))
        dv.show_table(tables["mistakes"], lang, "dash_mistakes_table", t("dashboard.none_yet"))

if tab_trend.open:
    with tab_trend:
        st.subheader(t("dashboard.trend_title"))
        period = widgets.choice(st.segmented_control, t("dashboard.trend_period"), rd.PERIODS, default="week",
                                format_func=lambda p: t(f"dashboard.period.{p}"), key="dash_trend_period") or "week"
        rows = board.weeks if period == "week" else board.months
        if rows:
            st.altair_chart(dv.trend_chart([{"period": r.period, "trained": r.trained, "trained_total": r.trained_total,
                                             "mean_score": r.mean_score} for r in rows], lang, t),
                            width="stretch", key="dash_trend_chart")
        dv.show_table(tables["weeks" if period == "week" else "months"], lang, "dash_trend_table", t("dashboard.trend_empty"))

stats_view = None
if tab_service.open or tab_export.open:  # the export carries the service figures of the profile picked there
    from trainer.fake.profiles import list_profiles
    from trainer.fake.stats import history_version
    from trainer.fake.stats import stats_view as read_stats

    @st.cache_data(max_entries=8, ttl=600, show_spinner=False)
    def read_service(profile_id: str, version: tuple[int, int]):
        """The service figures per (profile, stored history): a rerun does not read 73,000 dossiers again."""
        with widgets.db() as session:
            return read_stats(session, profiles[profile_id])

    profiles = {p.id: p for p in list_profiles(widgets.settings())}
    ids = list(profiles)
    default = ids.index("bac-kan-2018") if "bac-kan-2018" in ids else 0
    profile_id = None
    if tab_service.open:
        with tab_service:
            st.subheader(t("dashboard.service_title"))
            st.caption(t("dashboard.service_intro"))
            if profiles:
                profile_id = widgets.choice(st.selectbox, t("dashboard.service_profile"), ids, index=default,
                                            format_func=lambda i: profiles[i].title_in(lang),
                                            key="dash_service_profile")
    elif profiles:
        profile_id = st.session_state.get("dash_service_profile")
        profile_id = profile_id if profile_id in profiles else ids[default]
    if profile_id is not None:
        with widgets.db() as session:
            stats_view = widgets.attempt(read_service, profile_id, history_version(session))
        if tab_service.open:
            with tab_service:
                if stats_view is None or stats_view.stats.empty:
                    st.info(t("dashboard.service_empty", profile=profile_id), icon=":material/info:")
                else:
                    dv.show_table(rt.service_table(stats_view, t), lang, "dash_service_table",
                                  t("dashboard.none_yet"))

real_rows = ()
if tab_real.open:  # issue 16 item 6: the province's real monthly figures beside completion (real_figures_view)
    with tab_real:
        real_rows = real_figures_view.draw(board, me, units, t, lang)

if tab_export.open:
    real_rows = real_figures_view.read(board, me, units)
    with tab_export:
        st.caption(t("dashboard.export_intro"))
        every = [*tables.values(), *rt.service_tables(stats_view, t)]  # what rt.dashboard_tables(stats=...) gives
        if real_rows:
            every.append(real_figures.movement_table(real_rows, t, units))
        xlsx_title = t("dashboard.xlsx_title", campaign=campaign.name)
        st.download_button(t("dashboard.export_xlsx"), lambda: rt.to_xlsx(every, t, xlsx_title),
                           file_name=f"bao-cao-tap-huan-{campaign.id}.xlsx", icon=":material/table_view:",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="dash_xlsx")
        st.download_button(t("dashboard_pdf.button"), lambda: pdf_report.dashboard_pdf(
                               board, lang=lang, now=now, scope_label=scope_label, units=units, stats=stats_view,
                               real_rows=real_rows),
                           file_name=f"bao-cao-tap-huan-{campaign.id}.pdf", mime="application/pdf",
                           icon=":material/picture_as_pdf:", key="dash_pdf")
        st.download_button(t("dashboard.export_csv"), rt.status_csv(board, t, units),
                           file_name=f"trang-thai-theo-xa-{campaign.id}.csv", mime="text/csv", icon=":material/csv:",
                           key="dash_csv")
        st.caption(t("dashboard.export_xapi_note"))
        url = widgets.settings().url

        def xapi_lines() -> bytes:
            """Built when the button is pressed (on its own thread): the statements of the people in scope."""
            import io

            from trainer.db.engine import get_session_factory
            from trainer.reports.xapi import write_jsonl

            out = io.StringIO()
            with get_session_factory(url)() as own:
                write_jsonl(own, me, out, units)
            return out.getvalue().encode("utf-8")

        st.download_button(t("dashboard.export_xapi"), xapi_lines, file_name="hoc-tap-xapi.jsonl",
                           mime="application/x-ndjson", icon=":material/data_object:", key="dash_xapi")
