"""Helpers for browser tests (import from tests.e2e.helpers)."""

from tests.e2e.conftest import open_slip_qr, screenshot, wait_for_app

__all__ = ["open_slip_qr", "screenshot", "wait_for_app"]
