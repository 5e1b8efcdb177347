"""The app shell in a real browser: Vietnamese start page, banner, language switch, every page reachable."""

from __future__ import annotations

from trainer.i18n import t
from trainer.ui.nav import pages_for
from tests.e2e.helpers import screenshot, wait_for_app


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
        page.get_by_test_id("stSidebarNav").get_by_text(t(spec.title_key, "vi"), exact=True).click()
        wait_for_app(page)
        page.get_by_text("Môi trường thực hành — dữ liệu giả").first.wait_for()
        assert "exception" not in page.content().lower() or "stException" not in page.content()
        screenshot(page, f"page-{spec.url_path}-vi")

    page.get_by_test_id("stSidebarNav").get_by_text(t("nav.start", "vi"), exact=True).click()
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
    nav = page.get_by_test_id("stSidebarNav")
    for spec in pages_for("desk_officer"):
        nav.get_by_text(t(spec.title_key, "vi"), exact=True).wait_for()
    for spec in pages_for("citizen"):
        if "desk_officer" not in spec.roles:
            assert nav.get_by_text(t(spec.title_key, "vi"), exact=True).count() == 0
    screenshot(page, "start-desk-officer-vi")
