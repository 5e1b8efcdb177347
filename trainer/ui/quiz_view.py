"""Quiz pieces for the page: one question with its answer button, an answer in words, the feedback box."""

from __future__ import annotations

from typing import Any

import streamlit as st

from trainer.i18n import Translator
from trainer.quiz.draw import DrawnQuestion, positions_to_response
from trainer.quiz.grading import correct_response
from trainer.quiz.schema import (
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    Question,
    SingleQuestion,
    TrueFalseQuestion,
)
from trainer.ui import widgets
from trainer.ui.widgets import literal


def fmt_number(value: float, lang: str) -> str:
    """7000 -> "7.000" in Vietnamese, "7,000" in English; decimals kept only when present."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def question_box(question: Question, drawn: DrawnQuestion, attempt_id: int, t: Translator) -> tuple[bool, Any]:
    """Show the question in a bordered box keyed `quiz_question_{attempt_id}_{question}`; returns (answered,
    response in ids).

    Not an st.form: a choice in a form not yet submitted lives only in the browser, so a language switch would
    clear it. Here every pick goes to Session State at once (the choices through `widgets.choice`, so the language
    selector relabels them) and "Trả lời" is a plain button (`quiz_q_…_submit`) that sends what is picked."""
    lang, order = t.lang, drawn.order
    key = f"quiz_q_{attempt_id}_{question.id}"
    with st.container(border=True, key=f"quiz_question_{attempt_id}_{question.id}"):
        st.markdown(f"**{question.prompt.get(lang)}**")
        picked: Any = None
        if isinstance(question, SingleQuestion):
            texts = {o.id: o.text.get(lang) for o in question.options}
            picked = widgets.choice(st.radio, t("quiz.choose_one"), range(len(order)),
                                    format_func=lambda i: texts[order[i]], index=None, key=f"{key}_single")
        elif isinstance(question, MultipleQuestion):
            texts = {o.id: o.text.get(lang) for o in question.options}
            st.caption(t("quiz.choose_all"))
            picked = [i for i, oid in enumerate(order) if st.checkbox(texts[oid], key=f"{key}_opt_{oid}")]
        elif isinstance(question, TrueFalseQuestion):
            picked = widgets.choice(st.radio, t("quiz.pick_true_false"), (True, False), index=None, horizontal=True,
                                    key=f"{key}_tf", format_func=lambda v: t("quiz.answer_true") if v else t("quiz.answer_false"))
        elif isinstance(question, OrderingQuestion):
            texts = {i.id: i.text.get(lang) for i in question.items}
            st.caption(t("quiz.order_hint"))
            picked = [
                widgets.choice(st.selectbox, t("quiz.step_n", n=n + 1), range(len(order)),
                               format_func=lambda i: texts[order[i]], index=None, placeholder=t("quiz.pick"),
                               key=f"{key}_step_{n}")
                for n in range(len(order))
            ]
        elif isinstance(question, MatchingQuestion):
            st.caption(t("quiz.match_hint"))
            picked = [
                widgets.choice(st.selectbox, pair.left.get(lang), range(len(order)),
                               format_func=lambda j: question.pairs[order[j]].right.get(lang),
                               index=None, placeholder=t("quiz.pick"), key=f"{key}_left_{n}")
                for n, pair in enumerate(question.pairs)
            ]
        elif isinstance(question, NumericQuestion):
            unit = f" ({question.unit.get(lang)})" if question.unit else ""
            picked = st.text_input(t("quiz.number_label") + unit, key=f"{key}_number", max_chars=40,
                                   help=t("quiz.number_hint"))
        submitted = st.button(t("quiz.submit_answer"), key=f"{key}_submit", type="primary")
    if not submitted:
        return False, None
    if isinstance(question, OrderingQuestion):
        return True, [order[p] for p in picked if p is not None]
    return True, positions_to_response(question, order, picked)


def answer_text(question: Question, response: Any, t: Translator) -> str:
    """A response told in words (markdown), for feedback and the review list."""
    lang = t.lang
    if response is None:
        return t("quiz.not_answered")
    if isinstance(question, (SingleQuestion, MultipleQuestion)):
        texts = {o.id: o.text.get(lang) for o in question.options}
        chosen = [response] if isinstance(response, str) else list(response)
        return "; ".join(texts.get(c, c) for c in chosen)
    if isinstance(question, TrueFalseQuestion):
        return t("quiz.answer_true") if response else t("quiz.answer_false")
    if isinstance(question, OrderingQuestion):
        texts = {i.id: i.text.get(lang) for i in question.items}
        return "\n".join(f"{n}. {texts.get(i, i)}" for n, i in enumerate(response, start=1))
    if isinstance(question, MatchingQuestion):
        return "\n".join(
            f"- {pair.left.get(lang)} → {question.pairs[r].right.get(lang) if r is not None else '…'}"
            for pair, r in zip(question.pairs, response, strict=False)
        )
    if isinstance(question, NumericQuestion):
        unit = f" {question.unit.get(lang)}" if question.unit else ""
        value = literal(response) if isinstance(response, str) else fmt_number(response, lang)
        return f"{value}{unit}"
    return str(response)


def feedback_box(question: Question, response: Any, correct: bool, points: float, t: Translator) -> None:
    """Right or wrong, the expected answer, the explanation and the source."""
    if correct:
        st.success(t("quiz.correct"), icon=":material/check_circle:")
    elif points > 0:
        st.warning(t("quiz.partial", points=fmt_number(points, t.lang)), icon=":material/rule:")
    else:
        st.error(t("quiz.incorrect"), icon=":material/cancel:")
    st.markdown(f"**{t('quiz.your_answer')}:**\n\n{answer_text(question, response, t)}")
    if not correct:
        expected = correct_response(question)
        if isinstance(question, NumericQuestion):
            expected = question.answer
        st.markdown(f"**{t('quiz.right_answer')}:**\n\n{answer_text(question, expected, t)}")
    st.info(f"**{t('quiz.explanation')}:** {question.explanation.get(t.lang)}", icon=":material/lightbulb:")
    st.caption(t("quiz.source", source=question.source))
