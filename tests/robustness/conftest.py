"""The AppTest fixtures of tests/ui, for the page tests here."""

from tests.ui.conftest import app_db, make_app  # noqa: F401
