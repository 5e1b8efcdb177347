"""One settings object, read from TRAINER_* environment variables."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class AdminModel(StrEnum):
    """Administrative model: three levels as in 2019, or two levels since 1 July 2025."""

    THREE_LEVEL_2019 = "three-level-2019"
    TWO_LEVEL_2025 = "two-level-2025"


class Settings(BaseSettings):
    """Everything configurable, each with a default that works on a commune laptop."""

    model_config = SettingsConfigDict(env_prefix="TRAINER_", extra="ignore")

    data_dir: Path = Field(default=Path("var"), description="Folder for the SQLite file, uploads, backups")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default sqlite:///<data_dir>/trainer.db"
    )
    language: Literal["vi", "en"] = Field(default="vi", description="Default interface language")
    admin_model: AdminModel = Field(default=AdminModel.TWO_LEVEL_2025, description="Administrative model")
    upload_limit_mb: int = Field(default=10, ge=1, le=200, description="Largest accepted upload, in MB")
    content_dir: Path = Field(default=PROJECT_ROOT, description="Folder holding scenarios/ and sandbox_data/")
    seed: int = Field(default=2019, description="Seed of the demo world")
    public_url: str | None = Field(
        default=None,
        description="Base address other devices open (slips' QR codes, join links), e.g. http://192.168.1.20:8501;"
        " default: this computer's local-network address and the served port (trainer.addresses.public_url)",
    )

    @field_validator("data_dir", "content_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @field_validator("public_url")
    @classmethod
    def _http_address(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise ValueError("TRAINER_PUBLIC_URL must look like http://192.168.1.20:8501 (scheme, host, optional port"
                             " and path; no ?query)")
        return value.strip().rstrip("/")

    @property
    def url(self) -> str:
        """The database URL actually used."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'trainer.db'}"

    @property
    def upload_limit_bytes(self) -> int:
        return self.upload_limit_mb * 1024 * 1024

    @property
    def scenarios_dir(self) -> Path:
        return self.content_dir / "scenarios"

    @property
    def sandbox_data_dir(self) -> Path:
        return self.content_dir / "sandbox_data"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (tests call get_settings.cache_clear() after changing env)."""
    return Settings()
