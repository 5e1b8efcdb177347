"""Three scenarios played to a pass in headless Chromium by their visible Vietnamese labels; one resumed after a reload."""

from __future__ import annotations

import re

from tests.e2e.helpers import choose, menu_link, screenshot, wait_for_app
from trainer.i18n import t


def vi(key: str, **params: object) -> str:
    return t(key, "vi", **params)


def _panel(page):  # type: ignore[no-untyped-def]
    return page.locator(".st-key-coach_panel")


def _start(page, app_server: str, scenario_id: str, title: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(app_server)
    wait_for_app(page)
    menu_link(page, vi("nav.scenarios")).click()
    wait_for_app(page)
    page.get_by_role("heading", name=vi("coach.title")).wait_for()
    card = page.locator(f".st-key-coach_card_{scenario_id}")
    card.get_by_text(title).wait_for()
    card.get_by_role("button", name=vi("coach.start")).click()
    wait_for_app(page)
    _panel(page).get_by_text(vi("coach.panel_title")).wait_for()


def _task_text(page) -> str:  # type: ignore[no-untyped-def]
    panel = _panel(page)
    panel.get_by_text(vi("coach.task")).click()
    wait_for_app(page)
    return panel.locator('[data-testid="stExpanderDetails"]').inner_text()


def _choose(page, label: str, option: str | re.Pattern[str], typed: str = "") -> None:  # type: ignore[no-untyped-def]
    choose(page, label, option, typed)  # waits for the select drawn with that option (a reload's rerun races it)


def _names(text: str, pattern: str) -> list[str]:
    found = re.search(pattern, text)
    assert found is not None, text
    return [g.strip() for g in found.groups()]


def _done(page) -> None:  # type: ignore[no-untyped-def]
    _panel(page).get_by_text(vi("coach.panel_done")).wait_for()
    _panel(page).get_by_role("link", name=vi("coach.view_result")).click()
    wait_for_app(page)
    page.get_by_text(vi("coach.passed")).first.wait_for()


def test_desk_refusal_is_played_to_a_pass_and_resumed_after_a_reload(page, app_server) -> None:  # type: ignore[no-untyped-def]
    _start(page, app_server, "desk-refusal", "Từ chối tiếp nhận hồ sơ có lý do")
    page.get_by_role("heading", name=vi("desk.title")).wait_for()
    c1, c2 = _names(_task_text(page), r"Hồ sơ của (.+?) xin xác nhận.*Hồ sơ của (.+?) hợp lệ")
    _panel(page).get_by_text(vi("coach.panel_step", n=1, total=2)).wait_for()
    screenshot(page, "scenario-refusal-start")

    _choose(page, vi("desk.pick"), re.compile(re.escape(c1)))
    page.get_by_label(vi("desk.reason"), exact=True).fill("Xin xác nhận cho người khác, không có giấy ủy quyền.")
    page.get_by_label(vi("desk.reason"), exact=True).press("Tab")
    wait_for_app(page)
    page.get_by_role("button", name=vi("desk.actions.refuse")).click()
    wait_for_app(page)
    _panel(page).get_by_text(vi("coach.panel_step", n=2, total=2)).wait_for()

    page.reload()  # session state is gone; ?run= and ?role= in the URL bring the run back
    wait_for_app(page)
    page.get_by_role("heading", name=vi("desk.title")).wait_for()
    _panel(page).get_by_text(vi("coach.panel_step", n=2, total=2)).wait_for()
    screenshot(page, "scenario-refusal-after-reload")

    _choose(page, vi("desk.pick"), re.compile(re.escape(c2)))
    page.get_by_role("button", name=vi("desk.actions.receive")).click()
    wait_for_app(page)
    _done(page)
    screenshot(page, "scenario-refusal-result")


def test_walk_in_reception_with_a_receipt_is_played_to_a_pass(page, app_server) -> None:  # type: ignore[no-untyped-def]
    _start(page, app_server, "desk-walk-in-receipt", "Tiếp nhận trực tiếp và in giấy tiếp nhận")
    [c1] = _names(_task_text(page), r"Người dân (.+?) đến quầy")
    page.get_by_role("tab", name=re.compile(vi("desk.walk_in.title"))).click()
    wait_for_app(page)
    _choose(page, vi("desk.walk_in.citizen"), re.compile(re.escape(c1)), typed=c1)
    _choose(page, vi("desk.walk_in.procedure"), re.compile(r"2\.000884"), typed="2.000884")
    page.get_by_role("button", name=vi("desk.walk_in.start")).last.click()
    wait_for_app(page)
    _panel(page).get_by_text(vi("coach.panel_step", n=2, total=4)).wait_for()
    page.get_by_role("button", name=vi("desk.docs.digitise")).first.click()
    wait_for_app(page)
    _panel(page).get_by_text(vi("coach.panel_step", n=3, total=4)).wait_for()
    page.get_by_role("button", name=vi("desk.fee.button")).click()
    wait_for_app(page)
    _panel(page).get_by_text(vi("coach.panel_step", n=4, total=4)).wait_for()
    page.get_by_role("button", name=vi("desk.actions.receive")).click()
    wait_for_app(page)
    _done(page)
    screenshot(page, "scenario-walk-in-result")


def test_a_citizen_withdraws_the_right_dossier(page, app_server) -> None:  # type: ignore[no-untyped-def]
    _start(page, app_server, "citizen-withdrawal", "Rút hồ sơ đã nộp")
    [c1] = _names(_task_text(page), r"Bạn là (.+?)\. Bạn có hai hồ sơ")
    _choose(page, vi("portal.signin_pick"), re.compile(re.escape(c1)))
    page.get_by_role("button", name=vi("portal.signin_button")).click()
    wait_for_app(page)
    _choose(page, vi("portal.mine.pick"), re.compile("tạm trú"))
    page.get_by_text(vi("portal.mine.withdraw_title"), exact=True).first.click()
    page.get_by_label(vi("portal.mine.withdraw_reason")).fill("Đã chuyển đi nơi khác")
    page.get_by_label(vi("portal.mine.withdraw_reason")).press("Enter")
    wait_for_app(page)
    page.locator(".st-key-mine_withdraw").get_by_role("button", name=vi("portal.mine.withdraw_button")).click()
    wait_for_app(page)
    _done(page)
    screenshot(page, "scenario-withdrawal-result")
