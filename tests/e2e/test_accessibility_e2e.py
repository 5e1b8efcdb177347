"""Accessibility (issue 9 item 23): axe-core finds no serious or critical violation on any page, for every role
that may open it, in both languages; and on a 390 px phone the sidebar does not stay open over the page."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import menu_link, run_cli, screenshot, wait_for_app
from trainer.i18n import t
from trainer.ui.nav import PAGES, ROLES

ADMIN_PASSWORD = "Kiem-tra-truy-cap-2026"
BAD = ("serious", "critical")


def _axe():  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _audit(axe, page, where: str) -> list[str]:  # type: ignore[no-untyped-def]
    results = axe.run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in BAD:
            targets = [" ".join(map(str, node.get("target", []))) for node in violation.get("nodes", [])][:3]
            found.append(f"{where}: {violation['id']} ({violation['impact']}, {len(violation['nodes'])}×) {targets}")
    return found


def _shown(page, lang: str, where: str) -> None:  # type: ignore[no-untyped-def]
    """The page has rendered: the practice banner every page shows is there (else say which page)."""
    try:
        page.get_by_text(t("app.banner", lang)[:30]).first.wait_for()
    except Exception as exc:
        screenshot(page, f"axe-not-shown-{where.replace(' ', '-')}")
        raise AssertionError(f"{where} ({lang}) did not render") from exc


def _pages_for_role(role: str):  # type: ignore[no-untyped-def]
    return [p for p in PAGES if not p.for_accounts and role in p.roles]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_has_no_serious_or_critical_axe_violation(browser, app_server, lang):
    axe = _axe()
    problems: list[str] = []
    audited = 0
    seen: set[str] = set()
    for role in ROLES:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{app_server}/?role={role}&lang={lang}")  # warm: a first session on a page URL gets a dialog
        wait_for_app(page)
        for spec in _pages_for_role(role):
            if spec.url_path in seen and role != "citizen" and "citizen" in spec.roles:
                continue  # a page every role may open is audited once (as a citizen)
            seen.add(spec.url_path)
            url = "" if spec.default else spec.url_path
            page.goto(f"{app_server}/{url}?role={role}&lang={lang}")
            wait_for_app(page)
            _shown(page, lang, f"{spec.url_path} as {role}")
            problems += _audit(axe, page, f"{spec.url_path} as {role} ({lang})")
            audited += 1
        context.close()

    assert run_cli(app_server, ["admin", "create", "--username", f"kiemtra{lang}", "--role", "administrator",
                                "--password-stdin"], ADMIN_PASSWORD + "\n").returncode == 0
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{app_server}/dang-nhap?lang={lang}")
    wait_for_app(page)
    page.get_by_role("textbox", name=t("accounts.sign_in.username", lang)).fill(f"kiemtra{lang}")
    page.get_by_role("textbox", name=t("accounts.sign_in.password", lang)).fill(ADMIN_PASSWORD)
    page.get_by_role("button", name=t("accounts.sign_in.submit", lang)).click()
    wait_for_app(page)
    for spec in [p for p in PAGES if p.for_accounts] + [p for p in PAGES if p.url_path == "dang-nhap"]:
        page.goto(f"{app_server}/{spec.url_path}?lang={lang}")
        wait_for_app(page)
        _shown(page, lang, f"{spec.url_path} as administrator")
        problems += _audit(axe, page, f"{spec.url_path} as administrator ({lang})")
        audited += 1
    screenshot(page, f"axe-last-page-{lang}")
    context.close()
    assert audited >= len(PAGES)
    assert problems == [], "\n".join(problems)


def test_on_a_phone_the_sidebar_closes_after_choosing_a_page(browser, app_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(app_server)
        wait_for_app(page)
        sidebar = page.get_by_test_id("stSidebar")
        assert sidebar.get_attribute("data-collapsed") == "true"  # a phone starts with the page, not the menu
        page.get_by_test_id("stExpandSidebarButton").click()
        page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').dataset.collapsed === 'false'")
        page.wait_for_timeout(500)  # the slide-in animation
        screenshot(page, "phone-sidebar-open-vi")
        menu_link(page, t("nav.tracking", "vi")).click()
        wait_for_app(page)
        page.get_by_role("heading", name=t("nav.tracking", "vi")).first.wait_for()
        page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').dataset.collapsed === 'true'",
                               timeout=5_000)
        box = page.get_by_role("heading", name=t("nav.tracking", "vi")).first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
        screenshot(page, "phone-after-navigation-vi")
    finally:
        context.close()
