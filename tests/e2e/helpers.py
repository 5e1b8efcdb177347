"""Helpers for browser tests (import from tests.e2e.helpers)."""

from tests.e2e.conftest import screenshot, wait_for_app

__all__ = ["screenshot", "wait_for_app"]
