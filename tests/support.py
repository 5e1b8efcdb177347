"""Test support: migrated SQLite databases copied from one template per test run (migrating takes ~0.3 s)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

from trainer.db.engine import dispose, get_engine
from trainer.db.migrate import upgrade

_TEMPLATE: Path | None = None


def _template() -> Path:
    global _TEMPLATE
    if _TEMPLATE is None or not _TEMPLATE.exists():
        folder = Path(tempfile.mkdtemp(prefix="trainer-template-"))
        url = f"sqlite:///{folder / 'template.db'}"
        upgrade(url)
        with get_engine(url).connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        dispose(url)
        _TEMPLATE = folder / "template.db"
    return _TEMPLATE


def migrated_sqlite(target: Path | str) -> str:
    """A freshly migrated SQLite database at target (a path or a sqlite:/// URL); returns its URL."""
    path = Path(make_url(target).database) if str(target).startswith("sqlite:") else Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(_template(), path)
    return f"sqlite:///{path}"


def slip_qr_urls(pdf: bytes) -> list[str]:
    """Every QR code printed in a slip PDF, decoded from its images (as a phone camera would read it)."""
    import io

    import zxingcpp
    from PIL import Image
    from pypdf import PdfReader

    found: list[str] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for image in page.images:
            picture = Image.open(io.BytesIO(image.data)).convert("L")
            found += [code.text for code in zxingcpp.read_barcodes(picture) if code.format == zxingcpp.BarcodeFormat.QRCode]
    return found


def pdf_text(pdf: bytes) -> str:
    """The text of every page of a PDF (pypdf), pages joined by newlines."""
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
