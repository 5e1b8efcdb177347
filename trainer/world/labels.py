"""Procedure facts in words for pages and slips, in Vietnamese or English (no streamlit here).

Public API:
- `money(amount, lang="vi") -> str`: 200000 → "200.000" (vi) or "200,000" (en).
- `date_text(value) -> str`: date(1994, 4, 5) → "05/04/1994" (ngày/tháng/năm, as Vietnamese papers write it).
- `fee_text(procedure, lang="vi") -> str`: the fee rule in words, amounts formatted.
- `time_text(procedure, lang="vi") -> str`: "Trong ngày làm việc", "3 ngày làm việc", "+ 5 ... nếu phải xác minh".
- `online_text(procedure, lang="vi") -> str`: "Mức độ 4 — Dịch vụ công trực tuyến toàn trình".
- `level_text(level, lang="vi") -> str`, `field_text(field, lang="vi") -> str`.
"""

from __future__ import annotations

from datetime import date

from trainer.i18n import t
from trainer.world.procedures import Procedure


def number(value: int | None, lang: str = "vi") -> str:
    """Thousands grouped the local way: 73.138 in Vietnamese, 73,138 in English."""
    text = f"{int(value or 0):,}"
    return text.replace(",", ".") if lang != "en" else text


def money(amount: int | None, lang: str = "vi") -> str:
    """An amount of đồng, grouped the local way (the caller adds ₫ where the sentence needs it)."""
    return number(amount, lang)


def decimal(value: float | None, lang: str = "vi", places: int = 2) -> str:
    """A number with its decimals only when it has them: 0.25 → "0,25", 1234.5 → "1.234,5" in Vietnamese."""
    number_value = float(value or 0)
    if number_value.is_integer():
        return number(int(number_value), lang)
    text = f"{number_value:,.{places}f}".rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".") if lang != "en" else text


def money_sign(amount: int | None, lang: str = "vi") -> str:
    """The one way an amount is shown: "5.000 ₫" (Vietnamese), "5,000 ₫" (English)."""
    return f"{money(amount, lang)} ₫"


def chart_locale(lang: str = "vi") -> dict:
    """Vega-Lite's number locale, so chart axes group digits as the text does ("2.000", not "2,000")."""
    if lang == "en":
        return {"number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " ₫"]}}
    return {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}}


def percent(share: float, lang: str = "vi") -> str:
    """0.968 → "96,8%" in Vietnamese (decimal comma), "96.8%" in English."""
    text = f"{share:.1%}"
    return text.replace(".", ",") if lang != "en" else text


def date_text(value: date) -> str:
    """dd/mm/yyyy, the day-month-year order of Vietnamese forms (a datetime gives its date)."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def fee_text(procedure: Procedure, lang: str = "vi") -> str:
    """The fee rule in words, plus who sets it when the province does."""
    rule = procedure.fee
    params = {
        "amount": money(rule.amount if rule.amount is not None else rule.late_amount, lang),
        "online_amount": money(rule.online_amount, lang),
        "cap": money(rule.cap, lang),
        "first_rate": money(rule.first_page_rate, lang),
        "first_pages": rule.first_pages,
        "later_rate": money(rule.later_page_rate, lang),
    }
    text = t(f"world.fee.{rule.kind}", lang, **params)
    if rule.set_by == "province":
        text += f" ({t('world.fee.set_by_province', lang)})"
    return text


def time_text(procedure: Procedure, lang: str = "vi") -> str:
    """The statutory processing time in words."""
    time = procedure.time
    if time.working_hours is not None:
        text = t("world.time.hours", lang, n=time.working_hours)
    elif time.working_days == 0:
        text = t("world.time.same_day", lang)
    else:
        text = t("world.time.days", lang, n=time.working_days)
    if time.extra_days_if_verified:
        text += "; " + t("world.time.extra_if_verified", lang, n=time.extra_days_if_verified)
    return text


def online_text(procedure: Procedure, lang: str = "vi") -> str:
    """Both online scales: the 2011–2022 level and the Decree 42/2022 mode."""
    online = procedure.online
    return f"{t(f'world.online.level{online.legacy_level}', lang)} — {t(f'world.online.{online.mode}', lang)}"


def level_text(level: str, lang: str = "vi") -> str:
    return t(f"world.level.{level}", lang)


def field_text(field: str, lang: str = "vi") -> str:
    return t(f"world.field.{field}", lang)
