"""`trainer export xapi -o FILE.jsonl`: every learning record as xAPI statements, one JSON object per line.

Run on the server's own shell (like `trainer admin`), it exports every trainee; ids are stable across exports
(uuid5 of what each statement records), actors are opaque accounts, never e-mail addresses (`trainer.reports.xapi`).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from trainer.cli._common import settings_or_fail
from trainer.db.engine import transaction
from trainer.db.migrate import upgrade


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("export", help="export learning records (xAPI statements as JSON lines)")
    kinds = parser.add_subparsers(dest="export_kind", metavar="KIND", required=True)
    xapi = kinds.add_parser("xapi", help="quiz answers, scenario steps and runs, paths and certificates as xAPI")
    xapi.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.jsonl", help="where to write ('-': stdout)")
    xapi.set_defaults(func=cmd_xapi)


def cmd_xapi(args: argparse.Namespace) -> int:
    import sys

    from trainer.actor import Actor
    from trainer.cli import CliError
    from trainer.reports.xapi import write_jsonl

    settings = settings_or_fail()
    upgrade(settings.url)
    out: Path = args.output
    with transaction(settings.url) as session:
        if str(out) == "-":
            count = write_jsonl(session, Actor.operator_shell(), sys.stdout)
        else:
            folder = out.resolve().parent
            if not folder.is_dir():
                raise CliError(f"Không có thư mục {folder} để ghi tệp.", 2)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".xapi-", suffix=".jsonl")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    count = write_jsonl(session, Actor.operator_shell(), handle)
                os.replace(tmp, out)  # all or nothing: a half-written file never takes the name
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
    print(f"Đã ghi {count:,} câu lệnh xAPI vào {out}.".replace(",", "."), file=sys.stderr if str(out) == "-" else sys.stdout)
    return 0
