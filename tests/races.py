"""Two parties at once: threads against a file database (or PostgreSQL), a barrier to start both together."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from trainer.db.engine import get_session_factory
from trainer.errors import TrainerError

TRIALS = 20  # the measure: each race is run 20 times on each database


@dataclass
class Outcome:
    """What each party of one trial got: its result, or the domain error key that refused it."""

    results: list[Any] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    crashed: list[BaseException] = field(default_factory=list)


def race(url: str, *parties: Callable[[Session], Any]) -> Outcome:
    """Run each party in its own thread and transaction, all released at once by a barrier."""
    factory = get_session_factory(url)
    barrier = threading.Barrier(len(parties))
    outcome = Outcome()
    lock = threading.Lock()

    def run(party: Callable[[Session], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            with factory.begin() as session:
                value = party(session)
            with lock:
                outcome.results.append(value)
        except TrainerError as error:
            with lock:
                outcome.refused.append(error.key)
        except BaseException as error:  # noqa: BLE001 - reported by the test, never swallowed
            with lock:
                outcome.crashed.append(error)

    threads = [threading.Thread(target=run, args=(party,)) for party in parties]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcome
