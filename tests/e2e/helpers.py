"""Helpers for browser tests (import from tests.e2e.helpers)."""

from tests.e2e.conftest import choose, menu, menu_link, open_slip_qr, run_cli, screenshot, wait_for_app

__all__ = ["choose", "menu", "menu_link", "open_slip_qr", "run_cli", "screenshot", "wait_for_app"]
