"""`trainer check [PATH ...] [--format text|json]`: validate content files, report located problems."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from trainer.cli._common import settings_or_fail
from trainer.content.check import CheckResult, run_check
from trainer.i18n import t

BASE_COUNTS: dict[str, Any] = {"scenarios": 0, "questions": 0, "questions_by_topic": {}, "quizzes": 0, "paths": 0,
                               "eforms": 0}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("check", help="validate content (scenarios, quizzes, reference data); exit 1 on any problem")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: all content)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.set_defaults(func=cmd_check)


def merge_counts(into: dict[str, Any], counts: dict[str, Any]) -> dict[str, Any]:
    """Add counts from one checker: numbers add up, dicts merge the same way, anything else is replaced."""
    for key, value in counts.items():
        current = into.get(key)
        if isinstance(value, dict):
            into[key] = merge_counts(dict(current) if isinstance(current, dict) else {}, value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and isinstance(current, (int, float)):
            into[key] = current + value
        else:
            into[key] = value
    return into


def report(results: dict[str, CheckResult]) -> dict[str, Any]:
    """The JSON report: ok, merged counts, every problem with its content kind."""
    counts = merge_counts({k: (dict(v) if isinstance(v, dict) else v) for k, v in BASE_COUNTS.items()}, {})
    errors = []
    for kind, result in results.items():
        merge_counts(counts, result.counts)
        errors.extend({"kind": kind, **p.as_dict(), "text": str(p)} for p in result.problems)
    return {"ok": not errors, "counts": counts, "errors": errors}


def cmd_check(args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    data = report(run_check(list(args.paths), settings))
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for error in data["errors"]:
            print(error["text"])
        counts = data["counts"]
        key = "check.ok" if data["ok"] else "check.failed"
        print(t(key, settings.language, errors=len(data["errors"]), questions=counts["questions"],
                topics=len(counts["questions_by_topic"]), quizzes=counts["quizzes"], scenarios=counts["scenarios"],
                eforms=counts.get("eforms", 0)))
    return 0 if data["ok"] else 1
