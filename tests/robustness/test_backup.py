"""`trainer backup` / `trainer restore` keep every row of every table, on SQLite and PostgreSQL (issue 17 item 2)."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from tests.conftest import PG_ADMIN_URL
from tests.robustness.populate import empty_tables, populate, snapshot
from tests.support import migrated_sqlite
from trainer.cli import backup as backup_cli
from trainer.cli import main
from trainer.db import backup
from trainer.db.engine import dispose, dispose_all, get_session_factory
from trainer.db.migrate import upgrade
from trainer.settings import get_settings
from trainer.training.models import Trainee
from trainer.training.trainees import create_trainee

NOW = datetime(2026, 11, 28, 3, 0)
FEW = ["citizen-online-level4-payment", "post-pickup-and-delivery", "desk-walk-in-receipt"]


@pytest.fixture
def fresh_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """A second, empty database of the same kind as db_url (where a backup is restored)."""
    if backup.backend(db_url) == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored' / 'trainer.db'}"  # not even created yet
        return
    name = f"trainer_restore_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    dispose(url)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _use(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("TRAINER_DATABASE_URL", url)
    get_settings.cache_clear()


def test_a_round_trip_keeps_every_row_of_every_table(db_url: str, fresh_url: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    populate(db_url)
    assert empty_tables(db_url) == []  # the comparison below covers every table, not only the easy ones
    before = snapshot(db_url)
    file = tmp_path / "backups" / "trainer.bak"
    _use(monkeypatch, db_url)
    assert main(["backup", str(file)]) == 0
    assert "Đã sao lưu" in capsys.readouterr().out
    assert not list(file.parent.glob(".*partial*"))

    _use(monkeypatch, fresh_url)
    assert main(["restore", str(file)]) == 0
    assert "Đã khôi phục" in capsys.readouterr().out
    assert snapshot(fresh_url) == before

    # the restored database is a working one: the services go on writing in it
    with get_session_factory(fresh_url).begin() as session:
        create_trainee(session, name="Sau khôi phục", audience="citizen", unit_code=None, now=NOW)


def test_restore_refuses_a_database_with_data_unless_forced_and_then_replaces_it_whole(
        db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    populate(db_url, scenarios=FEW)
    before = snapshot(db_url)
    file = tmp_path / "b.bak"
    backup.backup(db_url, file)
    with get_session_factory(db_url).begin() as session:  # the database moves on after the backup
        create_trainee(session, name="Mới thêm", audience="citizen", unit_code=None, now=NOW)
    moved = snapshot(db_url)

    _use(monkeypatch, db_url)
    assert main(["restore", str(file)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("trainer: Cơ sở dữ liệu đích đã có dữ liệu") and "--force" in err
    assert len(err.splitlines()) == 1
    assert snapshot(db_url) == moved  # refused: nothing touched

    dispose_all()
    assert main(["restore", "--force", str(file)]) == 0
    assert snapshot(db_url) == before


def test_a_backup_from_a_newer_program_is_refused_and_an_older_one_is_migrated(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch,
                                                                              capsys) -> None:
    newer = tmp_path / "newer.db"
    source = migrated_sqlite(tmp_path / "src.db")
    backup.backup(source, newer)
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    target = f"sqlite:///{tmp_path / 'target.db'}"
    _use(monkeypatch, target)
    assert main(["restore", str(newer)]) == 1
    err = capsys.readouterr().err
    assert "0099_from_the_future" in err and "mới hơn chương trình" in err
    assert not (tmp_path / "target.db").exists()

    old_url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(old_url, "0006_coach")
    dispose(old_url)
    older = tmp_path / "older.db"
    backup.backup(old_url, older)
    assert backup.backup_revision(older) == ("sqlite", "0006_coach")
    report = backup.restore(target, older)
    assert report.revision == "0006_coach" and report.migrated_to == backup.revisions()[-1]
    assert backup.database_revision(target) == backup.revisions()[-1]


def test_what_is_not_a_backup_gets_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    _use(monkeypatch, f"sqlite:///{tmp_path / 'target.db'}")
    text_file = tmp_path / "notes.txt"
    text_file.write_text("không phải bản sao lưu", encoding="utf-8")
    good = tmp_path / "good.db"
    backup.backup(migrated_sqlite(tmp_path / "src.db"), good)
    cut = tmp_path / "cut.db"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 3])  # a copy cut short (USB stick pulled)
    for path, words in ((tmp_path / "missing.db", "Không tìm thấy"), (text_file, "không phải là bản sao lưu"),
                        (cut, "bị hỏng")):
        assert main(["restore", str(path)]) == 1
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and words in err, err
    assert not (tmp_path / "target.db").exists()


def test_a_sqlite_backup_is_consistent_while_the_app_keeps_writing(tmp_path: Path) -> None:
    url = migrated_sqlite(tmp_path / "live.db")
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:  # a workshop going on: one commit after another
        n = 0
        while not stop.is_set():
            with get_session_factory(url).begin() as session:
                create_trainee(session, name=f"Học viên {n}", audience="citizen", unit_code=None,
                               now=NOW + timedelta(seconds=n))
            n += 1
            written.append(n)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        counts = []
        for n in range(5):
            file = tmp_path / f"during-{n}.db"
            low = len(written)
            backup.backup(url, file)
            high = len(written)
            with sqlite3.connect(file) as connection:
                assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
                count = connection.execute("SELECT count(*) FROM trainees").fetchone()[0]
            assert low <= count <= high + 1
            counts.append(count)
    finally:
        stop.set()
        thread.join()
    assert written and counts == sorted(counts)
    assert not list(tmp_path.glob("during-*-wal")) and not list(tmp_path.glob(".during*"))


def test_a_dated_daily_backup_keeps_the_newest_n(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    url = migrated_sqlite(tmp_path / "var" / "trainer.db")
    _use(monkeypatch, url)
    folder = tmp_path / "backups"
    for day in range(1, 5):
        monkeypatch.setattr(backup_cli, "wall_clock", lambda day=day: datetime(2026, 12, day, 2, 15))
        assert main(["backup", f"{folder}/", "--keep", "3"]) == 0
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"trainer-2026120{d}-021500.db" for d in (2, 3, 4)]
    assert "Đã xoá bản sao lưu cũ" in capsys.readouterr().out
    assert main(["backup", str(tmp_path / "one.db"), "--keep", "3"]) == 2  # --keep needs a folder


def test_without_pg_dump_on_the_path_the_message_says_what_to_install(pg_url: str, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch,
                                                                      capsys) -> None:
    _use(monkeypatch, pg_url)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    assert main(["backup", str(tmp_path / "x.dump")]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "pg_dump" in err and "postgresql-client" in err
    assert not list(tmp_path.glob("*x.dump*"))


def test_a_backup_of_one_kind_is_not_restored_into_the_other(pg_url: str, tmp_path: Path) -> None:
    file = tmp_path / "commune.db"
    backup.backup(migrated_sqlite(tmp_path / "src.db"), file)
    with get_session_factory(pg_url)() as session:
        before = session.scalar(select(func.count()).select_from(Trainee))
    with pytest.raises(backup.BackupError) as caught:
        backup.restore(pg_url, file, force=True)
    assert caught.value.key == "backup.wrong_kind"
    with get_session_factory(pg_url)() as session:
        assert session.scalar(select(func.count()).select_from(Trainee)) == before


def test_the_filled_database_is_sound_before_and_after_the_round_trip(db_url: str, fresh_url: str,
                                                                      tmp_path: Path) -> None:
    from tests.robustness.invariants import problems

    populate(db_url, scenarios=FEW)
    assert problems(db_url) == []
    backup.backup(db_url, tmp_path / "b.bak")
    backup.restore(fresh_url, tmp_path / "b.bak")
    assert problems(fresh_url) == []
