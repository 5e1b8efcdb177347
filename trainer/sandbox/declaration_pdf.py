"""The printable tờ khai (declaration) of a dossier: what was declared, as an A5 PDF marked as a practice copy.

`render_declaration(view: trainer.sandbox.declared.Declaration, *, lang="vi", citizen_name="") -> bytes` and
`declaration_filename(view)`. It prints exactly the rows of `declared_view`, which the desk sees too.
"""

from __future__ import annotations

from fpdf.enums import XPos, YPos

from trainer.i18n import t
from trainer.sandbox.declared import Declaration
from trainer.sandbox.slips import FONT, MARGIN_MM, SMALL_PT, TITLE_PT, _SlipPDF

BODY_PT = 8.5
LABEL_SHARE = 0.42  # of the line width: the label column


def render_declaration(view: Declaration, *, lang: str = "vi", citizen_name: str = "") -> bytes:
    pdf = _SlipPDF(lang)
    pdf.add_page()
    width = pdf.w - 2 * MARGIN_MM
    pdf.set_font(FONT, "B", SMALL_PT)
    pdf.multi_cell(0, 3.6, f"{t('slips.republic', lang)}\n{t('slips.motto', lang)}", align="C",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font(FONT, "B", TITLE_PT)
    pdf.multi_cell(0, 5, view.title.upper(), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", SMALL_PT)
    pdf.multi_cell(0, 3.4, t("eforms.ui.legal_form", lang, text=view.legal_form), align="C",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    code = view.dossier_code or t("slips.no_code", lang)
    pdf.multi_cell(0, 3.8, t("slips.dossier_code", lang, code=code), align="C", new_x=XPos.LMARGIN,
                   new_y=YPos.NEXT)
    pdf.ln(1.5)
    if not view.saved:
        pdf.set_font(FONT, "B", BODY_PT)
        pdf.multi_cell(0, 4.4, t("eforms.ui.not_saved", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for section in view.sections:
        pdf.set_font(FONT, "B", BODY_PT)
        pdf.multi_cell(0, 4.6, section.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for row in section.rows:
            top = pdf.get_y()
            pdf.set_font(FONT, "", BODY_PT)
            pdf.multi_cell(width * LABEL_SHARE, 4.2, row.label + ":", new_x=XPos.RIGHT, new_y=YPos.TOP)
            label_bottom = pdf.get_y()
            pdf.set_xy(MARGIN_MM + width * LABEL_SHARE, top)
            pdf.set_font(FONT, "B", BODY_PT)
            pdf.multi_cell(width * (1 - LABEL_SHARE), 4.2, row.text or t("eforms.ui.empty", lang),
                           new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_y(max(pdf.get_y(), label_bottom, top + 4.2))
        pdf.ln(1)
    pdf.ln(2)
    pdf.set_font(FONT, "", SMALL_PT)
    pdf.multi_cell(0, 3.4, t("slips.declaration.commit", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_x(MARGIN_MM + width / 2)
    pdf.set_font(FONT, "B", BODY_PT)
    pdf.multi_cell(width / 2, 4.4, f"{t('slips.declaration.signer', lang)}\n{citizen_name}", align="C",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def declaration_filename(view: Declaration) -> str:
    safe = "".join(ch if ch.isalnum() or ch in ".-" else "_" for ch in (view.dossier_code or f"nhap-{view.dossier_id}"))
    return f"to-khai-{safe}.pdf"


def render_paper(title: str, number: str, issued: str, rows: list[tuple[str, str]], *, lang: str = "vi") -> bytes:
    """A paper of the data store (giấy chứng sinh, giấy báo tử…) with its facts, marked as a practice copy."""
    pdf = _SlipPDF(lang)
    pdf.add_page()
    width = pdf.w - 2 * MARGIN_MM
    pdf.set_font(FONT, "B", SMALL_PT)
    pdf.multi_cell(0, 3.6, f"{t('slips.republic', lang)}\n{t('slips.motto', lang)}", align="C",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font(FONT, "B", TITLE_PT)
    pdf.multi_cell(0, 5, title.upper(), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", SMALL_PT)
    pdf.multi_cell(0, 3.6, f"{t('eforms.paper.number', lang, number=number)} · {t('eforms.paper.issued', lang, date=issued)}",
                   align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    for label, text in rows:
        top = pdf.get_y()
        pdf.set_font(FONT, "", BODY_PT)
        pdf.multi_cell(width * LABEL_SHARE, 4.2, label + ":", new_x=XPos.RIGHT, new_y=YPos.TOP)
        label_bottom = pdf.get_y()
        pdf.set_xy(MARGIN_MM + width * LABEL_SHARE, top)
        pdf.set_font(FONT, "B", BODY_PT)
        pdf.multi_cell(width * (1 - LABEL_SHARE), 4.2, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_y(max(pdf.get_y(), label_bottom, top + 4.2))
    return bytes(pdf.output())
