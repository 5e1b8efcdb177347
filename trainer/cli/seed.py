"""`trainer seed [--reset]`: load the demo world (reference data and demo sandboxes)."""

from __future__ import annotations

import argparse

from trainer.cli._common import settings_or_fail, wall_clock
from trainer.db.engine import transaction
from trainer.db.migrate import upgrade
from trainer.i18n import t
from trainer.seed import seed_demo


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("seed", help="load the demo world into the database")
    parser.add_argument("--reset", action="store_true", help="delete the demo world first and load it again")
    parser.set_defaults(func=cmd_seed)


def cmd_seed(args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    upgrade(settings.url)
    with transaction(settings.url) as session:
        report = seed_demo(session, settings, now=wall_clock(), reset=args.reset)
    lang = settings.language
    if report.skipped:
        print(t("cli.seed_already", lang))
    else:
        for line in report.lines:
            print(line)
        print(t("cli.seed_done", lang))
    return 0
