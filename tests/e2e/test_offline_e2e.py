"""Offline (issue 9 item 24, issue 17 item 7): every page of every role, in both languages, loads in Chromium
without one request to a host other than the app's own (no fonts, icons or images from the internet: with no
internet they fail, and with it they tell a third party who is practising)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import HALL_HOST, wait_for_app
from trainer.ui.nav import PAGES, ROLES, pages_for


def _own(url: str, base: str) -> bool:
    parts, app = urlsplit(url), urlsplit(base)
    if parts.scheme in ("data", "blob", "about", "chrome-extension"):
        return True
    return parts.hostname in (app.hostname, HALL_HOST) and parts.port == app.port


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_of_every_role_loads_with_no_request_to_another_host(browser, app_server, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    outside: list[str] = []
    context.route("**/*", lambda route: (outside.append(f"{route.request.url}") or route.abort())
                  if not _own(route.request.url, app_server) else route.continue_())
    page = context.new_page()
    page.set_default_timeout(30_000)
    visited = 0
    try:
        for role in ROLES:
            for spec in pages_for(role):
                page.goto(f"{app_server}/{spec.url_path}?role={role}&lang={lang}")
                wait_for_app(page)
                page.wait_for_load_state("networkidle")
                visited += 1
    finally:
        context.close()
    assert visited >= len(PAGES)
    assert not outside, f"requests to other hosts: {sorted(set(outside))}"
