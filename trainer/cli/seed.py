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
        "files in sandbox_data/profiles/); re-running replaces that profile's rows",
    )
    parser.set_defaults(func=cmd_seed)


def cmd_seed(args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    upgrade(settings.url)
    lang = settings.language
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

