"""`trainer db upgrade`: apply the database migrations."""

from __future__ import annotations

import argparse

from trainer.cli._common import settings_or_fail
from trainer.db.migrate import upgrade
from trainer.i18n import t


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("db", help="database schema: `trainer db upgrade`")
    db_sub = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = db_sub.add_parser("upgrade", help="apply all migrations to the configured database")
    up.set_defaults(func=cmd_upgrade)


def cmd_upgrade(_args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    upgrade(settings.url)
    print(t("cli.db_upgraded", settings.language, url=_safe_url(settings.url)))
    return 0


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
