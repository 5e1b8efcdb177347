"""Imports every model module so that Base.metadata knows every table (Alembic and tests use it)."""

from trainer.accounts import models as accounts_models  # noqa: F401
from trainer.certificates import models as certificates_models  # noqa: F401
from trainer.coach import models as coach_models  # noqa: F401
from trainer.db import events, meta  # noqa: F401
from trainer.db.base import Base
from trainer.fake import models as fake_models  # noqa: F401
from trainer.live import models as live_models  # noqa: F401
from trainer.quiz import models as quiz_models  # noqa: F401
from trainer.reports import models as reports_models  # noqa: F401
from trainer.sandbox import models as sandbox_models  # noqa: F401
from trainer.training import models as training_models  # noqa: F401
from trainer.world import models as world_models  # noqa: F401

__all__ = ["Base"]
