"""`trainer fake people|households`: print generated Vietnamese people (fake data) as CSV or JSON."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import fields

from trainer.cli import CliError
from trainer.cli._common import settings_or_fail
from trainer.fake.people import Person, generate_households, generate_people
from trainer.settings import AdminModel

MAX_PEOPLE = 1_000_000  # a guard against a typo printing for hours
PERSON_FIELDS = [f.name for f in fields(Person)]


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("fake", help="print fake Vietnamese people or households (practice data)")
    fake_sub = parser.add_subparsers(dest="fake_command", metavar="KIND", required=True)
    for name, help_text in (("people", "adult citizens"), ("households", "households (head, spouse, children...)")):
        p = fake_sub.add_parser(name, help=help_text)
        p.add_argument("-n", type=int, default=10, help="how many (default 10)")
        p.add_argument("--seed", type=int, default=None, help="seed (default: TRAINER_SEED); same seed, same output")
        p.add_argument("--format", choices=("csv", "json"), default="csv")
        p.add_argument("--model", choices=[m.value for m in AdminModel], default=None,
                       help="administrative model (default: TRAINER_ADMIN_MODEL)")
        p.set_defaults(func=cmd_fake, kind=name)


def cmd_fake(args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    if not 0 <= args.n <= MAX_PEOPLE:
        raise CliError(f"-n must be between 0 and {MAX_PEOPLE} (got {args.n})", 2)
    seed = settings.seed if args.seed is None else args.seed
    model = args.model or settings.admin_model
    if args.kind == "people":
        people = generate_people(args.n, seed, model)
    else:
        people = [m for h in generate_households(args.n, seed, model) for m in h.members]
    rows = [p.as_dict() for p in people]
    try:
        _write(rows, args.format)
    except BrokenPipeError:  # `trainer fake people | head`: the reader left, which is fine
        sys.stderr.close()
    return 0


def _write(rows: list[dict[str, object]], fmt: str) -> None:
    if fmt == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        writer = csv.DictWriter(sys.stdout, fieldnames=PERSON_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
