"""An SQLite built without its math functions still gets `power()` (the dashboard's mastery query needs it): the
engine's connect hook registers Python's `math.pow` when `SELECT power(0.5, 1)` fails."""

from __future__ import annotations

import sqlite3

from trainer.db.engine import _sqlite_pragmas


class NoMath:
    """A real sqlite3 connection that behaves as if built without SQLITE_ENABLE_MATH_FUNCTIONS until `power` is
    registered on it."""

    def __init__(self) -> None:
        self.conn = sqlite3.connect(":memory:")
        self.registered: list[str] = []
        self.isolation_level = None

    def cursor(self):
        outer = self

        class Cursor:
            def __init__(self) -> None:
                self.inner = outer.conn.cursor()

            def execute(self, sql: str, *args):
                if "power(" in sql and "power" not in outer.registered:
                    raise sqlite3.OperationalError("no such function: power")
                return self.inner.execute(sql, *args)

            def close(self) -> None:
                self.inner.close()

        return Cursor()

    def create_function(self, name: str, n: int, fn, deterministic: bool = False) -> None:
        self.registered.append(name)
        self.conn.create_function(name, n, fn, deterministic=deterministic)


def test_power_is_registered_when_sqlite_lacks_it():
    conn = NoMath()
    _sqlite_pragmas(conn, None)
    assert conn.registered == ["power"]
    assert conn.conn.execute("SELECT power(0.5, 0.4)").fetchone()[0] == 0.5 ** 0.4


def test_an_sqlite_with_math_functions_keeps_its_own():
    conn = sqlite3.connect(":memory:")
    _sqlite_pragmas(conn, None)  # no error, nothing to register
    assert conn.execute("SELECT power(0.5, 0.4)").fetchone()[0] == 0.5 ** 0.4
