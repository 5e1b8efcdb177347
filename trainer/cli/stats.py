"""`trainer stats --period 2018 [--format json|table]`: the article's figures counted from the stored history."""

from __future__ import annotations

import argparse
import json
import unicodedata

from trainer.cli._common import settings_or_fail
from trainer.db.engine import transaction
from trainer.db.migrate import upgrade
from trainer.fake.profiles import profile_for_period
from trainer.fake.stats import compare_with_article, profile_stats
from trainer.i18n import t
from trainer.world.labels import number, percent


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("stats", help="statistics of the stored history of a period (e.g. 2018, 2019h1)")
    parser.add_argument("--period", required=True, help="period key of a profile: 2018, 2019h1, ...")
    parser.add_argument("--format", choices=("json", "table"), default="table")
    parser.set_defaults(func=cmd_stats)


def cmd_stats(args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    profile = profile_for_period(args.period, settings)
    upgrade(settings.url)
    with transaction(settings.url) as session:
        stats = profile_stats(session, profile)
    lang = settings.language
    checks = compare_with_article(stats, profile)
    if args.format == "json":
        data: dict[str, object] = {"period": profile.period, "profile": profile.id, **stats.figures()}
        if profile.article.bcci_difference:
            data["bcci_total_printed"] = profile.article.bcci_total
            data["bcci_total_difference"] = profile.article.bcci_total - stats.bcci_total
        data["matches_article"] = {c.name: c.matches for c in checks}
        data["details"] = stats.as_dict()
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    if stats.empty:
        print(t("stats.cli_empty", lang, period=profile.period, profile=profile.id))
        return 0
    rows = [(t("stats.figure_label", lang), t("stats.col_computed", lang), t("stats.col_article", lang),
             t("stats.col_check", lang))]
    for check in checks:
        mark = t("stats.match", lang) if check.matches else t("stats.mismatch", lang)
        rows.append((t(f"stats.figures.{check.name}", lang), _n(check.computed, lang), _n(check.article, lang), mark))
    print(t("stats.cli_title", lang, title=profile.title_in(lang)))
    print(_table(rows))
    if profile.article.bcci_difference:
        print(t("stats.bcci_difference", lang, printed=_n(profile.article.bcci_total, lang),
                parts=_n(profile.article.bcci_parts_sum, lang), difference=_n(profile.article.bcci_difference, lang)))
    if stats.on_time_rate is not None:
        print(t("stats.on_time", lang, rate=percent(stats.on_time_rate, lang), open=_n(stats.open_at_end, lang)))
    return 0


def _n(value: int, lang: str) -> str:
    return number(value, lang)


def _width(text: str) -> int:
    """Display width: combining diacritics take no column."""
    return sum(0 if unicodedata.combining(ch) else 1 for ch in unicodedata.normalize("NFC", text))


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [cell + " " * (widths[i] - _width(cell)) if i == 0 else " " * (widths[i] - _width(cell)) + cell
                 for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
