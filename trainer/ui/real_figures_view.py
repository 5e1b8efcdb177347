"""The dashboard's "Số liệu thật" tab: training completion per commune beside the real one-stop system's monthly
figures (a chart and a table), and, for leaders and administrators, the upload of the province's monthly report
(all rows or none, located errors, the error report). Rendering writes nothing; the import is one service call."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from trainer.reports import real_figures as rf
from trainer.settings import PROJECT_ROOT
from trainer.ui import dashboard_view as dv
from trainer.ui import widgets

SAMPLE = PROJECT_ROOT / "sandbox_data" / "samples" / "bao-cao-thang-theo-xa-mau-so-lieu-gia.csv"
SERIES = ("completion", "online_share", "on_time_rate")
COLOURS = ("#2e86c1", "#d35400", "#27ae60")
REPORT_KEY = "real_import_report"


def chart(rows: tuple[rf.MovementRow, ...], lang: str, t: Any) -> alt.Chart:
    """Three lines over the months: training completion, online share, on-time rate (0–100 %)."""
    names = {s: t(f"real_figures.series.{s}") for s in SERIES}
    data = pd.DataFrame([{"month": f"{r.month:%m/%Y}", "order": r.month.isoformat(), "series": names[s],
                          "value": getattr(r, s)} for r in rows for s in SERIES if getattr(r, s) is not None])
    return alt.Chart(data).mark_line(point=True, strokeWidth=2.5).encode(
        x=alt.X("month:N", title=None, sort=alt.SortField("order"), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=t("real_figures.col.rate"), axis=alt.Axis(format=".0%"),
                scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("series:N", title=t("real_figures.col.series"),
                        scale=alt.Scale(domain=[names[s] for s in SERIES], range=list(COLOURS)),
                        legend=alt.Legend(orient="top", direction="vertical", title=None, labelLimit=260)),
        tooltip=[alt.Tooltip("month:N", title=t("real_figures.col.month")),
                 alt.Tooltip("series:N", title=t("real_figures.col.series")),
                 alt.Tooltip("value:Q", title=t("real_figures.col.rate"), format=".1%")],
    ).properties(height=320).configure(locale=dv._locale(lang))


def read(board: Any, me: Any, units: Any) -> tuple[rf.MovementRow, ...]:
    """The movement rows of the actor's scope (read on every rerun: a few hundred rows)."""
    with widgets.db() as session:
        stored = widgets.attempt(rf.figures, session, me, units) or ()
    return rf.movement(board.people, stored)


def draw(board: Any, me: Any, units: Any, t: Any, lang: str) -> tuple[rf.MovementRow, ...]:
    st.subheader(t("real_figures.title"))
    st.caption(t("real_figures.intro"))
    rows = read(board, me, units)
    if not rows:
        st.info(t("real_figures.none"), icon=":material/info:")
    else:
        st.caption(t("real_figures.caution"))
        codes = sorted({r.unit_code for r in rows},
                       key=lambda c: units.find(c).full_name if units.find(c) else c)
        options = [""] + codes
        picked = widgets.choice(st.selectbox, t("real_figures.pick"), options, key="real_pick", persist_state="page",
                                format_func=lambda c: units.find(c).full_name if c and units.find(c)
                                else (c or t("real_figures.all")))
        shown = rf.totals(rows) if not picked else tuple(r for r in rows if r.unit_code == picked)
        st.caption(t("real_figures.chart_caption"))
        st.altair_chart(chart(shown, lang, t), width="stretch", key="real_chart")
        dv.show_table(rf.movement_table(rows, t, units), lang, "real_table", t("real_figures.none"))
    if rf.may_import(me):
        upload(me, t)
    return rows


def upload(me: Any, t: Any) -> None:
    st.subheader(t("real_figures.upload_title"))
    st.caption(t("real_figures.upload_intro"))
    if not (me.operator or me.is_administrator):
        st.caption(t("real_figures.upload_scope"))
    if SAMPLE.is_file():
        st.download_button(t("real_figures.sample"), SAMPLE.read_bytes(), file_name=SAMPLE.name, mime="text/csv",
                           icon=":material/download:", key="real_sample")
    file = widgets.uploader(t("real_figures.upload_file"), type=["csv", "xlsx"], key="real_upload")
    if file is not None and st.button(t("real_figures.upload_button"), key="real_import", type="primary"):
        data = file.getvalue()
        with widgets.db() as session:
            result = widgets.attempt(rf.import_report, session, actor=me, data=data, filename=file.name,
                                     now=widgets.wall_clock())
        if result is not None:
            if result.ok:
                st.session_state.pop(REPORT_KEY, None)
                st.success(t("real_figures.imported", n=result.imported, replaced=result.replaced),
                           icon=":material/check_circle:")
            else:
                st.session_state[REPORT_KEY] = (file.name, result.problems)
    report = st.session_state.get(REPORT_KEY)
    if report is not None:
        from trainer.training.roster import error_report_xlsx

        name, problems = report
        st.error(t("real_figures.failed", n=len(problems), name=widgets.literal(name)), icon=":material/error:")
        with st.container(key="real_import_problems"):
            widgets.table([{t("real_figures.problem_where"): (f"dòng {p.row}" if p.row else "tệp")
                       + (f", cột {p.column}" if p.column else "") + (f" ({p.value})" if p.value else ""),
                       t("real_figures.problem_what"): p.message} for p in problems[:200]], hide_index=True)
        st.download_button(t("real_figures.report"), data=error_report_xlsx(problems, name, subject="báo cáo tháng"),
                           file_name="bao-cao-loi-bao-cao-thang.xlsx", key="real_import_report_xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           icon=":material/download:")
