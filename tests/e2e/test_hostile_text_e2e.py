"""People's own text is never read as markdown or HTML (issue 9 item 6): a trainee whose name is full of markup
sees it literally, on every page of every role (sidebar, start page, the sandbox line), in Chromium."""

from __future__ import annotations

import re

from tests.e2e.conftest import screenshot, wait_for_app
from trainer.i18n import t
from trainer.ui.nav import ROLES, pages_for

HOSTILE = ("**Lan** _Mai_ [bấm](http://evil.test/x) <img src=x onerror=window.__pwned=1> "
           "<script>window.__pwned=2</script> `mã`")  # within the 120 characters a name may have
INJECTED = ("a[href*='evil.test'], img[src='x'], strong:text-is('Lan'), "
            "em:text-is('Mai'), code:text-is('mã')")


def settle(page) -> None:
    """The page has drawn: the sidebar names the trainee. A page that refreshes itself every few seconds (a live
    room) is never quiet for long, so its drawing, not its silence, is what is waited for."""
    try:
        wait_for_app(page, quiet_ms=400)
    except AssertionError:
        pass  # still refreshing itself; the sidebar check below waits for what matters
    page.get_by_test_id("stSidebar").get_by_text("**Lan**", exact=False).first.wait_for()


def _check(page, where: str) -> None:
    assert page.evaluate("() => window.__pwned") is None, where
    found = page.locator("[data-testid=stMain], [data-testid=stSidebar]").locator(INJECTED)
    assert found.count() == 0, f"{where}: markup from a name was rendered: {found.first.evaluate('e => e.outerHTML')}"


assert len(HOSTILE) <= 120


def test_a_trainee_name_full_of_markup_is_shown_literally_on_every_page(page, app_server):
    page.goto(app_server)
    page.get_by_label(t("start.name_label", "vi")).wait_for(timeout=120_000)  # a fresh server's first run is slow
    wait_for_app(page)
    page.get_by_label(t("start.name_label", "vi")).fill(HOSTILE)
    page.get_by_role("button", name=t("start.create_profile", "vi")).click()
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("**Lan** _Mai_ [bấm](", exact=False).first.wait_for()
    code = re.search(r"Mã tiếp tục: ([A-Z0-9]{6})", sidebar.inner_text()).group(1)
    _check(page, "start page")
    screenshot(page, "hostile-name-start")
    for role in ROLES:
        for spec in pages_for(role):
            page.goto(f"{app_server}/{spec.url_path}?role={role}&code={code}")
            settle(page)
            assert "**Lan**" in page.get_by_test_id("stSidebar").inner_text(), (role, spec.url_path)
            _check(page, f"{spec.url_path} as {role}")
    page.goto(f"{app_server}/nop-ho-so?role=citizen&code={code}")
    wait_for_app(page)
    assert "**Lan**" in page.get_by_test_id("stMain").inner_text()  # the sandbox line names the trainee
    screenshot(page, "hostile-name-portal")
