"""Download buttons for the slips (Mẫu 01–05) a dossier has been given, rendered as A5 PDFs.

Public API (for any page): `slip_buttons(sandbox_id, dossier_id, *, key_prefix, forms=CITIZEN_FORMS)`,
`issued_slips(sandbox_id, dossier_id, forms) -> {form: slip}`, `qr_target(sandbox_id) -> (base_url, resume_code)`
(what the QR codes open: the public address of `trainer.addresses`, and the owner's resume code).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from trainer.errors import TrainerError
from trainer.sandbox import slipdata
from trainer.sandbox.queries import sandbox_row
from trainer.sandbox.slips import render_slip, slip_filename
from trainer.ui import widgets

BUILDERS: dict[str, Callable[..., Any]] = {
    "01": slipdata.receipt_slip,
    "02": slipdata.supplement_slip,
    "03": slipdata.refusal_slip,
    "04": slipdata.apology_slip,
    "05": slipdata.control_slip,
}
SECTIONS = {"01": "receipt", "02": "supplement", "03": "refusal", "04": "apology", "05": "control"}
CITIZEN_FORMS = ("01", "02", "03", "04")  # the control slip (Mẫu 05) travels with the file, not to the citizen


def qr_target(sandbox_id: int) -> tuple[str, str | None]:
    """What a slip's QR code opens: the app's public address and, in a trainee's own sandbox, their resume code."""
    return widgets.public_url(), owner_resume_code(sandbox_id)


def owner_resume_code(sandbox_id: int) -> str | None:
    """The resume code of the trainee owning the sandbox, so a slip's QR opens that sandbox on any phone."""
    trainee = widgets.current_trainee()
    with widgets.db() as session:
        sandbox = sandbox_row(session, sandbox_id)
    return trainee.resume_code if trainee is not None and sandbox is not None and sandbox.owner_id == trainee.id else None


def issued_slips(sandbox_id: int, dossier_id: int, forms: tuple[str, ...] = CITIZEN_FORMS) -> dict[str, Any]:
    """The slips of the given forms that this dossier was issued, built from the sandbox (form → slip data)."""
    found: dict[str, Any] = {}
    with widgets.db() as session:
        for form in forms:
            try:
                found[form] = BUILDERS[form](session, sandbox_id, dossier_id, lang=widgets.lang())
            except TrainerError:
                continue  # never issued for this dossier
    return found


def slip_buttons(sandbox_id: int, dossier_id: int, *, key_prefix: str, forms: tuple[str, ...] = CITIZEN_FORMS) -> None:
    """One download button per slip issued (the PDF says it is a practice copy)."""
    t = widgets.tr()
    base_url, resume = qr_target(sandbox_id)
    for form, slip in issued_slips(sandbox_id, dossier_id, forms).items():
        st.download_button(
            t("portal.slip_download", n=form, title=t(f"slips.{SECTIONS[form]}.title").capitalize()),
            data=render_slip(slip, base_url=base_url, lang=widgets.lang(), resume_code=resume),
            file_name=slip_filename(slip),
            mime="application/pdf", key=f"{key_prefix}_slip_{form}_{dossier_id}", icon=":material/picture_as_pdf:",
        )

