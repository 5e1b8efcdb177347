"""`trainer backup FILE|FOLDER/ [--keep N]` and `trainer restore FILE [--force]` (see docs/deploy.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from trainer.cli._common import settings_or_fail, wall_clock
from trainer.db import backup as backups
from trainer.i18n import t

SUFFIX = {backups.SQLITE: ".db", backups.POSTGRESQL: ".dump"}
PREFIX = "trainer-"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "backup", help="write a backup of the whole database (safe while the app runs)",
        description="SQLite: online backup API; PostgreSQL: pg_dump --format=custom. A FOLDER (existing, or "
                    "ending in /) gets a dated file trainer-YYYYMMDD-HHMMSS.db|.dump.",
    )
    parser.add_argument("file", metavar="FILE", help="backup file, or a folder for a dated file")
    parser.add_argument("--keep", type=int, metavar="N",
                        help="with a folder: keep only the newest N dated backups there (older ones are deleted)")
    parser.set_defaults(func=cmd_backup)
    restore = sub.add_parser(
        "restore", help="replace the database by a backup (stop the app first)",
        description="Checks the backup's schema version; an older backup is migrated after restoring.",
    )
    restore.add_argument("file", metavar="FILE", help="a file written by `trainer backup`")
    restore.add_argument("--force", action="store_true", help="replace a database that already holds rows")
    restore.set_defaults(func=cmd_restore)


def dated_target(folder: Path, kind: str) -> Path:
    return folder / f"{PREFIX}{wall_clock():%Y%m%d-%H%M%S}{SUFFIX[kind]}"


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` dated backups in folder (by their dated names); returns what was deleted."""
    dated = sorted(p for p in folder.glob(f"{PREFIX}*") if p.suffix in SUFFIX.values() and p.is_file())
    doomed = dated[:-keep] if keep > 0 else []
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def cmd_backup(args: argparse.Namespace) -> int:
    from trainer.cli import CliError

    settings = settings_or_fail()
    lang = settings.language
    kind = backups.backend(settings.url)
    raw = str(args.file)
    target = Path(raw).expanduser()
    folder = target if (target.is_dir() or raw.endswith(("/", "\\"))) else None
    if args.keep is not None and (folder is None or args.keep < 1):
        raise CliError(t("backup.keep_needs_folder", lang), 2)
    if folder is not None:
        target = dated_target(folder, kind)
    report = backups.backup(settings.url, target)
    print(t("backup.done", lang, path=str(report.path), size=_size(report.size_bytes), revision=report.revision))
    if folder is not None and args.keep is not None:
        for path in prune(folder, args.keep):
            print(t("backup.pruned", lang, path=str(path)))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    lang = settings.language
    report = backups.restore(settings.url, Path(args.file).expanduser(), force=args.force)
    print(t("backup.restored", lang, path=str(report.path), revision=report.revision))
    if report.migrated_to:
        print(t("backup.migrated", lang, revision=report.migrated_to))
    return 0


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, size // 1024)} KB"
