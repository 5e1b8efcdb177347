"""The workshop kit: a join poster (A4: the workshop's name, the join code in very large type, its QR code, the
hall's Wi-Fi hint) and a one-page participant handout (how to join, how to come back with the resume code).

Public API: `KitWorkshop` (what the kit prints), `kit_workshop(row)` from a `trainer.training.workshops.WorkshopRow`,
`join_url(code, base_url)`, `my_paths_url(base_url)`, `render_poster(ws, *, base_url, wifi="", lang="vi") -> bytes`,
`render_handout(ws, *, base_url, wifi="", lang="vi") -> bytes`, `render_kit(...)` (poster then handout, one file),
`kit_filename(code, part)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fpdf.enums import XPos, YPos

from trainer.i18n import t
from trainer.printed.pdf import FONT, INK, MARGIN_MM, MARK_RED, MUTED, PrintedPDF, qr_image
from trainer.training.trainees import RESUME_CODE_LENGTH

JOIN_PATH = "vao-lop"  # trainer.ui.nav.JOIN_URL_PATH
JOIN_PARAM = "lop"  # trainer.ui.workshop_ui.JOIN_PARAM
MY_PATHS_PATH = "lo-trinh-cua-toi"  # trainer.ui.nav.MY_PATHS_URL_PATH
WIFI_MAX = 120
CODE_PT = 120.0


@dataclass(frozen=True)
class KitWorkshop:
    title: str
    join_code: str
    held_on: date
    unit_label: str


def kit_workshop(row: Any) -> KitWorkshop:
    return KitWorkshop(row.title, row.join_code, row.held_on, row.unit_label)


def join_url(code: str, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/{JOIN_PATH}?{JOIN_PARAM}={code}"


def my_paths_url(base_url: str) -> str:
    return f"{base_url.rstrip('/')}/{MY_PATHS_PATH}"


def kit_filename(code: str, part: str) -> str:
    return f"{part}-{code}.pdf"


def _clean_wifi(wifi: str) -> str:
    return " ".join((wifi or "").split())[:WIFI_MAX]


def _poster(pdf: PrintedPDF, ws: KitWorkshop, base_url: str, wifi: str, lang: str) -> None:
    pdf.add_page()
    width = pdf.w - 2 * MARGIN_MM
    pdf.set_font(FONT, "B", 18)
    pdf.set_text_color(*MARK_RED)
    pdf.cell(0, 10, t("kit.poster.kicker", lang), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 22)
    pdf.multi_cell(0, 10, ws.title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 14)
    pdf.cell(0, 8, t("kit.when_where", lang, date=f"{ws.held_on:%d/%m/%Y}", unit=ws.unit_label), align="C",
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font(FONT, "", 20)
    pdf.cell(0, 10, t("kit.poster.code_label", lang), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    size = CODE_PT
    pdf.set_font(FONT, "B", size)
    while pdf.get_string_width(ws.join_code) > width - 6 and size > 40:  # as large as the page allows
        size -= 4
        pdf.set_font(FONT, "B", size)
    pdf.cell(0, size * 0.36, ws.join_code, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    qr = 82.0
    top = pdf.get_y() + 2
    qr_image(pdf, join_url(ws.join_code, base_url), (pdf.w - qr) / 2, top, qr)
    pdf.set_y(top + qr + 2)
    pdf.set_font(FONT, "", 15)
    pdf.multi_cell(0, 7.5, t("kit.poster.how", lang), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 13)
    pdf.multi_cell(0, 7, join_url(ws.join_code, base_url), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    _wifi_box(pdf, wifi, lang, width, 16)


def _wifi_box(pdf: PrintedPDF, wifi: str, lang: str, width: float, size: float) -> None:
    top = pdf.get_y()
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.4)
    pdf.set_x(MARGIN_MM + 4)
    pdf.set_font(FONT, "B", size)
    pdf.cell(width - 8, size * 0.55, t("kit.wifi.title", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", size)
    pdf.set_x(MARGIN_MM + 4)
    text = _clean_wifi(wifi) or t("kit.wifi.blank", lang)
    pdf.multi_cell(width - 8, size * 0.55, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    bottom = pdf.get_y() + 2
    pdf.rect(MARGIN_MM, top - 2, width, bottom - top + 2)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_y(bottom + 2)


def _handout(pdf: PrintedPDF, ws: KitWorkshop, base_url: str, wifi: str, lang: str) -> None:
    pdf.add_page()
    width = pdf.w - 2 * MARGIN_MM
    qr = 40.0
    top = pdf.get_y()
    qr_image(pdf, join_url(ws.join_code, base_url), pdf.w - MARGIN_MM - qr, top, qr)
    text_w = width - qr - 4
    pdf.set_font(FONT, "B", 19)
    pdf.multi_cell(text_w, 8.5, t("kit.handout.title", lang), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 13)
    pdf.multi_cell(text_w, 6.2, ws.title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.multi_cell(text_w, 6.2, t("kit.when_where", lang, date=f"{ws.held_on:%d/%m/%Y}", unit=ws.unit_label),
                   align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(text_w, 7, t("kit.handout.code_line", lang, code=ws.join_code), align="L",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(pdf.get_y(), top + qr) + 3)

    def heading(key: str) -> None:
        pdf.set_font(FONT, "B", 14.5)
        pdf.set_fill_color(238, 238, 238)
        pdf.cell(0, 8, t(key, lang), fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)

    def steps(keys: list[str], **params: str) -> None:
        pdf.set_font(FONT, "", 13)
        for n, key in enumerate(keys, start=1):
            pdf.set_x(MARGIN_MM + 1)
            pdf.cell(8, 6.2, f"{n}.")
            pdf.multi_cell(0, 6.2, t(key, lang, **params), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)

    heading("kit.handout.join_title")
    steps(["kit.handout.join1", "kit.handout.join2", "kit.handout.join3", "kit.handout.join4"],
          url=join_url(ws.join_code, base_url), code=ws.join_code)
    heading("kit.handout.back_title")
    steps(["kit.handout.back1", "kit.handout.back2", "kit.handout.back3"], url=my_paths_url(base_url))
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 9, t("kit.handout.write_code", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    box_top = pdf.get_y()
    cell = 14.0
    for i in range(RESUME_CODE_LENGTH):
        pdf.rect(MARGIN_MM + 2 + i * (cell + 3), box_top, cell, cell)
    pdf.set_y(box_top + cell + 4)
    heading("kit.handout.help_title")
    steps(["kit.handout.help1", "kit.handout.help2", "kit.handout.help3"])
    _wifi_box(pdf, wifi, lang, width, 12.5)


def _pdf(lang: str, title: str) -> PrintedPDF:
    pdf = PrintedPDF(lang, mark_key="printed.mark", title=title)
    pdf.set_auto_page_break(False)
    return pdf


def render_poster(ws: KitWorkshop, *, base_url: str, wifi: str = "", lang: str = "vi") -> bytes:
    pdf = _pdf(lang, t("kit.poster.pdf_title", lang, code=ws.join_code))
    _poster(pdf, ws, base_url, wifi, lang)
    return pdf.bytes()


def render_handout(ws: KitWorkshop, *, base_url: str, wifi: str = "", lang: str = "vi") -> bytes:
    pdf = _pdf(lang, t("kit.handout.pdf_title", lang, code=ws.join_code))
    _handout(pdf, ws, base_url, wifi, lang)
    return pdf.bytes()
