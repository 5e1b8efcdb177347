"""`python -m bench` (make bench): run the benchmarks and print their results; exit 1 when a target is missed.

    python -m bench [load options]           history, the full load table, a 10-minute soak
    python -m bench history                  the history benchmark only
    python -m bench load --n 10 --path citizen [--no-defaults] [--no-pg] [--soak-minutes 0]
    python -m bench soak --soak-minutes 10   the soak only
    python -m bench profile FILE...          the top entries of py-spy raw profiles
    python -m bench dashboard [--no-pg]      the leaders' dashboard at province scale (seeds it first)

BENCH_N, BENCH_PATHS and BENCH_SOAK_MINUTES set the defaults of --n, --path and --soak-minutes
(`make bench BENCH_N=10 BENCH_PATHS=citizen BENCH_SOAK_MINUTES=0` for a quick run).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.replace(" ", "").split(",") if x)


def _names(text: str) -> tuple[str, ...]:
    from bench.load import PATH_NAMES

    names = tuple(x for x in text.replace(" ", "").split(",") if x)
    unknown = [n for n in names if n not in PATH_NAMES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown path {unknown}; paths: {', '.join(PATH_NAMES)}")
    return names


def _flags(items: list[str]) -> dict[str, str]:
    flags = {}
    for item in items:
        name, _, value = item.partition("=")
        flags[name] = value
    return flags


def parser() -> argparse.ArgumentParser:
    from bench.load import NS, PATH_NAMES
    from bench.soak import SOAK_MINUTES, SOAK_PARTICIPANTS

    top = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    sub = top.add_subparsers(dest="command")
    sub.add_parser("history", help="generate and store the bac-kan-2018 history on SQLite")
    for name in ("all", "load", "soak", "board"):
        p = sub.add_parser(name, help={"all": "history, load table, board, dashboard and soak (the default)",
                                        "load": "the load table", "soak": "continuous load, RSS over time",
                                        "board": "the live board's cost: N participants with and without it"}[name])
        p.add_argument("--n", type=_ints, default=_ints(os.environ.get("BENCH_N", ",".join(map(str, NS)))),
                       help="participants per run, comma separated (default 1,10,30,60)")
        p.add_argument("--path", type=_names, default=_names(os.environ.get("BENCH_PATHS", ",".join(PATH_NAMES))),
                       help="paths, comma separated (default citizen,desk,quiz)")
        p.add_argument("--no-defaults", action="store_true", help="skip the bare app at Streamlit's defaults")
        p.add_argument("--no-pg", action="store_true", help="skip the citizen path on PostgreSQL")
        p.add_argument("--soak-minutes", type=float,
                       default=float(os.environ.get("BENCH_SOAK_MINUTES", SOAK_MINUTES if name != "load" else 0)),
                       help=f"minutes of continuous load for the RSS soak (0: none; default {SOAK_MINUTES} with "
                            "`all` and `soak`, 0 with `load`)")
        p.add_argument("--soak-participants", type=int, default=SOAK_PARTICIPANTS,
                       help=f"participants at a time during the soak (default {SOAK_PARTICIPANTS})")
        p.add_argument("--app-flag", action="append", default=[], metavar="OPTION=VALUE",
                       help="an extra Streamlit option for the app server, e.g. runner.postScriptGC=false (trials)")
        p.add_argument("--bare-flag", action="append", default=[], metavar="OPTION=VALUE",
                       help="an extra Streamlit option for the bare app under the same settings")
        p.add_argument("--py-spy", type=Path, metavar="DIR",
                       help="record py-spy raw profiles of the app server during the runs of --py-spy-n")
        p.add_argument("--py-spy-n", type=_ints, default=(60,), help="the N whose runs are profiled (default 60)")
    dash = sub.add_parser("dashboard", help="the leaders' dashboard at province scale: page rerun against raw SQL")
    dash.add_argument("--no-pg", action="store_true", help="SQLite only")
    dash.add_argument("--reruns", type=int, default=5, help="reruns per leader and database (default 5)")
    dash.add_argument("--sqlite-dir", type=Path, help="a data folder already seeded with province-scale (no seed)")
    dash.add_argument("--pg-url", help="a PostgreSQL database already seeded with province-scale (no seed)")
    prof = sub.add_parser("profile", help="summarise py-spy raw profiles")
    prof.add_argument("files", nargs="+", type=Path)
    prof.add_argument("--top", type=int, default=25)
    return top


def _history() -> bool:
    os.environ.setdefault("TRAINER_DATA_DIR", tempfile.mkdtemp(prefix="trainer-bench-data-"))
    from bench import history

    result = history.run()
    print(history.report(result), flush=True)
    return result.ok


def _load(args: argparse.Namespace) -> bool:
    from bench import load

    plan = load.Plan(ns=args.n, paths=args.path, bare_defaults=not args.no_defaults, postgres=not args.no_pg,
                     app_flags=_flags(args.app_flag), bare_flags=_flags(args.bare_flag), py_spy=args.py_spy,
                     py_spy_ns=args.py_spy_n)
    print(f"\nload: N = {', '.join(map(str, plan.ns))}; paths: {', '.join(plan.paths)}"
          + (f"; app options {plan.app_flags}" if plan.app_flags else ""), flush=True)
    print(load.HEADER, flush=True)
    results = load.run(plan, report=lambda text: print(text, flush=True))
    print("\nload table (ratios to the bare app under the same settings and N, measured in this run):")
    print(load.table(results))
    checks = load.targets(results)
    for met, sentence in checks:
        print(f"  {'OK    ' if met else 'MISSED'} {sentence}")
    return all(met for met, _ in checks)


def _board(args: argparse.Namespace) -> bool:
    from bench import board
    from bench.load import HEADER

    n = max(args.n) if args.n else 60
    print(f"\nboard: N = {n}, citizen path in one workshop, without and with the projector's board", flush=True)
    print(HEADER, flush=True)
    checks, _ = board.run(n, report=lambda text: print(text, flush=True))
    for met, sentence in checks:
        print(f"  {'OK    ' if met else 'MISSED'} {sentence}")
    return all(met for met, _ in checks)


def _dashboard(args: argparse.Namespace) -> bool:
    from bench import dashboard

    print("\ndashboard: the leaders' page at province scale, SQLite" + ("" if args.no_pg else " and PostgreSQL"),
          flush=True)
    return dashboard.run(report=lambda text: print(text, flush=True), postgres=not args.no_pg,
                         reruns=getattr(args, "reruns", dashboard.RERUNS), sqlite_dir=getattr(args, "sqlite_dir", None),
                         pg_url=getattr(args, "pg_url", None))


def _soak(args: argparse.Namespace) -> bool:
    from bench import soak

    result = soak.run(minutes=args.soak_minutes, participants=args.soak_participants, paths=args.path,
                      flags=_flags(args.app_flag), report=lambda text: print(text, flush=True))
    print(soak.report(result))
    return result.flat


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0].startswith("-"):  # `python -m bench [options]`: everything
        argv = ["all", *argv]
    args = parser().parse_args(argv)
    command = args.command
    if command == "profile":
        from bench import profile

        for file in args.files:
            print(profile.report(file, top=args.top))
        return 0
    if command == "history":
        return 0 if _history() else 1
    if command == "dashboard":
        return 0 if _dashboard(args) else 1
    ok = True
    if command == "all":
        ok = _history() and ok
    if command in ("all", "load"):
        ok = _load(args) and ok
    if command in ("all", "board"):
        ok = _board(args) and ok
    if command == "all":
        ok = _dashboard(args) and ok
    if args.soak_minutes > 0:
        ok = _soak(args) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
