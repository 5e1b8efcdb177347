"""Procedure facts read well in both languages, with amounts grouped the local way."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.i18n import catalog
from trainer.world.labels import date_text, fee_text, field_text, level_text, money, online_text, time_text
from trainer.world.procedures import FIELDS, load_catalogue


def test_money_uses_dots_in_vietnamese_and_commas_in_english():
    assert money(200_000) == "200.000"
    assert money(1_000_000, "en") == "1,000,000"


def test_certified_copy_fee_reads_with_its_page_rule():
    copy = load_catalogue().get("2.000815")
    assert fee_text(copy) == (
        "Theo trang: 2.000 ₫/trang cho 2 trang đầu, 1.000 ₫/trang từ trang tiếp theo, tối đa 200.000 ₫"
    )
    assert "at most 200,000 ₫" in fee_text(copy, "en")


def test_residence_fee_shows_the_online_amount_and_birth_the_late_fee():
    catalogue = load_catalogue()
    assert fee_text(catalogue.get("1.004222")) == "Lệ phí 20.000 ₫ (nộp trực tuyến: 10.000 ₫)"
    assert "8.000" in fee_text(catalogue.get("1.001193"))
    assert "Hội đồng nhân dân tỉnh" in fee_text(catalogue.get("1.001612"))


def test_times_and_online_levels_in_words():
    catalogue = load_catalogue()
    assert time_text(catalogue.get("1.001193")) == "Trong ngày làm việc"
    assert time_text(catalogue.get("1.000894"), "en") == (
        "Within the working day; 5 more working days when verification is needed"
    )
    assert time_text(catalogue.get("1.004222")) == "7 ngày làm việc"
    assert online_text(catalogue.get("1.001193")) == "Mức độ 4 — Dịch vụ công trực tuyến toàn trình"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_field_level_and_result_type_has_a_label(lang):
    keys = catalog(lang)
    for field in FIELDS:
        assert f"world.field.{field}" in keys and field_text(field, lang) != f"world.field.{field}"
    for level in ("commune", "district", "province"):
        assert level_text(level, lang) != f"world.level.{level}"
    for procedure in load_catalogue().all():
        assert f"world.result.{procedure.result.type}" in keys
        assert f"world.fee.{procedure.fee.kind}" in keys


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_a_date_reads_day_month_year_with_two_digit_day_and_month(value):
    text = date_text(value)
    assert datetime.strptime(text, "%d/%m/%Y").date() == value and len(text) == 10


def test_a_birth_date_is_written_the_vietnamese_way():
    assert date_text(date(1994, 4, 5)) == "05/04/1994"
    assert date_text(datetime(2026, 12, 31, 9, 30)) == "31/12/2026"


def test_percentages_use_the_decimal_comma_in_vietnamese():
    from trainer.world.labels import number, percent

    assert percent(0.9623, "vi") == "96,2%"
    assert percent(0.9623, "en") == "96.2%"
    assert number(73138, "vi") == "73.138"
    assert number(73138, "en") == "73,138"
