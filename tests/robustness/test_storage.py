"""A full disk and a read-only data dir (issue 17 item 5): one clear message, nothing half-written, reads go on.

The CLI tests run the real commands in a private mount namespace (`unshare -m`, as root here): the data dir is a
small tmpfs that fills up, or a read-only bind mount of itself; nothing outside the child process sees either.
The page tests make SQLite answer SQLITE_FULL / SQLITE_READONLY to every write of the app's engine.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from tests.conftest import IN_CI
from tests.support import migrated_sqlite
from trainer.db.engine import dispose, get_engine, get_session_factory
from trainer.db.storage import FULL, READ_ONLY, storage_problem
from trainer.seed import seed_demo
from trainer.settings import get_settings
from trainer.training.models import Trainee

ROOT = Path(__file__).resolve().parents[2]
TRAINER = [sys.executable, "-m", "trainer.cli"]


def _namespaces_work() -> str | None:
    if shutil.which("unshare") is None:
        return "unshare is not installed"
    done = subprocess.run(["unshare", "-m", "true"], capture_output=True, text=True, check=False)
    return None if done.returncode == 0 else f"unshare -m fails here: {done.stderr.strip()}"


@pytest.fixture(scope="module")
def namespaces() -> None:
    reason = _namespaces_work()
    if reason is not None:
        if IN_CI:
            pytest.fail(f"{reason} (CI=true: the full-disk tests may not be skipped; run as root)")
        pytest.skip(reason)


def _in_namespace(mount: str, script: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRAINER_")}
    env.update(TRAINER_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT))
    return subprocess.run(["unshare", "-m", "sh", "-c", f"{mount} && {script}"], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300, check=False)


def _trainer(*args: str) -> str:
    return shlex.join([*TRAINER, *args])


def test_a_full_disk_is_one_line_from_the_cli_and_nothing_is_half_written(namespaces, tmp_path: Path) -> None:
    data = tmp_path / "var"
    data.mkdir()
    template = Path(migrated_sqlite(tmp_path / "migrated.db").removeprefix("sqlite:///"))
    size_kb = template.stat().st_size // 1024 + 160  # room for the empty schema, not for the demo world
    mount = f"mount -t tmpfs -o size={size_kb}k tmpfs {shlex.quote(str(data))}"
    check = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
             "print(c.execute('PRAGMA integrity_check').fetchone()[0], "
             "c.execute('SELECT count(*) FROM units').fetchone()[0], "
             "c.execute(\"SELECT count(*) FROM meta WHERE key LIKE 'seed%'\").fetchone()[0])")
    script = " ; ".join([
        f"cp {shlex.quote(str(template))} {shlex.quote(str(data / 'trainer.db'))}",
        f"{_trainer('seed')} ; echo seed-exit=$?",
        f"{_trainer('backup', str(data / 'copy.db'))} ; echo backup-exit=$?",
        f"ls -a {shlex.quote(str(data))} | tr '\\n' ' ' ; echo",
        f"{shlex.join([sys.executable, '-c', check, str(data / 'trainer.db')])}",
    ])
    done = _in_namespace(mount, script, data)
    out, err = done.stdout, done.stderr
    assert "seed-exit=1" in out and "backup-exit=1" in out, out + err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 2 and "Traceback" not in err, err
    assert lines[0].startswith("trainer: Ổ đĩa đã đầy") and "không có gì bị ghi dở" in lines[0]
    assert lines[1].startswith("trainer: Ổ đĩa đã đầy") and "copy.db" in lines[1]
    listing = out.splitlines()[-2]
    assert "copy.db" not in listing and "partial" not in listing  # no half-written backup under any name
    assert out.splitlines()[-1] == "ok 0 0"  # the database is sound and holds nothing of the failed seed


def test_a_read_only_data_dir_reads_on_refuses_writes_in_one_line_and_can_be_backed_up(namespaces,
                                                                                       tmp_path: Path) -> None:
    data = tmp_path / "var"
    url = migrated_sqlite(data / "trainer.db")
    with get_session_factory(url).begin() as session:
        seed_demo(session, get_settings(), now=datetime(2026, 12, 1, 9, 0), reset=False)
    with get_engine(url).connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    dispose(url)
    for suffix in ("-wal", "-shm"):  # a cleanly stopped app leaves none: WAL then cannot open without them
        Path(f"{data / 'trainer.db'}{suffix}").unlink(missing_ok=True)
    quoted = shlex.quote(str(data))
    mount = f"mount --bind {quoted} {quoted} && mount -o remount,ro,bind {quoted}"
    read = ("from sqlalchemy import text; from trainer.db.engine import get_engine; "
            "from trainer.settings import get_settings; "
            "print('units', get_engine(get_settings().url).connect().execute(text('SELECT count(*) FROM units'))"
            ".scalar())")
    script = " ; ".join([
        shlex.join([sys.executable, "-c", read]),
        f"{_trainer('seed', '--reset')} ; echo reset-exit=$?",
        f"{_trainer('backup', str(tmp_path / 'rescue.db'))} ; echo backup-exit=$?",
    ])
    done = _in_namespace(mount, script, data)
    out, err = done.stdout, done.stderr
    units = next(line for line in out.splitlines() if line.startswith("units"))
    assert int(units.split()[1]) > 100, out + err  # pages that only read still find the data
    assert "reset-exit=1" in out and "backup-exit=0" in out, out + err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("trainer: Cơ sở dữ liệu hoặc thư mục dữ liệu chỉ đọc"), err
    with sqlite3.connect(tmp_path / "rescue.db") as copy:
        assert copy.execute("SELECT count(*) FROM units").fetchone()[0] == int(units.split()[1])


def _refuse_writes(url: str, message: str, code: int) -> None:
    """Every INSERT/UPDATE/DELETE of the app's engine fails as SQLite fails on a full disk or read-only file."""

    def before(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            error = sqlite3.OperationalError(message)
            error.sqlite_errorcode = code  # type: ignore[attr-defined]
            raise error

    event.listen(get_engine(url), "before_cursor_execute", before)


@pytest.mark.parametrize(("message", "code", "shown"), [
    ("database or disk is full", 13, "Ổ đĩa của máy chủ đã đầy"),
    ("attempt to write a readonly database", 8, "Thư mục dữ liệu đang ở chế độ chỉ đọc"),
])
def test_the_app_says_so_in_one_message_keeps_nothing_and_serves_the_reading_pages(make_app, app_db: str,
                                                                                  message: str, code: int,
                                                                                  shown: str) -> None:
    reading = ("views/practice/tracking.py", "views/practice/guides.py", "views/practice/stats.py")
    at = make_app("citizen")
    at.run()
    for page in reading:  # visited once before the disk fills: their practice sandbox exists
        at.switch_page(page).run()
    at.switch_page("views/home.py").run()
    _refuse_writes(app_db, message, code)
    at.text_input(key="start_name").input("Lò Văn Đầy")
    at.button(key="start_create_profile").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith(shown) and "không có gì bị ghi dở" in errors[0], errors
    with get_session_factory(app_db)() as session:
        assert session.scalar(select(func.count()).select_from(Trainee)) == 0
    for page in reading:
        at.switch_page(page).run()
        assert not at.exception and not at.error, page  # the pages that only read render as before


def test_the_storage_problems_are_told_apart_from_other_errors() -> None:
    full = sqlite3.OperationalError("database or disk is full")
    assert storage_problem(full) == FULL
    assert storage_problem(sqlite3.OperationalError("attempt to write a readonly database")) == READ_ONLY
    assert storage_problem(OSError(28, "No space left on device")) == FULL
    assert storage_problem(OSError(30, "Read-only file system")) == READ_ONLY
    assert storage_problem(sqlite3.OperationalError("no such table: x")) is None
    assert storage_problem(RuntimeError("boom")) is None

    class PgDiskFull(Exception):
        sqlstate = "53100"

    assert storage_problem(PgDiskFull()) == FULL
