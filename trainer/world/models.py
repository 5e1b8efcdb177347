"""Database copy of the reference world (units, agencies, procedures) so reports can join on it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, ForeignKeyConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from trainer.db.base import Base


class WorldUnit(Base):
    """An administrative unit of one model (the same code may exist in both models)."""

    __tablename__ = "units"
    __table_args__ = (Index("ix_units_model_parent", "model", "parent_code"),)

    model: Mapped[str] = mapped_column(String(20), primary_key=True)
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    full_name: Mapped[str] = mapped_column(String(160))
    level: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(20))
    parent_code: Mapped[str | None] = mapped_column(String(10))
    province_code: Mapped[str] = mapped_column(String(2))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)


class WorldAgency(Base):
    """An agency (one-stop desk or office) of a unit; its id starts every dossier code it issues."""

    __tablename__ = "agencies"
    __table_args__ = (
        ForeignKeyConstraint(["model", "unit_code"], ["units.model", "units.code"], name="fk_agencies_unit"),
        Index("ix_agencies_model_unit", "model", "unit_code"),
    )

    id: Mapped[str] = mapped_column(String(20), primary_key=True)
    model: Mapped[str] = mapped_column(String(20))
    unit_code: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(10))
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))


class WorldProcedure(Base):
    """A procedure of the catalogue, flattened: levels per model, time, fee summary, online level."""

    __tablename__ = "procedures"

    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    name_vi: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    field: Mapped[str] = mapped_column(String(40))
    level_2019: Mapped[str] = mapped_column(String(10))
    agency_kind_2019: Mapped[str] = mapped_column(String(40))
    receive_at_2019: Mapped[str] = mapped_column(String(10))
    level_2025: Mapped[str] = mapped_column(String(10))
    agency_kind_2025: Mapped[str] = mapped_column(String(40))
    receive_at_2025: Mapped[str] = mapped_column(String(10))
    processing_days: Mapped[int | None]
    processing_hours: Mapped[int | None]
    extra_days_if_verified: Mapped[int]
    fee_kind: Mapped[str] = mapped_column(String(30))
    fee_amount: Mapped[int | None]
    fee_online_amount: Mapped[int | None]
    online_legacy_level: Mapped[int]
    online_mode: Mapped[str] = mapped_column(String(10))
    bcci_allowed: Mapped[bool]
    result_type: Mapped[str] = mapped_column(String(30))
    bundles: Mapped[list[Any]] = mapped_column(default=list)
