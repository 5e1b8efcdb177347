"""The A4 page every printed thing shares: DejaVu fonts (every Vietnamese glyph), the practice mark, QR codes.

Public API: `PrintedPDF(lang, orientation="portrait", mark_key=...)` (an FPDF with the mark in header and footer,
text composed to NFC), `qr_image(pdf, url, x, y, size)`, `A4_MM`, `FONT`, `MARK_RED`.
"""

from __future__ import annotations

import io
import unicodedata

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from trainer.i18n import t
from trainer.sandbox.slips import FONT, FONT_BOLD, FONT_REGULAR, qr_png

A4_MM = (210.0, 297.0)
MARGIN_MM = 16.0
MARK_PT = 9.0
MARK_RED = (180, 0, 0)
INK = (20, 20, 20)
MUTED = (80, 80, 80)


class PrintedPDF(FPDF):
    """An A4 page with the practice mark on top and in the footer (with the page number)."""

    def __init__(self, lang: str, *, orientation: str = "portrait", mark_key: str = "printed.mark",
                 title: str = "") -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.lang = lang
        self.mark_key = mark_key
        self.add_font(FONT, "", str(FONT_REGULAR))
        self.add_font(FONT, "B", str(FONT_BOLD))
        self.set_margins(MARGIN_MM, MARGIN_MM + 4, MARGIN_MM)
        self.set_auto_page_break(True, margin=MARGIN_MM + 6)
        self.alias_nb_pages("{nb}")
        self.set_title(title or t(mark_key, lang))
        self.set_creator("Một Cửa Sandbox")
        self.set_text_color(*INK)

    def normalize_text(self, text: str) -> str:
        """Composed (NFC) text, so decomposed input still prints and extracts as whole Vietnamese letters."""
        return super().normalize_text(unicodedata.normalize("NFC", text))

    def header(self) -> None:
        self.set_xy(MARGIN_MM, 7)
        self.set_font(FONT, "B", MARK_PT)
        self.set_text_color(*MARK_RED)
        self.cell(0, 5, t(self.mark_key, self.lang), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)
        self.set_y(MARGIN_MM + 4)

    def footer(self) -> None:
        self.set_y(-MARGIN_MM)
        self.set_font(FONT, "B", MARK_PT)
        self.set_text_color(*MARK_RED)
        self.cell(0, 5, t(self.mark_key, self.lang), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", MARK_PT - 1)
        self.set_text_color(*MUTED)
        self.cell(0, 4, t("printed.page", self.lang, n=self.page_no(), total="{nb}"), align="C")
        self.set_text_color(*INK)

    def bytes(self) -> bytes:
        return bytes(self.output())


def qr_image(pdf: FPDF, url: str, x: float, y: float, size: float) -> None:
    """A QR code of url, size × size mm, at (x, y)."""
    pdf.image(io.BytesIO(qr_png(url)), x=x, y=y, w=size, h=size)
