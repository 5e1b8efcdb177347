"""The core loop in Chromium (issue 9): the mock VNeID sign-in survives a reload but reaches no one else, and a
translated choice still shows what was chosen after the language is switched (a quiz answer picked before "Trả lời"
too); Streamlit's "Press Enter to apply" is said in Vietnamese."""

from __future__ import annotations

import re

from tests.e2e.helpers import choose, menu_link, question_box, screenshot, wait_for_app
from tests.e2e.test_quiz_e2e import _answer_current_question
from trainer.i18n import t
from trainer.world.procedures import load_catalogue

QUERY = "1.00"  # a code prefix: the same hits in both languages (names differ, codes do not)
MAX_QUESTIONS = 15  # questions answered while looking for one with options in a radio (most quizzes ask 7 to 15)


def vi(key: str, **params: object) -> str:
    return t(key, "vi", **params)


def _signed_in(page):  # type: ignore[no-untyped-def]
    return page.get_by_role("button", name=vi("portal.sign_out"), exact=True)


def _open_portal(page, app_server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(app_server)
    wait_for_app(page)
    menu_link(page, vi("nav.portal")).click()
    wait_for_app(page)
    page.get_by_role("heading", name=vi("portal.title")).wait_for()


def test_the_mock_vneid_sign_in_survives_a_reload_but_not_a_copied_address(page, app_server) -> None:  # type: ignore[no-untyped-def]
    _open_portal(page, app_server)
    page.get_by_role("button", name=vi("portal.signin_button")).click()
    wait_for_app(page)
    _signed_in(page).wait_for()
    name = page.get_by_test_id("stAlertContentSuccess").first.inner_text()
    url = page.url

    page.reload()  # a new Streamlit session: only the browser's cookie remembers the sign-in
    wait_for_app(page)
    _signed_in(page).wait_for()
    assert page.get_by_test_id("stAlertContentSuccess").first.inner_text() == name
    screenshot(page, "vneid-after-reload")

    other = page.context.browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    try:  # the same address opened by someone else signs nobody in
        phone = other.new_page()
        phone.goto(url)
        wait_for_app(phone)
        phone.get_by_role("button", name=vi("portal.signin_button")).wait_for()
        assert _signed_in(phone).count() == 0
    finally:
        other.close()

    _signed_in(page).click()
    wait_for_app(page)
    page.get_by_role("button", name=vi("portal.signin_button")).wait_for()
    page.reload()  # signed out stays signed out
    wait_for_app(page)
    page.get_by_role("button", name=vi("portal.signin_button")).wait_for()
    assert _signed_in(page).count() == 0


def test_a_translated_choice_stays_selected_after_switching_language(page, app_server) -> None:  # type: ignore[no-untyped-def]
    _open_portal(page, app_server)
    page.get_by_role("button", name=vi("portal.signin_button")).click()
    wait_for_app(page)
    box = page.get_by_label(vi("portal.search_label"))
    box.fill(QUERY)  # typed, not yet applied: Streamlit's "Press Enter to apply" is said in Vietnamese instead
    hint = page.get_by_test_id("InputInstructions").first
    hint.wait_for()
    shown = hint.evaluate("e => getComputedStyle(e.firstElementChild, '::after').content")
    assert shown == f'"{vi("app.enter_apply")}"', shown
    assert hint.evaluate("e => getComputedStyle(e.firstElementChild).fontSize") == "0px"  # the English is not drawn
    screenshot(page, "input-instructions-vi")
    box.press("Enter")
    wait_for_app(page)
    second = load_catalogue().search(QUERY, "vi")[1]
    page.get_by_role("radio", name=f"{second.code} · {second.name.get('vi')}", exact=True).check(force=True)
    wait_for_app(page)
    assert page.get_by_role("radio", name=f"{second.code} · {second.name.get('vi')}", exact=True).is_checked()

    choose(page, "Ngôn ngữ", "English")
    page.get_by_text(t("portal.pick_procedure", "en")).first.wait_for()
    chosen = page.get_by_role("radio", name=f"{second.code} · {second.name.get('en')}", exact=True)
    chosen.wait_for(state="attached")
    screenshot(page, "language-switch-choice-kept")
    checked = [r.get_attribute("aria-label") or r.evaluate("e => e.closest('label').innerText")
               for r in page.get_by_role("radio", checked=True).all()]
    assert chosen.is_checked(), f"nothing or another option is selected after the switch: {checked}"
    assert re.search(re.escape(second.code), " ".join(checked)), checked


def test_a_quiz_answer_picked_before_answering_stays_selected_after_switching_language(page, app_server) -> None:  # type: ignore[no-untyped-def]
    """The question's choices are not in an st.form: a pick goes to the server at once, so the language switch
    relabels it instead of clearing it, and "Answer" then sends it."""
    page.goto(app_server)
    wait_for_app(page)
    page.get_by_label(vi("start.name_label")).fill("Lò Thị Xuân")
    page.get_by_role("button", name=vi("start.create_profile")).click()
    wait_for_app(page)
    menu_link(page, vi("nav.quizzes")).click()
    wait_for_app(page)
    page.get_by_role("button", name=vi("quiz.open")).first.click()
    wait_for_app(page)
    page.get_by_role("button", name=vi("quiz.start")).click()
    wait_for_app(page)
    for _ in range(MAX_QUESTIONS):  # questions are drawn at random: answer the others until one has a radio
        box = question_box(page)
        box.get_by_role("button", name=vi("quiz.submit_answer")).wait_for()
        wait_for_app(page)
        if box.get_by_test_id("stRadio").count():
            break
        _answer_current_question(page)
    else:
        raise AssertionError(f"no question with a radio among the first {MAX_QUESTIONS}")
    options = box.get_by_role("radio")
    n = options.count()
    assert n >= 2 and not any(options.nth(i).is_checked() for i in range(n))
    picked = n - 1  # the last option: not one a default could have selected
    box.get_by_test_id("stRadioOption").nth(picked).click()
    wait_for_app(page)
    assert box.get_by_role("radio").nth(picked).is_checked()

    choose(page, "Ngôn ngữ", "English")
    box = question_box(page)
    box.get_by_role("button", name=t("quiz.submit_answer", "en")).wait_for()
    wait_for_app(page)
    screenshot(page, "language-switch-quiz-choice-kept")
    checked = [i for i in range(box.get_by_role("radio").count()) if box.get_by_role("radio").nth(i).is_checked()]
    assert checked == [picked], f"after the switch the checked options are {checked}, not [{picked}]"
    box.get_by_role("button", name=t("quiz.submit_answer", "en")).click()
    wait_for_app(page)
    page.get_by_text(t("quiz.your_answer", "en")).first.wait_for()  # the answer was taken (feedback or next question)


def test_on_a_phone_a_menu_link_to_the_page_one_is_on_closes_the_sidebar_too(browser, app_server) -> None:  # type: ignore[no-untyped-def]
    """"Bài kiểm tra" from a quiz (bai-kiem-tra?quiz=…) back to the list: the same page, other parameters."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    sidebar_is = "() => document.querySelector('[data-testid=stSidebar]').dataset.collapsed === '%s'"

    def from_the_menu(title: str) -> None:
        page.get_by_test_id("stExpandSidebarButton").click()
        page.wait_for_function(sidebar_is % "false")
        page.wait_for_timeout(500)  # the slide-in animation
        menu_link(page, title).click()
        wait_for_app(page)
        page.wait_for_function(sidebar_is % "true", timeout=5_000)

    try:
        page.goto(app_server)
        wait_for_app(page)
        page.get_by_label(vi("start.name_label")).fill("Lò Thị Xuân")
        page.get_by_role("button", name=vi("start.create_profile")).click()
        wait_for_app(page)
        from_the_menu(vi("nav.quizzes"))
        page.get_by_role("button", name=vi("quiz.open")).first.click()
        wait_for_app(page)
        page.get_by_role("button", name=vi("quiz.start")).wait_for()
        from_the_menu(vi("nav.quizzes"))
        page.get_by_role("heading", name=vi("quiz.list_title")).wait_for()
        screenshot(page, "phone-same-page-link-closes-sidebar")
    finally:
        context.close()
