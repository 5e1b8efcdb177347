"""Pieces of the scenarios page: one catalogue card, the result screen, the list of a trainee's runs."""

from __future__ import annotations

import streamlit as st

from trainer.coach.loader import ScenarioEntry
from trainer.coach.runs import RunView
from trainer.coach.schema import ScenarioFile
from trainer.i18n import Translator

MARKS = {"passed": ":material/check_circle:", "current": ":material/play_circle:",
         "pending": ":material/radio_button_unchecked:", "missed": ":material/cancel:"}


def card(t: Translator, scenario: ScenarioFile) -> bool:
    """One scenario of the catalogue; True when its Start button was pressed."""
    lang = t.lang
    with st.container(border=True, key=f"coach_card_{scenario.id}"):
        st.markdown(f"**{scenario.title.get(lang)}**")
        if scenario.summary is not None:
            st.write(scenario.summary.get(lang))
        st.caption(t("coach.role_line", role=t(f"roles.{scenario.role}"), steps=len(scenario.steps),
                     points=scenario.total_points, pass_mark=scenario.pass_mark))
        st.caption(t("coach.models_line", models=", ".join(t(f"coach.model_{m}") for m in scenario.admin_models)))
        return st.button(t("coach.start"), key=f"coach_start_{scenario.id}", type="primary",
                         icon=":material/play_arrow:")


def unavailable(t: Translator, entries: list[ScenarioEntry]) -> None:
    """Broken scenario files, each with its first problem (the app keeps working)."""
    if not entries:
        return
    with st.expander(t("coach.unavailable_title"), icon=":material/error:"):
        for entry in entries:
            first = str(entry.problems[0]) if entry.problems else ""
            st.text(t("coach.unavailable_item", file=entry.file, error=first))


def result(t: Translator, view: RunView) -> None:
    """The result screen: score, pass or not, alone or with help, steps, mistakes, what to review."""
    lang = t.lang
    scenario = view.scenario
    st.subheader(t("coach.result_title", title=scenario.title.get(lang)))
    verdict = t("coach.passed") if view.status == "passed" else t("coach.not_passed")
    help_word = t("coach.with_help") if view.with_help else t("coach.alone")
    (st.success if view.status == "passed" else st.error)(
        f"{verdict} · {t('coach.score', points=view.score.points, max=view.score.maximum, percent=view.score.percent)}"
        f" · {help_word}"
    )
    st.caption(t("coach.score_detail", earned=view.score.earned, penalties=view.score.penalties,
                 pass_mark=scenario.pass_mark))
    st.markdown(f"**{t('coach.steps_title')}**")
    for number, step in enumerate(view.steps, start=1):
        st.write(t("coach.step_line", mark=MARKS.get(step.result, MARKS["pending"]), n=number,
                   text=view.fill(step.instruction.get(lang))))
    st.markdown(f"**{t('coach.mistakes_title')}**")
    if not view.mistakes:
        st.write(t("coach.no_mistakes"))
    for mistake in view.mistakes:
        st.warning(view.fill(mistake.feedback.get(lang)), icon=":material/report:")
    st.markdown(f"**{t('coach.review_title')}**")
    reviews = [m.review.get(lang) for m in view.mistakes if m.review is not None]
    reviews += [s.review.get(lang) for s in view.steps if s.review is not None and (s.result != "passed" or s.hints)]
    if view.status != "passed" and scenario.review is not None:
        reviews.append(scenario.review.get(lang))
    for item in dict.fromkeys(reviews) or [t("coach.nothing_to_review")]:
        st.write(f"- {item}")
