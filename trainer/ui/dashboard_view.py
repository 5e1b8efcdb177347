"""Pieces of the leaders' dashboard page: tables from `reports.tables`, charts drawn by Vega-Lite in the browser
(bundled with Streamlit: no tiles, scripts or topojson fetched), Vietnamese number format in every axis and tooltip.
Rendering writes nothing."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from trainer.reports.tables import Table, cell_text, row_kinds

VI_LOCALE = {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}}
EN_LOCALE = {"number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " ₫"]}}
SHARE_SCALE = alt.Scale(domain=[0, 0.5, 1], range=["#c0392b", "#f1c40f", "#27ae60"])


def _locale(lang: str) -> dict[str, Any]:
    return EN_LOCALE if lang == "en" else VI_LOCALE


def frame(table: Table, lang: str) -> pd.DataFrame:
    """The table with every cell written the page's way (1.234; 96,8%; dd/mm/yyyy)."""
    rows = [[cell_text(v, k, lang) for v, k in zip(row, row_kinds(table, row), strict=True)] for row in table.rows]
    return pd.DataFrame(rows, columns=table.headers)


def show_table(table: Table, lang: str, key: str, empty: str, kept: dict[Any, pd.DataFrame] | None = None) -> None:
    """`kept`: frames already written for this table (the page's per-data-version store), filled on first use."""
    if not table.rows:
        st.caption(empty)
        return
    if kept is None:
        data = frame(table, lang)
    else:
        data = kept.get((key, table.key, lang))
        if data is None:
            data = kept[(key, table.key, lang)] = frame(table, lang)
    st.dataframe(data, hide_index=True, width="stretch", key=key)


def share_bars(rows: list[dict[str, Any]], lang: str, t: Any) -> alt.Chart:
    """Passed share per unit, a red rule at the target."""
    data = pd.DataFrame(rows)
    base = alt.Chart(data)
    bars = base.mark_bar().encode(
        y=alt.Y("unit:N", sort="-x", title=None),
        x=alt.X("share:Q", title=t("dashboard.col.share"), axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("share:Q", scale=SHARE_SCALE, legend=None),
        tooltip=[alt.Tooltip("unit:N", title=t("dashboard.col.unit")),
                 alt.Tooltip("passed:Q", title=t("dashboard.col.passed"), format=",d"),
                 alt.Tooltip("enrolled:Q", title=t("dashboard.col.enrolled"), format=",d"),
                 alt.Tooltip("share:Q", title=t("dashboard.col.share"), format=".1%")])
    rule = base.mark_rule(color="#c0392b", strokeWidth=2).encode(x="target:Q")
    return (bars + rule).properties(height=max(120, 22 * len(data))).configure(locale=_locale(lang))


def commune_map(points: list[dict[str, Any]], lang: str, t: Any) -> alt.Chart:
    """Communes as dots at their coordinates (Mercator), sized by people enrolled, coloured by passed share; a
    commune with nobody enrolled is a small grey dot (not a red 0 %: nobody failed there)."""
    data = pd.DataFrame(points)
    enrolled = sorted({int(e) for e in data["enrolled"] if e > 0})
    if len(enrolled) > 5:  # five whole numbers from the smallest to the largest, never a repeated or fractional one
        step = (enrolled[-1] - enrolled[0]) / 4
        enrolled = sorted({round(enrolled[0] + step * i) for i in range(5)})
    where = [alt.Tooltip("name:N", title=t("dashboard.col.unit")),
             alt.Tooltip("enrolled:Q", title=t("dashboard.col.enrolled"), format=",d")]
    base = alt.Chart(data).encode(longitude="longitude:Q", latitude="latitude:Q")
    nobody = base.transform_filter("datum.enrolled == 0").mark_circle(
        size=14, color="#9e9e9e", opacity=0.8).encode(tooltip=where)
    some = base.transform_filter("datum.enrolled > 0").mark_circle(opacity=0.85, stroke="#333", strokeWidth=0.5).encode(
        size=alt.Size("enrolled:Q", title=t("dashboard.col.enrolled"),
                      scale=alt.Scale(range=[40, 400], domain=[0, max(enrolled or [1])]),
                      legend=alt.Legend(format=",d", values=enrolled or [1])),
        color=alt.Color("share:Q", title=t("dashboard.col.share"), scale=SHARE_SCALE,
                        legend=alt.Legend(format=".0%")),
        tooltip=[where[0], alt.Tooltip("passed:Q", title=t("dashboard.col.passed"), format=",d"), where[1],
                 alt.Tooltip("share:Q", title=t("dashboard.col.share"), format=".1%")])
    return alt.layer(nobody, some).project(type="mercator").properties(height=520).configure(locale=_locale(lang))


def heatmap(cells: list[dict[str, Any]], lang: str, t: Any) -> alt.Chart:
    """Topics across, units down (a province has ~100 communes: one row each stays readable)."""
    data = pd.DataFrame(cells)
    base = alt.Chart(data).encode(
        x=alt.X("topic:N", title=None, axis=alt.Axis(labelAngle=-35, labelLimit=220, orient="top", labelOverlap=False)),
        y=alt.Y("unit:N", title=None, axis=alt.Axis(labelLimit=220, labelOverlap=False)))
    rects = base.mark_rect().encode(
        color=alt.Color("mastery:Q", title=t("dashboard.col.mastery"), scale=SHARE_SCALE,
                        legend=alt.Legend(format=".0%")),
        tooltip=[alt.Tooltip("topic:N", title=t("dashboard.col.topic")),
                 alt.Tooltip("unit:N", title=t("dashboard.col.unit")),
                 alt.Tooltip("mastery:Q", title=t("dashboard.col.mastery"), format=".1%"),
                 alt.Tooltip("people:Q", title=t("dashboard.col.people"), format=",d"),
                 alt.Tooltip("answers:Q", title=t("dashboard.col.answers"), format=",d")])
    text = base.mark_text(fontSize=10).encode(text=alt.Text("mastery:Q", format=".0%"))
    return (rects + text).properties(height=max(80, 22 * data["unit"].nunique())).configure(locale=_locale(lang))


def trend_chart(rows: list[dict[str, Any]], lang: str, t: Any) -> alt.Chart:
    data = pd.DataFrame(rows)
    base = alt.Chart(data).encode(x=alt.X("period:N", title=None, sort=None))
    bars = base.mark_bar(color="#2e86c1", opacity=0.7).encode(
        y=alt.Y("trained:Q", title=t("dashboard.col.trained"), axis=alt.Axis(format=",d")),
        tooltip=[alt.Tooltip("period:N", title=t("dashboard.col.period")),
                 alt.Tooltip("trained:Q", title=t("dashboard.col.trained"), format=",d"),
                 alt.Tooltip("trained_total:Q", title=t("dashboard.col.trained_total"), format=",d"),
                 alt.Tooltip("mean_score:Q", title=t("dashboard.col.mean_score"), format=".1%")])
    line = base.mark_line(color="#d35400", point=True).encode(
        y=alt.Y("mean_score:Q", title=t("dashboard.col.mean_score"), axis=alt.Axis(format=".0%"),
                scale=alt.Scale(domain=[0, 1])))
    return alt.layer(bars, line).resolve_scale(y="independent").properties(height=300).configure(locale=_locale(lang))
