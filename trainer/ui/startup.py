"""Once per server process: import and cache the long-lived part of the app, then freeze it out of the collector.

Why: Streamlit runs a full garbage collection (`gc.collect(2)`) after every script run (`runner.postScriptGC`),
and Python's own collector runs full collections too. A full collection walks every tracked object. This app's
imports (SQLAlchemy, pandas, pydantic, Faker, holidays, Streamlit itself) and its reference data make a start-up
heap of about 200,000 objects; walking it took about 100 ms on the 2-core benchmark machine, after *every* rerun,
with the GIL held: 90% of the server's time under load with 60 participants (bench/README.md has the profiles).
Those objects live as long as the process, so collecting them is wasted work. `gc.freeze()` moves every object
tracked at that moment into a permanent generation that collections skip; what a rerun and a session make is still
collected as before, and frozen objects are still freed by reference counting.

`freeze_long_lived_heap()` is called by the entry script on every run and does its work on the first one of the
process only: it imports every module of the `trainer` package the pages use, fills the per-process caches
(procedure catalogue, administrative units, translators, quiz bank, scenarios, name pools), makes one Faker and
one holiday calendar (both import dozens of modules on first use), imports the modules that tables and charts load
lazily, collects once, then freezes. A broken content file is not this function's business: it is skipped here and
shown by the page that reads it, as before.
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import trainer

NOT_IMPORTED = ("trainer.cli", "trainer.db.migrations", "trainer.ui.app")  # the CLI, Alembic scripts, entry script
LAZY_MODULES = (  # imported on first use by the pages' tables and charts (found by logging sys.modules per run)
    "pyarrow.pandas_compat", "streamlit.dataframe.lazy_df_adapters", "narwhals.stable.v1._namespace",
    "narwhals._pandas_like.dataframe", "narwhals._pandas_like.namespace", "narwhals._interchange.dataframe",
    "narwhals._interchange.series", "pyarrow.vendored.version", "altair",  # st.bar_chart (quiz result) uses altair
)


def _import_app_modules() -> None:
    for info in pkgutil.walk_packages(trainer.__path__, "trainer."):
        if info.name.startswith(NOT_IMPORTED) or info.name.endswith(".__main__"):
            continue
        try:
            importlib.import_module(info.name)
        except ImportError:  # an optional extra that is not installed (e.g. `trainer world import`'s package)
            continue
    for name in LAZY_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            continue


def _fill_caches() -> None:
    from trainer.coach.loader import load_scenarios
    from trainer.fake.providers import make_faker
    from trainer.fake.reference import name_data, population_data
    from trainer.i18n import LANGUAGES
    from trainer.quiz.loader import cached_bank, default_root
    from trainer.ui import widgets
    from trainer.world.calendar import is_working_day
    from trainer.world.procedures import load_catalogue
    from trainer.world.units import load_units

    settings = widgets.settings()
    warmers: list[Callable[[], Any]] = [
        load_catalogue, lambda: load_units(settings.admin_model, settings), name_data, population_data,
        lambda: cached_bank(default_root()), lambda: load_scenarios(settings=settings),
        lambda: make_faker(settings.seed),  # Faker imports its vi_VN providers on the first instance
        lambda: is_working_day(date(2026, 1, 1)),  # holidays imports every country on the first calendar
        *[lambda lang=lang: widgets._translator(lang) for lang in LANGUAGES],
    ]
    for warm in warmers:
        try:
            warm()
        except Exception:  # noqa: BLE001, S112 - a broken file is reported by the page that reads it
            continue


_LOCK = threading.Lock()
_frozen: list[int] = []  # the freeze count, once done (per process, not per st.cache_resource: tests clear that)


def freeze_long_lived_heap() -> int:
    """Import, fill the caches, collect, freeze: once per process; returns how many objects were frozen."""
    with _LOCK:
        if not _frozen:
            _import_app_modules()
            _fill_caches()
            gc.collect()
            gc.freeze()
            _frozen.append(gc.get_freeze_count())
        return _frozen[0]
