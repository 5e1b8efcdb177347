"""Coach tests share the AppTest fixtures of tests/ui (a migrated app database and an AppTest factory)."""

from tests.ui.conftest import app_db, make_app  # noqa: F401
