"""Download buttons for the slips (Mẫu 01–05) a dossier has been given, rendered as A5 PDFs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from trainer.errors import TrainerError
from trainer.sandbox import slipdata
from trainer.sandbox.slips import render_slip, slip_filename
from trainer.ui import widgets

BUILDERS: dict[str, Callable[..., Any]] = {
    "01": slipdata.receipt_slip,
    "02": slipdata.supplement_slip,
    "03": slipdata.refusal_slip,
    "04": slipdata.apology_slip,
    "05": slipdata.control_slip,
}
CITIZEN_FORMS = ("01", "02", "03", "04")  # the control slip (Mẫu 05) travels with the file, not to the citizen


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
    for form, slip in issued_slips(sandbox_id, dossier_id, forms).items():
        st.download_button(
            t("portal.slip_download", n=form, title=t(f"slips.{SECTIONS[form]}.title").capitalize()),
            data=render_slip(slip, lang=widgets.lang()), file_name=slip_filename(slip), mime="application/pdf",
            key=f"{key_prefix}_slip_{form}_{dossier_id}", icon=":material/picture_as_pdf:",
        )


SECTIONS = {"01": "receipt", "02": "supplement", "03": "refusal", "04": "apology", "05": "control"}
