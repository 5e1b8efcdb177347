"""Benchmark: generate and store the bac-kan-2018 history on SQLite, against raw sqlite3.executemany of the same rows."""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateIndex, CreateTable

from trainer.db.engine import dispose_all, transaction
from trainer.db.migrate import upgrade
from trainer.fake.history import HistoryRows, load_history
from trainer.fake.models import HistoryDossier, HistoryShipment
from trainer.fake.profiles import load_profile
from trainer.settings import get_settings

PROFILE = "bac-kan-2018"
RUNS = 3
TARGET_SECONDS = 10.0  # issue 3: "generating and storing the 2018 profile on SQLite takes seconds"
TARGET_RATIO = 20.0  # issue 3: at most 20 times raw sqlite3.executemany of the same rows
NOW = datetime(2026, 1, 1, 8, 0)  # the event's time; any fixed moment will do


@dataclass
class Result:
    trainer_seconds: list[float]
    raw_seconds: list[float]
    rows: int

    @property
    def trainer_median(self) -> float:
        return statistics.median(self.trainer_seconds)

    @property
    def raw_median(self) -> float:
        return statistics.median(self.raw_seconds)

    @property
    def ratio(self) -> float:
        return self.trainer_median / self.raw_median

    @property
    def ok(self) -> bool:
        return self.trainer_median <= TARGET_SECONDS and self.ratio <= TARGET_RATIO


def _trainer_run(folder: Path, n: int) -> tuple[float, HistoryRows]:
    url = f"sqlite:///{folder / f'trainer-{n}.db'}"
    upgrade(url)  # the schema is not part of the measured time
    profile = load_profile(PROFILE, get_settings())
    started = time.perf_counter()
    with transaction(url) as session:
        rows = load_history(session, profile, now=NOW)
    elapsed = time.perf_counter() - started
    dispose_all()
    return elapsed, rows


def _value(value: object) -> object:
    return value.isoformat(sep=" ") if isinstance(value, datetime) else value


def _raw_run(folder: Path, n: int, rows: HistoryRows) -> float:
    """The same rows through sqlite3.executemany into the same tables, same pragmas, one transaction."""
    tables = [(HistoryDossier.__table__, rows.dossiers), (HistoryShipment.__table__, rows.shipments)]
    prepared = []
    for table, data in tables:
        columns = [c.name for c in table.columns]
        prepared.append((table.name, columns, [tuple(_value(row[c]) for c in columns) for row in data]))
    connection = sqlite3.connect(folder / f"raw-{n}.db")
    connection.execute("PRAGMA foreign_keys=ON")  # the same pragmas as trainer.db.engine
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    dialect = sqlite_dialect.dialect()
    for table, _ in tables:  # the very same DDL (types, keys, indexes) as the trainer's tables
        connection.execute(str(CreateTable(table).compile(dialect=dialect)))
        for index in table.indexes:
            connection.execute(str(CreateIndex(index).compile(dialect=dialect)))
    connection.commit()
    started = time.perf_counter()
    with connection:
        for name, columns, values in prepared:
            marks = ", ".join("?" for _ in columns)
            connection.executemany(f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})", values)
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def run(runs: int = RUNS) -> Result:
    """Time `runs` full generate+store runs and as many raw inserts of the same rows; medians are compared."""
    trainer_times, raw_times, count = [], [], 0
    with tempfile.TemporaryDirectory(prefix="trainer-bench-") as tmp:
        folder = Path(tmp)
        for n in range(runs):
            elapsed, rows = _trainer_run(folder, n)
            trainer_times.append(elapsed)
            raw_times.append(_raw_run(folder, n, rows))
            count = len(rows.dossiers) + len(rows.shipments)
    return Result(trainer_times, raw_times, count)


def report(result: Result) -> str:
    """Human-readable lines: both medians, the ratio, and the targets."""
    ok = "OK" if result.ok else "MISSED"
    return "\n".join([
        f"history {PROFILE} on SQLite: {result.rows:,} rows (dossiers + shipments), {len(result.trainer_seconds)} runs",
        (f"  generate + store (trainer): median {result.trainer_median:.2f} s  "
         f"(runs: {', '.join(f'{s:.2f}' for s in result.trainer_seconds)})  target <= {TARGET_SECONDS:.0f} s"),
        (f"  raw sqlite3.executemany   : median {result.raw_median:.3f} s  "
         f"(runs: {', '.join(f'{s:.3f}' for s in result.raw_seconds)})"),
        f"  ratio trainer / raw       : {result.ratio:.1f}  target <= {TARGET_RATIO:.0f}",
        f"  {ok}",
    ])
