"""Throw-away PostgreSQL databases for the load benchmark: one migrated and seeded template, a copy per run.

The server is TRAINER_BENCH_PG_URL, else TRAINER_TEST_PG_URL, else postgres on 127.0.0.1:5432 (what the tests use).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.servers import prepare_database

ADMIN_URL = os.environ.get("TRAINER_BENCH_PG_URL") or os.environ.get(
    "TRAINER_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


class Databases:
    def __init__(self, admin_url: str = ADMIN_URL) -> None:
        self.admin_url = admin_url
        self.prefix = f"trainer_bench_{uuid.uuid4().hex[:8]}"
        self.template: str | None = None
        self.made: list[str] = []
        self.problem: str | None = None
        try:
            self._execute("SELECT 1")
        except Exception as error:  # noqa: BLE001 - any failure to connect means: not run, with the reason
            self.problem = f"PostgreSQL at {make_url(admin_url).render_as_string(hide_password=True)} " \
                           f"is not reachable ({type(error).__name__})"

    def _execute(self, sql: str) -> None:
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text(sql))
        finally:
            engine.dispose()

    def _url(self, name: str) -> str:
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def fresh(self, data_dir: Path) -> str:
        """The URL of a new database holding a copy of the migrated, seeded template."""
        if self.template is None:
            self.template = f"{self.prefix}_template"
            self._execute(f'CREATE DATABASE "{self.template}"')
            self.made.append(self.template)
            prepare_database(data_dir, self._url(self.template))
        name = f"{self.prefix}_{len(self.made)}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        self.made.append(name)
        return self._url(name)

    def drop_all(self) -> None:
        for name in reversed(self.made):
            try:
                self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except Exception:  # noqa: BLE001, S112 - best effort: a leftover database is named trainer_bench_*
                continue
        self.made.clear()
