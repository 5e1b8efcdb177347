"""A quiz taken end to end in headless Chromium, in Vietnamese: profile, quiz list, a reload mid-way, result per topic."""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e.helpers import QUESTION_BOX, menu_link, question_box, screenshot, wait_for_app
from trainer.quiz.loader import cached_bank, default_root

MAX_QUESTIONS = 40  # a guard against an endless loop; the quizzes ask 7 to 15 questions
DROPDOWN_TRIES = 4
STEP_POLLS = 120  # × 250 ms: how long one answer may take to come back
RESULT_HEADING = re.compile(r"^Kết quả: ")
QUESTION_NUMBER = re.compile(r"^Câu \d+/\d+$")


def _answer_current_question(page) -> None:
    """Answer whatever the question asks (right or wrong does not matter here), press "Trả lời", wait for what
    follows."""
    number, _ = _question_number(page)
    # while a rerun finishes, the previous question's box may still be on screen: wait for the one box left
    page.wait_for_function(f"document.querySelectorAll({json.dumps(QUESTION_BOX)}).length === 1")
    wait_for_app(page)
    form = question_box(page)
    form.get_by_role("button", name="Trả lời").wait_for()
    radios = form.get_by_test_id("stRadio")
    selects = form.get_by_test_id("stSelectbox")
    if radios.count():
        radios.first.get_by_test_id("stRadioOption").first.click()
    elif form.get_by_test_id("stCheckbox").count():
        form.get_by_test_id("stCheckbox").first.get_by_test_id("stMarkdownContainer").click()
    elif selects.count():
        for n in range(selects.count()):  # step n gets the n-th choice: every step used once
            _open_dropdown(page, selects.nth(n))  # the list is virtualised (long lists render partly): use keys
            for _ in range(n):
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")
            wait_for_app(page)  # each pick reruns the page (no form holds it back)
    else:
        box = form.get_by_test_id("stTextInput").locator("input")
        box.fill("6.000")
        box.press("Tab")
    wait_for_app(page)
    form.get_by_role("button", name="Trả lời").click()
    wait_for_app(page)
    for _ in range(STEP_POLLS):  # the next question, or the result after the last one
        if page.get_by_text(RESULT_HEADING).count() or _question_number(page)[0] > number:
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"question {number} was not accepted: {page.get_by_test_id('stAlert').all_inner_texts()}")


def _open_dropdown(page, select) -> None:
    """Open a selectbox's list; a click that lands while the previous list closes is simply retried."""
    from playwright.sync_api import (
        TimeoutError as PlaywrightTimeout,  # the fixtures skip when playwright is missing
    )

    for _ in range(DROPDOWN_TRIES):
        select.click()
        try:
            page.get_by_role("option").first.wait_for(timeout=5_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError("the selectbox list did not open")


def _question_number(page) -> tuple[int, int]:
    """(n, total) from the progress text "Câu n/total"; (0, 0) when no question is shown."""
    found = page.get_by_text(QUESTION_NUMBER)
    if not found.count():
        return 0, 0
    done, total = re.findall(r"\d+", found.first.inner_text())
    return int(done), int(total)


@pytest.mark.e2e
def test_a_quiz_is_taken_to_the_end_in_vietnamese_and_the_result_per_topic_appears(page, app_server):
    bank = cached_bank(default_root())
    if not bank.quizzes:
        pytest.fail(f"no valid quiz in the content; `trainer check` says: {[str(p) for p in bank.problems][:3]}")
    page.goto(app_server)
    wait_for_app(page)
    page.get_by_label("Họ và tên").fill("Triệu Thị Lan")
    page.get_by_text("Cán bộ, công chức").click()
    page.get_by_role("button", name="Lưu hồ sơ học viên").click()
    wait_for_app(page)
    page.get_by_text("Mã tiếp tục:").first.wait_for()

    menu_link(page, "Bài kiểm tra").click()
    wait_for_app(page)
    page.get_by_role("heading", name="Bài kiểm tra", exact=True).wait_for()
    first_quiz = next(iter(bank.quizzes.values()))
    page.get_by_text(first_quiz.title.vi, exact=True).wait_for()
    page.get_by_role("button", name="Làm bài").first.click()
    wait_for_app(page)
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    wait_for_app(page)
    page.get_by_text(QUESTION_NUMBER).first.wait_for()

    number, total = _question_number(page)
    assert (number, total) == (1, first_quiz.question_count)
    _answer_current_question(page)
    _answer_current_question(page)
    assert "code=" in page.url and "quiz=" in page.url
    page.reload()  # the browser session is lost; ?code= and ?quiz= bring the attempt back
    wait_for_app(page)
    page.get_by_text(QUESTION_NUMBER).first.wait_for()
    assert _question_number(page) == (3, total)

    for _ in range(MAX_QUESTIONS):
        if page.get_by_text(RESULT_HEADING).count():
            break
        _answer_current_question(page)
    page.get_by_text("Điểm theo chủ đề").wait_for()
    per_topic = page.get_by_test_id("stDataFrame").first  # the score per topic, as a table (and a chart)
    per_topic.wait_for()
    page.get_by_test_id("stMetric").filter(has_text=re.compile(r"Đạt|Chưa đạt")).wait_for()
    page.get_by_text("Nên ôn lại tiếp").wait_for()
    for rule in first_quiz.draw:  # every topic of the quiz has its row (the grid draws on a canvas; its cells are hidden DOM)
        per_topic.get_by_text(bank.topic_name(rule.topic, "vi"), exact=True).wait_for(state="attached")
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.get_by_text(RESULT_HEADING).scroll_into_view_if_needed()
    wait_for_app(page)
    screenshot(page, "quiz-result")
