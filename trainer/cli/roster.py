"""`trainer roster check FILE`: check a roster (CSV or XLSX) offline, as the workshop page would import it.

Prints each row it would import (names intact, in NFC) or each problem with its row number, and exits 1 on any
problem. `--report OUT.xlsx` also writes the Vietnamese error report the workshop page offers for download.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.cli._common import settings_or_fail

AUDIENCE_WORDS = {"official": "cán bộ", "citizen": "người dân"}
ENCODING_WORDS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 có BOM", "cp1258": "Windows-1258"}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("roster", help="rosters of workshop participants (CSV or XLSX)")
    roster = parser.add_subparsers(dest="roster_command", metavar="ACTION", required=True)
    check = roster.add_parser("check", help="check a roster file offline: each row it would import, or each problem")
    check.add_argument("file", type=Path, metavar="FILE", help="a .csv (UTF-8, UTF-8 with BOM, Windows-1258) or .xlsx")
    check.add_argument("--report", type=Path, metavar="OUT.xlsx", help="also write the error report (XLSX) here")
    check.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    from trainer.cli import CliError
    from trainer.training.roster import MAX_BYTES, error_report_xlsx, read_roster

    settings_or_fail()
    path: Path = args.file
    try:
        if path.stat().st_size > MAX_BYTES * 4:
            data = path.read_bytes()[: MAX_BYTES + 1]  # enough to say it is too big, without reading it all
        else:
            data = path.read_bytes()
    except OSError as exc:
        raise CliError(f"Không đọc được tệp {path}: {exc.strerror or exc}", 2) from exc
    result = read_roster(data, path.name)
    out = sys.stdout
    if result.problems:
        for problem in result.problems:
            print(str(problem), file=out)
        print(f"Có {len(result.problems)} lỗi: sẽ không nhập dòng nào. Sửa rồi kiểm tra lại.", file=out)
        if args.report:
            args.report.write_bytes(error_report_xlsx(result.problems, path.name))
            print(f"Đã ghi báo cáo lỗi: {args.report}", file=out)
        return 1
    for entry in result.entries:
        parts = [entry.name, entry.position or "—", f"{entry.unit_label} ({entry.unit_code})",
                 AUDIENCE_WORDS[entry.audience]]
        if entry.phone:
            parts.append(entry.phone)
        print(f"dòng {entry.row}: " + " · ".join(parts), file=out)
    kind = ENCODING_WORDS.get(result.encoding, result.encoding) if result.kind == "csv" else "XLSX"
    print(f"Sẽ nhập {len(result.entries)} học viên ({kind}).", file=out)
    return 0
