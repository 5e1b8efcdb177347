"""Quizzes page: list of quizzes, taking one (one question per form), the result per topic, what to review."""

from __future__ import annotations

import streamlit as st

from trainer.quiz import services
from trainer.quiz.loader import cached_bank, default_root
from trainer.ui import nav, quiz_screens, widgets

t = widgets.tr()
st.title(t("quiz.title"))

trainee = widgets.current_trainee()
if trainee is None:
    st.info(t("quiz.need_profile"), icon=":material/badge:")
    st.page_link(nav.link(nav.START_URL_PATH), label=t("quiz.go_start"), icon=":material/home:")
    st.stop()

bank = cached_bank(default_root())
quiz = bank.quizzes.get(st.query_params.get("quiz", ""))

if quiz is None:
    st.write(t("quiz.intro"))
    quiz_screens.quiz_list(bank, trainee)
    quiz_screens.review(bank, trainee)
    st.stop()

# One transaction reads what the screen needs: the open attempt and, while answering, its answers (the question to
# show); the trainee's attempts only when a result is asked for (is it theirs?).
shown_result = st.session_state.get(quiz_screens.RESULT_KEY)
state = None
with widgets.db() as session:
    open_attempt = services.current_attempt(session, widgets.actor(), quiz.id)
    open_id = open_attempt.id if open_attempt is not None else None
    mine = (shown_result is not None and shown_result != open_id
            and shown_result in {a.id for a in services.attempts_for(session, widgets.actor(), quiz.id)})
    if not mine and open_id is not None:
        state = services.progress(session, open_id, actor=widgets.actor())

if mine:
    quiz_screens.result(bank, quiz, shown_result, trainee)
elif state is not None:
    quiz_screens.take(bank, quiz, state)
else:
    quiz_screens.intro(bank, quiz, trainee)
