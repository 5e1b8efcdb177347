"""Copy the reference world into the database (tables units, agencies, procedures) for joins and reports.

Public API:
- `load_world(session, settings, *, force=False) -> WorldLoadReport`: bulk-insert both models' units and
  agencies and the procedure catalogue; skipped when the stored fingerprint matches the files (idempotent);
  with force (seed --reset) the tables are emptied and filled again.
- `world_fingerprint(settings) -> str`: SHA-256 of the files the world is built from.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from trainer.db.meta import get_meta, set_meta
from trainer.settings import AdminModel, Settings
from trainer.world.agencies import agencies_for
from trainer.world.models import WorldAgency, WorldProcedure, WorldUnit
from trainer.world.procedures import Procedure, catalogue_path, load_catalogue
from trainer.world.units import load_units, units_path

FINGERPRINT_KEY = "world_fingerprint"


@dataclass
class WorldLoadReport:
    """What load_world did."""

    skipped: bool
    units: int = 0
    agencies: int = 0
    procedures: int = 0


def world_fingerprint(settings: Settings) -> str:
    """A hash of the procedures file and both units files in force."""
    digest = hashlib.sha256()
    for path in [catalogue_path(settings)] + [units_path(m, settings) for m in AdminModel]:
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _procedure_row(procedure: Procedure, bundles: list[str]) -> dict[str, Any]:
    old, new = procedure.rule(AdminModel.THREE_LEVEL_2019), procedure.rule(AdminModel.TWO_LEVEL_2025)
    fee = procedure.fee
    return {
        "code": procedure.code,
        "name_vi": procedure.name.vi,
        "name_en": procedure.name.en,
        "field": procedure.field,
        "level_2019": old.level,
        "agency_kind_2019": old.agency,
        "receive_at_2019": old.receive_level,
        "level_2025": new.level,
        "agency_kind_2025": new.agency,
        "receive_at_2025": new.receive_level,
        "processing_days": procedure.time.working_days,
        "processing_hours": procedure.time.working_hours,
        "extra_days_if_verified": procedure.time.extra_days_if_verified,
        "fee_kind": fee.kind,
        "fee_amount": fee.amount if fee.amount is not None else fee.late_amount,
        "fee_online_amount": fee.online_amount,
        "online_legacy_level": procedure.online.legacy_level,
        "online_mode": procedure.online.mode,
        "bcci_allowed": procedure.bcci_allowed,
        "result_type": procedure.result.type,
        "bundles": bundles,
    }


def load_world(session: Session, settings: Settings, *, force: bool = False) -> WorldLoadReport:
    """Fill units, agencies and procedures from the files, unless they are already loaded from the same files."""
    fingerprint = world_fingerprint(settings)
    if not force and get_meta(session, FINGERPRINT_KEY) == fingerprint:
        return WorldLoadReport(skipped=True)
    catalogue = load_catalogue(settings=settings)
    unit_rows: list[dict[str, Any]] = []
    agency_rows: list[dict[str, Any]] = []
    for model in AdminModel:
        for unit in load_units(model, settings).all():
            row = unit.model_dump(exclude={"coord_source"})
            unit_rows.append({"model": model.value, **row})
        for agency in agencies_for(model, settings):
            agency_rows.append({
                "id": agency.id, "model": model.value, "unit_code": agency.unit_code, "kind": agency.kind,
                "level": agency.level, "name_vi": agency.name_vi, "name_en": agency.name_en,
            })
    procedure_rows = [
        _procedure_row(p, [b.id for b in catalogue.bundles_with(p.code)]) for p in catalogue.all()
    ]
    session.execute(delete(WorldAgency))
    session.execute(delete(WorldUnit))
    session.execute(delete(WorldProcedure))
    session.execute(insert(WorldUnit), unit_rows)
    session.execute(insert(WorldAgency), agency_rows)
    session.execute(insert(WorldProcedure), procedure_rows)
    set_meta(session, FINGERPRINT_KEY, fingerprint)
    return WorldLoadReport(False, len(unit_rows), len(agency_rows), len(procedure_rows))
