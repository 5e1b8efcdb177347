"""Backup and restore of the whole database (`trainer backup FILE`, `trainer restore FILE`).

SQLite: SQLite's online backup API (`sqlite3.Connection.backup`, all pages in one step), so a backup taken while the
app serves and writes is a consistent snapshot of one moment; the copy is switched to a rollback journal (one
self-contained file) and passes `PRAGMA integrity_check` before it is given its name.
PostgreSQL: `pg_dump --format=custom` when it is on the PATH; restored with `pg_restore` into SQL fed to `psql` in
one transaction that first empties the `public` schema, so a failed restore leaves the database as it was.

Either way the file is written beside its final name and renamed into place only when complete: a full disk or a
killed command never leaves a half-written backup under the name asked for. A restore reads the backup's schema
version first (refusing one newer than this program), refuses a database that holds rows unless forced, and
migrates an older backup to the current schema afterwards.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import func, inspect, select, table
from sqlalchemy.engine import URL, make_url

from trainer.db.engine import dispose, get_engine, read_only_place
from trainer.errors import TrainerError

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
VERSION_TABLE = "alembic_version"
SQLITE = "sqlite"
POSTGRESQL = "postgresql"


class BackupError(TrainerError):
    """A backup or restore cannot be done; the message says why and what to do (key under `backup.`)."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    kind: str
    size_bytes: int
    revision: str


@dataclass(frozen=True)
class RestoreReport:
    path: Path
    kind: str
    revision: str  # the backup's schema version
    migrated_to: str | None  # the schema it was brought up to, when older
    replaced_rows: int  # rows the database held before (0 unless --force)


# --- schema versions ----------------------------------------------------------------------------------------------

def revisions() -> list[str]:
    """Every schema version this program knows, oldest first."""
    from alembic.script import ScriptDirectory

    from trainer.db.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def _check_revision(revision: str | None, path: Path) -> str:
    known = revisions()
    if not revision:
        raise BackupError("backup.not_a_backup", path=str(path))
    if revision not in known:
        raise BackupError("backup.newer_schema", path=str(path), revision=revision, head=known[-1])
    return revision


# --- helpers ------------------------------------------------------------------------------------------------------

def backend(url: str) -> str:
    name = make_url(url).get_backend_name()
    if name not in (SQLITE, POSTGRESQL):
        raise BackupError("backup.unsupported_database", backend=name)
    return name


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("backup.memory_database")
    if database.startswith("file:"):
        database = database[5:].split("?", 1)[0]
    return Path(database)


def kind_of_file(path: Path) -> str:
    """sqlite or postgresql, by the file's first bytes."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError as exc:
        raise BackupError("backup.no_such_file", path=str(path)) from exc
    except IsADirectoryError as exc:
        raise BackupError("backup.no_such_file", path=str(path)) from exc
    if head.startswith(SQLITE_MAGIC):
        return SQLITE
    if head.startswith(PGDUMP_MAGIC):
        return POSTGRESQL
    raise BackupError("backup.not_a_backup", path=str(path))


def _storage_error(exc: BaseException, path: Path) -> BackupError | None:
    """A full disk or a place that cannot be written, as a one-line message; None for anything else."""
    text = str(exc).lower()
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return BackupError("backup.disk_full", path=str(path))
    if isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return BackupError("backup.cannot_write", path=str(path))
    if "disk is full" in text or "no space left" in text:
        return BackupError("backup.disk_full", path=str(path))
    if "readonly" in text or "read-only" in text or "unable to open database file" in text:
        return BackupError("backup.cannot_write", path=str(path))
    return None


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:  # a read-only folder: there is nothing of ours in it anyway
        pass


def _partial_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.partial-{os.getpid()}")


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())
    try:
        folder = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(folder)
    except OSError:
        pass
    finally:
        os.close(folder)


def count_rows(url: str) -> dict[str, int]:
    """Rows per table (the schema version's own table left out); empty when the database has no tables yet."""
    if backend(url) == SQLITE and not sqlite_path(url).exists():
        return {}
    engine = get_engine(url)
    with engine.connect() as connection:
        names = [n for n in inspect(connection).get_table_names() if n != VERSION_TABLE]
        counts = {name: connection.scalar(select(func.count()).select_from(table(name))) or 0 for name in names}
    return {name: count for name, count in counts.items() if count}


# --- libpq --------------------------------------------------------------------------------------------------------

def _libpq(url: str) -> tuple[dict[str, str], str]:
    """Environment for the PostgreSQL client programs (password never on the command line) and the database name."""
    parsed: URL = make_url(url)
    env = dict(os.environ)
    host = parsed.query.get("host") or parsed.host
    if isinstance(host, tuple):
        host = host[0]
    for name, value in (("PGHOST", host), ("PGPORT", parsed.port), ("PGUSER", parsed.username),
                        ("PGPASSWORD", parsed.password)):
        if value is not None:
            env[name] = str(value)
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    if not parsed.database:
        raise BackupError("backup.unsupported_database", backend="postgresql (no database name)")
    env["PGDATABASE"] = parsed.database
    return env, parsed.database


def _client(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        raise BackupError("backup.no_pg_client", program=program)
    return found


def _run(cmd: list[str], env: dict[str, str], program: str, path: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        message = (done.stderr or done.stdout).strip().splitlines()
        first = next((line for line in message if "error" in line.lower()), message[0] if message else "")
        if "no space left" in first.lower() or "disk full" in first.lower():
            raise BackupError("backup.disk_full", path=str(path))
        raise BackupError("backup.client_failed", program=program, error=first or f"exit {done.returncode}")
    return done


# --- backup -------------------------------------------------------------------------------------------------------

def backup(url: str, target: Path) -> BackupReport:
    """Write a complete backup of the database at url to target (replacing it only once the new one is whole)."""
    kind = backend(url)
    target = Path(target)
    if target.is_dir():
        raise BackupError("backup.target_is_folder", path=str(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _storage_error(exc, target) or exc from exc
    partial = _partial_name(target)
    try:
        if kind == SQLITE:
            revision = _sqlite_backup(sqlite_path(url), partial)
        else:
            revision = _pg_backup(url, partial)
        _fsync(partial)
        os.replace(partial, target)
    except BackupError:
        _remove(partial)
        raise
    except (OSError, sqlite3.Error) as exc:
        _remove(partial)
        storage = _storage_error(exc, target)
        if storage is not None:
            raise storage from exc
        raise
    return BackupReport(path=target, kind=kind, size_bytes=target.stat().st_size, revision=revision)


def _sqlite_backup(source: Path, partial: Path) -> str:
    if not source.exists():
        raise BackupError("backup.no_database", path=str(source))
    partial.unlink(missing_ok=True)
    if read_only_place(source):  # a read-only data dir: still backed up (that is when a copy is wanted most)
        src = sqlite3.connect(f"file:{quote(str(source.resolve()))}?immutable=1", uri=True)
    else:
        src = sqlite3.connect(source, timeout=30)
    try:
        revision = _sqlite_revision(src)
        if revision is None:
            raise BackupError("backup.not_migrated", path=str(source))
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)  # pages=-1: the whole database in one step, one consistent snapshot
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal/-shm beside it
            verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dst.close()
    finally:
        src.close()
    if verdict != "ok":
        raise BackupError("backup.corrupt_source", path=str(source), error=verdict)
    return revision


def _sqlite_revision(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def _pg_backup(url: str, partial: Path) -> str:
    pg_dump = _client("pg_dump")
    env, _name = _libpq(url)
    with get_engine(url).connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            raise BackupError("backup.not_migrated", path=make_url(url).render_as_string(hide_password=True))
    _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"], env, "pg_dump", partial)
    revision = _pg_file_revision(partial)
    if not revision:
        raise BackupError("backup.not_a_backup", path=str(partial))
    return revision


def _pg_file_revision(path: Path) -> str | None:
    """The schema version stored in a pg_dump custom-format file (its alembic_version rows)."""
    pg_restore = _client("pg_restore")
    done = _run([pg_restore, "--data-only", f"--table={VERSION_TABLE}", "--file=-", str(path)], dict(os.environ),
                "pg_restore", path)
    lines = done.stdout.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("COPY ") and VERSION_TABLE in line:
            value = lines[index + 1].strip() if index + 1 < len(lines) else ""
            return None if value in ("", "\\.") else value
    return None


# --- restore ------------------------------------------------------------------------------------------------------

def backup_revision(path: Path) -> tuple[str, str]:
    """(kind, schema version) of a backup file; a located message when it is not one of ours."""
    kind = kind_of_file(path)
    if kind == SQLITE:
        try:
            connection = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            raise BackupError("backup.not_a_backup", path=str(path)) from exc
        try:
            verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":
                raise BackupError("backup.corrupt_backup", path=str(path), error=verdict)
            revision = _sqlite_revision(connection)
        except sqlite3.DatabaseError as exc:
            raise BackupError("backup.corrupt_backup", path=str(path), error=str(exc)) from exc
        finally:
            connection.close()
    else:
        revision = _pg_file_revision(path)
    return kind, _check_revision(revision, path)


def restore(url: str, source: Path, *, force: bool = False) -> RestoreReport:
    """Replace the database at url by the backup in source; an older backup is migrated to the current schema."""
    from trainer.db.migrate import upgrade

    source = Path(source)
    target_kind = backend(url)
    kind, revision = backup_revision(source)
    if kind != target_kind:
        raise BackupError("backup.wrong_kind", path=str(source), backup=kind, database=target_kind)
    held = count_rows(url)
    if held and not force:
        raise BackupError("backup.has_data", rows=sum(held.values()), tables=len(held))
    dispose(url)
    if kind == SQLITE:
        _sqlite_restore(source, sqlite_path(url))
    else:
        _pg_restore(url, source)
    dispose(url)
    head = revisions()[-1]
    migrated = None
    if revision != head:
        upgrade(url)
        migrated = head
    return RestoreReport(path=source, kind=kind, revision=revision, migrated_to=migrated,
                         replaced_rows=sum(held.values()))


def _sqlite_restore(source: Path, target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(f"file:{quote(str(source.resolve()))}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(target, timeout=30)
            try:
                src.backup(dst)  # one write transaction on the target: all pages or, on failure, none
                dst.execute("PRAGMA journal_mode=WAL")
            finally:
                dst.close()
        finally:
            src.close()
    except (OSError, sqlite3.Error) as exc:
        storage = _storage_error(exc, target)
        if storage is not None:
            raise storage from exc
        raise


def _pg_restore(url: str, source: Path) -> None:
    pg_restore = _client("pg_restore")
    psql = _client("psql")
    env, _name = _libpq(url)
    with tempfile.TemporaryDirectory(prefix="trainer-restore-") as folder:
        script = Path(folder) / "restore.sql"
        _run([pg_restore, "--no-owner", "--no-privileges", f"--file={script}", str(source)], env, "pg_restore", source)
        prelude = Path(folder) / "prelude.sql"
        prelude.write_text("DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n", encoding="utf-8")
        # -1: the prelude and the whole script in one transaction; ON_ERROR_STOP: the first error rolls it all back
        _run([psql, "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-f", str(prelude), "-f", str(script)], env, "psql",
             source)


def database_revision(url: str) -> str | None:
    """The schema version of the database at url (None before its first migration)."""
    from alembic.runtime.migration import MigrationContext

    with get_engine(url).connect() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
    return heads[0] if heads else None
