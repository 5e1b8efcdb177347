"""The participant's printable slip: their name, workshop, path, resume code in large type and its QR code.

Public API: `render_resume_slip(*, name, workshop_title, path_title, resume_code, url, lang="vi") -> bytes` (an A5
PDF marked as a practice copy, like every printed slip), `resume_slip_filename(resume_code) -> str`.
The QR code holds `url`: the app's public address of the participant's page with `?code=<resume code>`
(`trainer.addresses.page_url`), so a phone on the hall's Wi-Fi brings them back with no internet.
"""

from __future__ import annotations

import io

from fpdf.enums import XPos, YPos

from trainer.i18n import t
from trainer.sandbox.slips import FONT, MARGIN_MM, _SlipPDF, qr_png

QR_SIDE_MM = 48.0


def render_resume_slip(*, name: str, workshop_title: str, path_title: str, resume_code: str, url: str,
                       lang: str = "vi") -> bytes:
    pdf = _SlipPDF(lang)
    pdf.add_page()
    width = pdf.w - 2 * MARGIN_MM
    pdf.set_font(FONT, "B", 13)
    pdf.multi_cell(width, 7, t("workshops.slip.title", lang), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font(FONT, "", 10)
    for key, value in (("name", name), ("workshop", workshop_title), ("path", path_title)):
        pdf.multi_cell(width, 5.5, f"{t(f'workshops.slip.{key}', lang)}: {value}", new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font(FONT, "", 10)
    pdf.cell(width, 5, t("workshops.slip.code_label", lang), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 30)
    spaced = " ".join(resume_code)
    pdf.cell(width, 14, spaced, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    top = pdf.get_y()
    pdf.image(io.BytesIO(qr_png(url)), x=(pdf.w - QR_SIDE_MM) / 2, y=top, w=QR_SIDE_MM, h=QR_SIDE_MM)
    pdf.set_y(top + QR_SIDE_MM + 2)
    pdf.set_font(FONT, "", 8)
    pdf.multi_cell(width, 4, url, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(width, 4.6, t("workshops.slip.how", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def resume_slip_filename(resume_code: str) -> str:
    return f"phieu-ma-tiep-tuc-{resume_code}.pdf"
