"""The `trainer` command: every module in this package adds its subcommands through register()."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from trainer.content.problems import ContentError
from trainer.db.storage import storage_problem
from trainer.errors import TrainerError
from trainer.i18n import t
from trainer.settings import get_settings


class CliError(Exception):
    """An error already phrased for the terminal: printed as one line, exit code given."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trainer",
        description="Một Cửa Sandbox — môi trường thực hành dịch vụ công trực tuyến (practice copy, fake data).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; expected errors print one line and exit non-zero."""
    parser = build_parser()
    args = parser.parse_args(argv)
    lang = get_settings().language if _settings_ok() else "vi"
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"trainer: {exc}", file=sys.stderr)
        return exc.code
    except TrainerError as exc:
        print(f"trainer: {t(exc.key, lang, **exc.params)}", file=sys.stderr)
        return 1
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except OperationalError as exc:
        if (problem := storage_problem(exc)) is not None:
            return _storage_line(problem, exc, lang)
        print(f"trainer: {t('cli.db_unreachable', lang, error=_first_line(exc.orig or exc))}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        if (problem := storage_problem(exc)) is not None:
            return _storage_line(problem, exc, lang)
        print(f"trainer: {t('cli.db_error', lang, error=_first_line(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `trainer stats | head`: the reader left; not an error worth a message
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:
        if os.environ.get("TRAINER_DEBUG"):
            raise
        if (problem := storage_problem(exc)) is not None:  # a full disk or read-only folder met outside SQL
            return _storage_line(problem, exc, lang)
        print(f"trainer: {t('cli.unexpected', lang, error=_first_line(exc))}", file=sys.stderr)
        return 1


def _storage_line(problem: str, exc: BaseException, lang: str) -> int:
    """A full disk or read-only data dir: one line (the transaction was rolled back, nothing is half-written)."""
    detail = _first_line(getattr(exc, "orig", None) or exc)
    print(f"trainer: {t(f'storage.cli_{problem}', lang, error=detail)}", file=sys.stderr)
    return 1


def _settings_ok() -> bool:
    try:
        get_settings()
    except Exception:  # noqa: BLE001 — a bad setting is reported by the command itself
        return False
    return True


def _first_line(exc: object) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


if __name__ == "__main__":
    sys.exit(main())
