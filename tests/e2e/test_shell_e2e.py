"""The app shell in a real browser: Vietnamese start page, banner, language switch, every page reachable."""

from __future__ import annotations

from tests.e2e.helpers import menu_link, screenshot, wait_for_app
from trainer.i18n import t
from trainer.ui.nav import pages_for


def _nav_link(page, title: str):
    return menu_link(page, title)


def _choose(page, label: str, option: str) -> None:
    page.get_by_label(label).click()
    page.get_by_role("option", name=option).click()
    wait_for_app(page)


def test_start_page_in_vietnamese_then_english_and_every_page_opens(page, app_server):
    page.goto(app_server)
    wait_for_app(page)
    page.get_by_role("heading", name="Chào mừng đến Một Cửa Sandbox").wait_for()
    page.get_by_text("Môi trường thực hành — dữ liệu giả").first.wait_for()
    screenshot(page, "start-vi")

    for spec in pages_for("citizen"):
        if spec.default:
            continue
        _nav_link(page, t(spec.title_key, "vi")).click()
        wait_for_app(page)
        page.get_by_text("Môi trường thực hành — dữ liệu giả").first.wait_for()
        page.get_by_test_id("stHeading").first.wait_for()
        assert page.get_by_test_id("stException").count() == 0
        screenshot(page, f"page-{spec.url_path}-vi")

    _nav_link(page, t("nav.start", "vi")).click()
    wait_for_app(page)
    _choose(page, "Ngôn ngữ", "English")
    page.get_by_role("heading", name="Welcome to Một Cửa Sandbox").wait_for()
    page.get_by_text("Practice environment — fake data").first.wait_for()
    screenshot(page, "start-en")


def test_choosing_the_desk_role_shows_the_desk_pages(page, app_server):
    page.goto(app_server)
    wait_for_app(page)
    page.get_by_text(t("roles.desk_officer", "vi"), exact=False).first.click()
    wait_for_app(page)
    for spec in pages_for("desk_officer"):
        _nav_link(page, t(spec.title_key, "vi")).wait_for()
    for spec in pages_for("citizen"):
        if "desk_officer" not in spec.roles:
            assert _nav_link(page, t(spec.title_key, "vi")).count() == 0
    screenshot(page, "start-desk-officer-vi")
