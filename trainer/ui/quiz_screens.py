"""The screens of the quiz page: list, intro, taking a question, result, what to review next."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from trainer.quiz import services
from trainer.quiz.loader import Bank
from trainer.quiz.mastery import mastery_for, review_next
from trainer.quiz.schema import QuizDefinition
from trainer.ui import coach_panel, nav, widgets
from trainer.ui.quiz_view import feedback_box, question_box
from trainer.world import labels

FEEDBACK_KEY = "quiz_feedback"  # {"attempt": id, "question": id} of the answer to give feedback on
RESULT_KEY = "quiz_result"  # attempt id whose result is shown


def open_quiz(quiz_id: str | None) -> None:
    """Go to a quiz (or back to the list) through the URL, so a reload lands in the same place."""
    st.session_state.pop(FEEDBACK_KEY, None)
    st.session_state.pop(RESULT_KEY, None)
    if quiz_id is None:
        st.query_params.pop("quiz", None)
    else:
        st.query_params["quiz"] = quiz_id
    st.rerun()


def _facts(quiz: QuizDefinition, used: int) -> str:
    t = widgets.tr()
    time = t("quiz.minutes", n=quiz.time_limit_minutes) if quiz.time_limit_minutes else t("quiz.no_time_limit")
    attempts = (t("quiz.attempts_used", used=used, max=quiz.max_attempts) if quiz.max_attempts
                else t("quiz.attempts_free", used=used))
    return t("quiz.facts", n=quiz.question_count, time=time, mark=round(quiz.pass_mark * 100), attempts=attempts)


def _audience_note(quiz: QuizDefinition) -> str:
    t = widgets.tr()
    return t("quiz.audience_note", audience=", ".join(t(f"quiz.audience_{a}") for a in quiz.audience))


def quiz_list(bank: Bank, trainee: Any) -> None:
    """Every quiz with a button; broken quiz files listed as unavailable with their errors."""
    t = widgets.tr()
    st.subheader(t("quiz.list_title"))
    if not bank.quizzes:
        st.info(t("quiz.none"))
    with widgets.db() as session:
        history = {q: services.attempts_for(session, widgets.actor(), q) for q in bank.quizzes}
    for quiz in bank.quizzes.values():
        with st.container(border=True):
            st.markdown(f"**{quiz.title.get(t.lang)}**")
            if quiz.description:
                st.write(quiz.description.get(t.lang))
            st.caption(_facts(quiz, len(history[quiz.id])))
            unfinished = any(a.finished_at is None for a in history[quiz.id])
            refused = None if unfinished else services.refusal(quiz, trainee.audience, len(history[quiz.id]))
            if refused is not None:  # not offered: it would be refused after "Bắt đầu"; say why instead
                st.caption(t(refused.key, **refused.params) + " " + _audience_note(quiz))
                continue
            label = t("quiz.resume") if unfinished else t("quiz.open")
            if st.button(label, key=f"quiz_open_{quiz.id}", type="primary" if unfinished else "secondary"):
                open_quiz(quiz.id)
    for name, problems in bank.unavailable.items():
        with st.container(border=True):
            st.markdown(f"**{t('quiz.unavailable_title')}** · `{name}`")
            st.warning(t("quiz.unavailable", file=problems[0].file if problems else name), icon=":material/block:")
            st.code("\n".join(str(p) for p in problems) or name, language=None)
    question_problems = [p for p in bank.problems if "/questions/" in p.file or p.file.endswith("topics.yaml")]
    if question_problems:
        st.caption(t("quiz.bank_problems", n=len(question_problems)))


def intro(bank: Bank, quiz: QuizDefinition, trainee: Any) -> None:
    """The quiz before starting: what it is, its rules, previous attempts, the start button."""
    t = widgets.tr()
    st.subheader(quiz.title.get(t.lang))
    if quiz.description:
        st.write(quiz.description.get(t.lang))
    with widgets.db() as session:
        past = services.attempts_for(session, widgets.actor(), quiz.id)
    st.caption(_facts(quiz, len(past)))
    st.caption(t(f"quiz.feedback_{quiz.feedback}") + " " + _audience_note(quiz))
    refused = services.refusal(quiz, trainee.audience, len(past))
    if refused is not None:  # reached by its URL: say why instead of offering a start that is refused
        st.info(t(refused.key, **refused.params), icon=":material/block:")
    elif st.button(t("quiz.start"), key=f"quiz_start_{quiz.id}", type="primary"):
        with widgets.db() as session:
            started = widgets.attempt(services.start_attempt, session, widgets.actor(), quiz.id,
                                      widgets.wall_clock())
        if started is not None:
            st.rerun()
    if past:
        st.markdown(f"**{t('quiz.previous_attempts')}**")
        for n, attempt in enumerate(past, start=1):
            when = attempt.started_at.strftime("%d/%m/%Y %H:%M")
            verdict = t("quiz.passed") if attempt.passed else t("quiz.not_passed")
            st.caption(t("quiz.attempt_line", n=n, when=when, score=round((attempt.score or 0) * 100), verdict=verdict))
    if st.button(t("quiz.back_to_list"), key="quiz_back_intro"):
        open_quiz(None)


def take(bank: Bank, quiz: QuizDefinition, state: services.Progress) -> None:
    """The next unanswered question (feedback on the previous one first, when the quiz gives it at once); `state`
    is the open attempt's progress as the page read it this rerun."""
    t = widgets.tr()
    now = widgets.wall_clock()
    attempt_id = state.attempt.id
    st.subheader(quiz.title.get(t.lang))
    _show_feedback(bank, state)
    drawn = state.next
    total = len(state.layout)
    deadline = state.attempt.deadline_at
    st.progress(len(state.answers) / total if total else 1.0, text=t("quiz.question_of", i=min(state.position, total), n=total))
    if deadline is not None and now > deadline:
        st.warning(t("quiz.time_up_notice"), icon=":material/timer_off:")
    else:
        if deadline is not None:
            st.caption(t("quiz.time_left", minutes=max(0, int((deadline - now).total_seconds() // 60))))
        question = bank.questions.get(drawn.question_id) if drawn else None
        if question is not None:
            submitted, response = question_box(question, drawn, attempt_id, t)
            if submitted:
                with widgets.db() as session:
                    fb = widgets.attempt(services.answer_question, session, attempt_id, drawn.question_id, response,
                                         widgets.wall_clock(), actor=widgets.actor())
                if fb is not None:
                    st.session_state[FEEDBACK_KEY] = {"attempt": attempt_id, "question": drawn.question_id}
                    if fb.finished:
                        st.session_state[RESULT_KEY] = attempt_id
                    st.rerun()
    st.caption(t("quiz.finish_hint"))
    if st.button(t("quiz.finish_now"), key=f"quiz_finish_{attempt_id}"):
        with widgets.db() as session:
            done = widgets.attempt(services.finish_attempt, session, attempt_id, widgets.wall_clock(),
                                   actor=widgets.actor())
        if done is not None:
            st.session_state[RESULT_KEY] = attempt_id
            st.rerun()


def _show_feedback(bank: Bank, state: services.Progress) -> None:
    shown = st.session_state.get(FEEDBACK_KEY) or {}
    if shown.get("attempt") != state.attempt.id or state.attempt.feedback != "immediate":
        return
    answer = state.answers.get(shown.get("question"))
    question = bank.questions.get(shown.get("question"))
    if answer is not None and question is not None:
        with st.container(border=True):
            st.markdown(f"**{question.prompt.get(widgets.lang())}**")
            feedback_box(question, answer.response.get("value"), answer.correct, answer.points, widgets.tr())


def result(bank: Bank, quiz: QuizDefinition, attempt_id: int, trainee: Any) -> None:
    """Score, passed or not, score per topic (table and chart), each question reviewed, what to review next."""
    t = widgets.tr()
    with widgets.db() as session:
        outcome = widgets.attempt(services.results, session, attempt_id, actor=widgets.actor())
    if outcome is None:
        return
    attempt = outcome.attempt
    st.subheader(t("quiz.result_title", quiz=quiz.title.get(t.lang)))
    mark = round(attempt.pass_mark * 100)
    left, right = st.columns(2)
    left.metric(t("quiz.score"), f"{round((attempt.score or 0) * 100)}%")
    right.metric(t("quiz.verdict"), t("quiz.passed") if attempt.passed else t("quiz.not_passed"))
    if attempt.passed:
        st.success(t("quiz.passed_note", mark=mark), icon=":material/verified:")
    else:
        st.warning(t("quiz.not_passed_note", mark=mark), icon=":material/school:")
    if attempt.ended_by == "time_up":
        st.caption(t("quiz.ended_time_up"))
    _show_feedback(bank, services.Progress(attempt, [d for d, _ in outcome.questions],
                                           {d.question_id: a for d, a in outcome.questions if a is not None}))
    st.markdown(f"**{t('quiz.per_topic')}**")
    table = pd.DataFrame(
        {
            t("quiz.topic_col"): [bank.topic_name(s.topic, t.lang) for s in outcome.topics],
            t("quiz.points_col"): [labels.decimal(s.points, t.lang) for s in outcome.topics],  # "0,25", not "0.25"
            t("quiz.questions_col"): [s.questions for s in outcome.topics],
            t("quiz.share_col"): [round(s.share * 100) for s in outcome.topics],
        }
    )
    share = st.column_config.ProgressColumn(t("quiz.share_col"), min_value=0, max_value=100, format="%d%%")
    st.dataframe(table, hide_index=True, key=f"quiz_topics_table_{attempt_id}",
                 column_config={t("quiz.share_col"): share})
    st.bar_chart(table, x=t("quiz.topic_col"), y=t("quiz.share_col"), horizontal=True)
    with st.expander(t("quiz.answers_title"), expanded=attempt.feedback == "end", key=f"quiz_review_{attempt_id}"):
        for n, (drawn, answer) in enumerate(outcome.questions, start=1):
            question = bank.questions.get(drawn.question_id)
            if question is None:
                continue
            st.markdown(f"**{n}. {question.prompt.get(t.lang)}**")
            response = answer.response.get("value") if answer else None
            feedback_box(question, response, bool(answer and answer.correct), answer.points if answer else 0, t)
            st.divider()
    review(bank, trainee)
    left, right = st.columns(2)
    if left.button(t("quiz.try_again"), key=f"quiz_again_{attempt_id}", type="primary"):
        open_quiz(quiz.id)
    if right.button(t("quiz.back_to_list"), key=f"quiz_back_result_{attempt_id}"):
        open_quiz(None)


def review(bank: Bank, trainee: Any) -> None:
    """What to review next: weakest topics first, each with the scenarios that practise it."""
    t = widgets.tr()
    with widgets.db() as session:
        masteries = mastery_for(session, widgets.actor(), widgets.wall_clock(), bank=bank)
    st.markdown(f"#### {t('quiz.review_title')}")
    suggested = review_next(masteries)
    if any(m.answers for m in masteries):
        with st.expander(t("quiz.mastery_title"), key="quiz_mastery_expander"):
            table = pd.DataFrame({
                t("quiz.topic_col"): [bank.topic_name(m.topic, t.lang) for m in masteries],
                t("quiz.mastery_col"): [None if m.mastery is None else round(m.mastery * 100) for m in masteries],
                t("quiz.answers_col"): [m.answers for m in masteries],
            })
            bar = st.column_config.ProgressColumn(t("quiz.mastery_col"), min_value=0, max_value=100, format="%d%%")
            st.dataframe(table, hide_index=True, key="quiz_mastery_table", column_config={t("quiz.mastery_col"): bar})
    if not suggested:
        st.write(t("quiz.review_none"))
        return
    st.write(t("quiz.review_intro"))
    scenarios_page = nav.page(nav.SCENARIOS_URL_PATH)
    for item in suggested:
        name = bank.topic_name(item.topic, t.lang)
        if item.mastery is None:
            st.markdown("- " + t("quiz.review_untried", topic=name))
        else:
            st.markdown("- " + t("quiz.review_line", topic=name, mastery=round(item.mastery * 100), answers=item.answers))
        for scenario in item.scenarios:  # a button that starts the scenario, not its name as plain text
            title = bank.scenario_title(scenario, t.lang)
            if st.button(t("quiz.practise_start", scenario=title), key=f"quiz_practise_{item.topic}_{scenario}",
                         icon=":material/play_arrow:"):
                st.session_state[coach_panel.START_KEY] = scenario
                st.switch_page(scenarios_page.link, query_params={"code": trainee.resume_code})
