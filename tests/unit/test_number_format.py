"""One Vietnamese number format everywhere (issue 9 item 18): thousands with ".", decimals with ",", money
"5.000 ₫" — in texts, messages, tables and chart axes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trainer.i18n import catalog, t
from trainer.world import labels
from trainer.world.procedures import load_catalogue

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("value", "vi", "en"), [(0.25, "0,25", "0.25"), (1234.5, "1.234,5", "1,234.5"),
                                                 (2000, "2.000", "2,000"), (3.0, "3", "3")])
def test_decimals_and_thousands(value, vi, en):
    assert labels.decimal(value, "vi") == vi and labels.decimal(value, "en") == en


def test_money_is_grouped_and_signed_one_way():
    assert labels.money_sign(5000, "vi") == "5.000 ₫"
    assert t("world.fee.fixed", "vi", amount=labels.money(5000, "vi")) == "Lệ phí 5.000 ₫"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_message_writes_money_another_way(lang):
    """"{amount} đồng" beside "5.000 ₫" was the bug: every amount placeholder is followed by ₫ or nothing."""
    other = [f"{k}: {v}" for k, v in catalog(lang).items() if re.search(r"\}\s*(đồng|VND|vnđ|VNĐ)\b", v)]
    assert other == [], other


def test_the_portal_fee_line_groups_thousands():
    from trainer.ui.portal_form import fee_text

    fixed = next(p for p in load_catalogue().all() if p.fee.kind == "fixed" and (p.fee.amount or 0) >= 1000)
    text = fee_text(fixed)
    assert labels.money(fixed.fee.amount, "vi") in text and f"{fixed.fee.amount} " not in text, text


def test_chart_axes_use_the_vietnamese_grouping():
    assert labels.chart_locale("vi")["number"]["thousands"] == "." and labels.chart_locale("vi")["number"]["decimal"] == ","
    stats_page = (ROOT / "trainer" / "ui" / "views" / "practice" / "stats.py").read_text(encoding="utf-8")
    assert "st.bar_chart" not in stats_page and "chart_locale(" in stats_page
