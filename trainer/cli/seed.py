"""`trainer seed [--reset] [--profile ID]`: load the demo world, or one period of calibrated history."""

from __future__ import annotations

import argparse
import time

from trainer.cli._common import settings_or_fail, wall_clock
from trainer.db.engine import transaction
from trainer.db.migrate import upgrade
from trainer.i18n import t
from trainer.seed import seed_demo


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("seed", help="load the demo world into the database")
    parser.add_argument("--reset", action="store_true", help="delete the demo world first and load it again")
    parser.add_argument(
        "--profile", metavar="ID",
        help="generate one period of calibrated history instead (e.g. bac-kan-2018, bac-kan-2019h1; "
        "files in sandbox_data/profiles/); re-running replaces that profile's rows. 'province-scale': a whole "
        "province's training campaign (>= 5,000 trainees, 100,000 answers, 20,000 runs) plus the 2018 history",
    )
    parser.set_defaults(func=cmd_seed)


def cmd_seed(args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    upgrade(settings.url)
    lang = settings.language
    if args.profile == "province-scale":
        return _seed_province_scale(settings)
    if args.profile:
        return _seed_profile(args.profile, settings)
    with transaction(settings.url) as session:
        report = seed_demo(session, settings, now=wall_clock(), reset=args.reset)
    if report.skipped:
        print(t("cli.seed_already", lang))
    else:
        for line in report.lines:
            print(line)
        print(t("cli.seed_done", lang))
    return 0


def _n(value: int, lang: str) -> str:
    """73138 → "73.138" in Vietnamese, "73,138" in English."""
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "vi" else text


def _seed_profile(profile_id: str, settings) -> int:  # type: ignore[no-untyped-def]
    from trainer.fake.history import load_history
    from trainer.fake.profiles import load_profile

    profile = load_profile(profile_id, settings)
    started = time.perf_counter()
    with transaction(settings.url) as session:
        rows = load_history(session, profile, now=wall_clock(), settings=settings)
    received = sum(1 for row in rows.dossiers if row["received_at"] is not None)
    print(t("fake.seeded", settings.language, profile=profile.id, title=profile.title_in(settings.language),
            dossiers=_n(received, settings.language), shipments=_n(len(rows.shipments), settings.language),
            seconds=f"{time.perf_counter() - started:.1f}", period=profile.period))
    return 0



def _seed_province_scale(settings) -> int:  # type: ignore[no-untyped-def]
    """A province's campaign in bulk, with a progress bar on stderr."""
    import sys

    from trainer.fake.province_scale import seed_province_scale

    lang = settings.language
    started = time.perf_counter()

    def progress(done: int, total: int, label: str) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        sys.stderr.write(f"\r{label:<18} [{'#' * filled}{'.' * (width - filled)}] {_n(done, lang)}/{_n(total, lang)}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    with transaction(settings.url) as session:
        report = seed_province_scale(session, now=wall_clock(), settings=settings, progress=progress)
    if not report.skipped and settings.url.startswith("postgresql"):
        # fresh statistics after a bulk load (a server may run without autovacuum): without them PostgreSQL
        # planned the dashboard's queries for 900 trainees instead of 5,152
        from sqlalchemy import text

        with transaction(settings.url) as session:
            session.execute(text("ANALYZE"))
    if report.skipped:
        print("Chiến dịch quy mô tỉnh đã có trong cơ sở dữ liệu; không thay đổi gì." if lang == "vi" else
              "The province-scale campaign is already in the database; nothing changed.")
        return 0
    print(("Đã tạo (dữ liệu giả) {c} xã, {t} người học, {w} lớp, {a} câu trả lời, {r} lượt kịch bản ({s} bước), "
           "{g} giấy chứng nhận và lịch sử 2018 ({d} hồ sơ) trong {sec} giây.").format(
        c=_n(report.communes, lang), t=_n(report.trainees, lang), w=_n(report.workshops, lang),
        a=_n(report.answers, lang), r=_n(report.runs, lang), s=_n(report.steps, lang), g=_n(report.certificates, lang),
        d=_n(report.history_dossiers, lang), sec=f"{time.perf_counter() - started:.1f}"))
    return 0
