"""`trainer report check FILE` / `trainer report import FILE`: the province's monthly per-commune report of the real
one-stop system (CSV or XLSX), checked row by row as the dashboard page would import it, all or nothing.

`check` prints each row it would import or each problem with its row number and exits 1 on any problem (`--report
OUT.xlsx` writes the Vietnamese error report); `import` stores every row as the server's operator (every unit) and
writes one event. Columns: docs/dashboard.md, "Số liệu thật".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.cli._common import settings_or_fail, wall_clock


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("report", help="the real one-stop system's monthly per-commune report (CSV or XLSX)")
    report = parser.add_subparsers(dest="report_command", metavar="ACTION", required=True)
    for name, helptext, func in (
            ("check", "check a monthly report offline: each row it would import, or each problem", cmd_check),
            ("import", "import a monthly report (every row, or none if any is wrong)", cmd_import)):
        action = report.add_parser(name, help=helptext)
        action.add_argument("file", type=Path, metavar="FILE", help="a .csv (UTF-8, UTF-8 with BOM, Windows-1258) or .xlsx")
        action.add_argument("--report", type=Path, metavar="OUT.xlsx", help="on problems, also write the error report here")
        action.set_defaults(func=func)


def _read(path: Path) -> bytes:
    from trainer.cli import CliError
    from trainer.reports.real_figures import MAX_BYTES

    try:
        if path.stat().st_size > MAX_BYTES * 4:
            return path.read_bytes()[: MAX_BYTES + 1]  # enough to say it is too big, without reading it all
        return path.read_bytes()
    except OSError as exc:
        raise CliError(f"Không đọc được tệp {path}: {exc.strerror or exc}", 2) from exc


def _problems(problems, args: argparse.Namespace, lang: str) -> int:  # type: ignore[no-untyped-def]
    from trainer.i18n import t
    from trainer.training.roster import error_report_xlsx

    for problem in problems:
        print(str(problem))
    print(t("real_figures.cli.failed", lang, n=len(problems)))
    if args.report:
        args.report.write_bytes(error_report_xlsx(problems, args.file.name, subject="báo cáo tháng"))
        print(f"Đã ghi báo cáo lỗi: {args.report}")
    return 1


def cmd_check(args: argparse.Namespace) -> int:
    from trainer.i18n import t
    from trainer.reports.real_figures import read_report

    settings = settings_or_fail()
    result = read_report(_read(args.file), args.file.name, today=wall_clock().date())
    if result.problems:
        return _problems(result.problems, args, settings.language)
    out = sys.stdout
    for e in result.entries:
        handled = f" · đã giải quyết {e.handled}" if e.handled is not None else ""
        print(f"dòng {e.row}: {e.unit_label} ({e.unit_code}) · {e.month:%m/%Y} · tiếp nhận {e.received}"
              f" · trực tuyến {e.online}{handled} · đúng hạn {e.on_time}", file=out)
    months = sorted({e.month for e in result.entries})
    print(t("real_figures.cli.would_import", settings.language, n=len(result.entries),
            communes=len({e.unit_code for e in result.entries}), first=f"{months[0]:%m/%Y}",
            last=f"{months[-1]:%m/%Y}"), file=out)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from trainer.actor import Actor
    from trainer.db.engine import transaction
    from trainer.db.migrate import upgrade
    from trainer.i18n import t
    from trainer.reports.real_figures import import_report

    settings = settings_or_fail()
    data = _read(args.file)
    upgrade(settings.url)
    with transaction(settings.url) as session:
        result = import_report(session, actor=Actor.operator_shell(), data=data, filename=args.file.name,
                               now=wall_clock())
    if result.problems:
        return _problems(result.problems, args, settings.language)
    print(t("real_figures.cli.imported", settings.language, n=result.imported, replaced=result.replaced))
    return 0
