"""Fixtures of the reports tests: the three-level province world of test_dashboard_queries."""

from tests.reports.test_dashboard_queries import _three_levels, world  # noqa: F401
