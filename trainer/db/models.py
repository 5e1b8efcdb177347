"""Imports every model module so that Base.metadata knows every table (Alembic and tests use it)."""

from trainer.db import events, meta  # noqa: F401
from trainer.db.base import Base
from trainer.training import models as training_models  # noqa: F401

__all__ = ["Base"]
