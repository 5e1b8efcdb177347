"""`trainer run`: migrate, seed on first start, then serve the Streamlit app."""

from __future__ import annotations

import argparse
import os
import sys

from trainer.addresses import DEFAULT_PORT, lan_address, public_url
from trainer.cli._common import settings_or_fail, wall_clock
from trainer.db.engine import transaction
from trainer.db.migrate import upgrade
from trainer.i18n import t
from trainer.seed import seed_demo
from trainer.settings import PROJECT_ROOT

APP_SCRIPT = PROJECT_ROOT / "trainer" / "ui" / "app.py"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("run", help="serve the app (migrates and seeds the database first)")
    parser.add_argument("--port", type=int, help="port to serve on (default: Streamlit's, 8501)")
    parser.add_argument("--no-seed", action="store_true", help="do not load the demo world on first start")
    parser.set_defaults(func=cmd_run)


def streamlit_command(port: int | None) -> list[str]:
    """The command line that serves the app; STREAMLIT_* variables stay in force."""
    cmd = [sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT)]
    if port is not None:
        cmd += ["--server.port", str(port)]
    return cmd


def cmd_run(args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    lang = settings.language
    print(t("cli.migrating", lang))
    upgrade(settings.url)
    if not args.no_seed:
        with transaction(settings.url) as session:
            report = seed_demo(session, settings, now=wall_clock(), reset=False)
        if not report.skipped:
            print(t("cli.seed_done", lang))
    env = dict(os.environ)
    env["TRAINER_DATA_DIR"] = str(settings.data_dir)
    env["TRAINER_CONTENT_DIR"] = str(settings.content_dir)
    if settings.database_url:
        env["TRAINER_DATABASE_URL"] = settings.database_url
    cmd = streamlit_command(args.port)
    port = args.port or int(os.environ.get("STREAMLIT_SERVER_PORT") or DEFAULT_PORT)
    print(t("cli.serving", lang, port=port))
    hall = public_url(port)
    no_network = not settings.public_url and lan_address() is None
    print(t("cli.serving_no_network" if no_network else "cli.serving_hall", lang, url=hall))
    os.chdir(PROJECT_ROOT)  # so Streamlit reads the project's .streamlit/config.toml
    os.execve(cmd[0], cmd, env)
    return 0  # not reached
