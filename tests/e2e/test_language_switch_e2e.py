"""After switching language a translated choice still shows what was chosen (issue 9 item 19), in Chromium: the
browser keeps a radio's or selectbox's value as its label, which the other language no longer has."""

from __future__ import annotations

from tests.e2e.conftest import screenshot, wait_for_app
from trainer.i18n import t


def _switch_language(page, to: str) -> None:
    page.get_by_test_id("stSidebar").get_by_label(t("app.language", "vi" if to == "en" else "en")).click()
    page.get_by_role("option", name="English" if to == "en" else "Tiếng Việt").click()
    wait_for_app(page)


def test_a_chosen_filter_stays_chosen_in_the_other_language(page, app_server):
    page.goto(f"{app_server}/kich-ban")
    wait_for_app(page)
    box = page.get_by_label(t("coach.filter_audience", "vi"))
    box.click()
    page.get_by_role("option", name=t("coach.audience_citizen", "vi"), exact=True).click()
    wait_for_app(page)
    _switch_language(page, "en")
    main = page.get_by_test_id("stMain")
    main.get_by_text(t("coach.filter_audience", "en")).first.wait_for()
    chosen = page.get_by_test_id("stSelectbox").filter(has_text=t("coach.filter_audience", "en")).first
    assert t("coach.audience_citizen", "en") in chosen.inner_text(), chosen.inner_text()
    screenshot(page, "language-switch-filter-kept")
    _switch_language(page, "vi")
    chosen = page.get_by_test_id("stSelectbox").filter(has_text=t("coach.filter_audience", "vi")).first
    assert t("coach.audience_citizen", "vi") in chosen.inner_text(), chosen.inner_text()
