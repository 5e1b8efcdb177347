"""Thống kê: the article's figures beside the same figures counted from the stored history, per period."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from trainer.content.problems import ContentError
from trainer.fake.history import load_history
from trainer.fake.profiles import list_profiles
from trainer.fake.stats import stats_view
from trainer.ui import widgets
from trainer.world.labels import chart_locale, percent
from trainer.world.labels import number as group_digits

t = widgets.tr()
lang = widgets.lang()
CHANNELS = ("direct", "post", "online3", "online4")


def number(value: int) -> str:
    return group_digits(value, lang)


def load(profile_id: str) -> None:
    """Generate and store the profile's history (one service call), then show it."""
    with st.spinner(t("stats.loading")), widgets.db() as session:
        rows = widgets.attempt(load_history, session, by_id[profile_id], now=widgets.wall_clock(),
                               settings=widgets.settings())
    if rows is not None:
        st.session_state["stats_loaded"] = profile_id
        st.rerun()


st.title(t("stats.title"))
st.write(t("stats.intro"))
st.caption(t("stats.fake_note"))

try:
    profiles = list_profiles(widgets.settings())
except ContentError as error:
    for problem in error.problems:
        st.error(str(problem), icon=":material/error:")
    st.stop()
by_id = {p.id: p for p in profiles}
chosen = widgets.choice(
    st.selectbox, t("stats.choose_period"), list(by_id), format_func=lambda pid: by_id[pid].title_in(lang), key="stats_profile"
)
profile = by_id[chosen]

with widgets.db() as session:
    view = widgets.attempt(stats_view, session, profile)
if view is None:
    st.stop()

if view.stats.empty:
    st.info(t("stats.empty"), icon=":material/info:")
    if st.button(t("stats.load_button"), key="stats_load", type="primary"):
        load(chosen)
    st.stop()

if st.session_state.pop("stats_loaded", None) == chosen:
    st.success(t("stats.loaded", dossiers=number(view.stats.dossiers_received),
                 shipments=number(view.stats.bcci_total)), icon=":material/check_circle:")

table = pd.DataFrame(
    {
        t("stats.figure_label"): [t(f"stats.figures.{c.name}") for c in view.checks],
        t("stats.col_computed"): [number(c.computed) for c in view.checks],
        t("stats.col_article"): [number(c.article) for c in view.checks],
        t("stats.col_check"): [t("stats.match") if c.matches else t("stats.mismatch") for c in view.checks],
    }
)
st.subheader(profile.title_in(lang))
widgets.table(table.set_index(t("stats.figure_label")))
article = profile.article
if article.bcci_difference:
    st.warning(t("stats.bcci_difference", printed=number(article.bcci_total), parts=number(article.bcci_parts_sum),
                 difference=number(article.bcci_difference)), icon=":material/flag:")
unexpected = [c for c in view.mismatches if not (c.name == "bcci_total" and c.computed == article.bcci_parts_sum)]
if unexpected:
    st.error(t("stats.some_mismatch", count=len(unexpected)), icon=":material/error:")
elif not view.mismatches:
    st.success(t("stats.all_match"), icon=":material/check_circle:")
st.caption(t("stats.source", source=article.source))
if view.stats.on_time_rate is not None:
    st.write(t("stats.on_time", rate=percent(view.stats.on_time_rate, widgets.lang()), open=number(view.stats.open_at_end)))

st.subheader(t("stats.chart_title"))
months = sorted({(y, m) for y, m, _, _ in view.monthly})
labels = [f"{m:02d}/{y}" for y, m in months]
chart = pd.DataFrame(0, index=labels, columns=[t(f"stats.channels.{c}") for c in CHANNELS])
for y, m, key, count in view.monthly:
    chart.loc[f"{m:02d}/{y}", t(f"stats.channels.{key}")] += count
chart.index.name = "month"
# Altair rather than Streamlit's bar chart: only a chart's own config can give its axis the Vietnamese grouping ("2.000").
bars = chart.reset_index().melt(id_vars="month", var_name="channel", value_name="count")
st.altair_chart(
    alt.Chart(bars).mark_bar().encode(
        x=alt.X("month:N", title=t("stats.month"), sort=labels),
        y=alt.Y("sum(count):Q", title=t("stats.count_label"), axis=alt.Axis(format=",d")),
        color=alt.Color("channel:N", title=None, sort=[t(f"stats.channels.{c}") for c in CHANNELS]),
        tooltip=[alt.Tooltip("month:N", title=t("stats.month")), alt.Tooltip("channel:N", title=None),
                 alt.Tooltip("count:Q", title=t("stats.count_label"), format=",d")],
    ).configure(locale=chart_locale(widgets.lang())),
    key="stats_monthly_chart",
)

st.subheader(t("stats.statuses_title"))
statuses = pd.DataFrame(
    {
        t("stats.status_label"): [t(f"stats.status.{code}") for code in view.stats.by_status],
        t("stats.count_label"): [number(n) for n in view.stats.by_status.values()],
    }
)
widgets.table(statuses.set_index(t("stats.status_label")))
if st.button(t("stats.reload_button"), key="stats_reload"):
    load(chosen)
