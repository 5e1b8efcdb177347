"""Certificates of completion as A4 landscape PDFs, one page each; a workshop's all in one PDF.

The wording certifies completion of a training course on a practice system, never a legal qualification. The QR
code opens the public verification page (`/xac-minh?so=SERIAL`) on the public base address.

Public API: `verification_url(serial, base_url) -> str`, `render_certificate(row, *, base_url, lang="vi") -> bytes`,
`render_certificates(rows, *, base_url, lang="vi") -> bytes` (one page per certificate),
`certificate_filename(row)`, `VERIFY_PATH`, `SERIAL_PARAM`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from urllib.parse import quote

from fpdf.enums import XPos, YPos

from trainer.certificates.service import CertificateRow
from trainer.i18n import t
from trainer.printed.pdf import FONT, INK, MARK_RED, MUTED, PrintedPDF, qr_image

VERIFY_PATH = "xac-minh"  # url_path of the public verification page (trainer.ui.nav)
SERIAL_PARAM = "so"
GOLD = (150, 110, 30)
QR_MM = 34.0


def verification_url(serial: str, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/{VERIFY_PATH}?{SERIAL_PARAM}={quote(serial, safe='')}"


def certificate_filename(row: CertificateRow) -> str:
    return f"giay-chung-nhan-{row.serial}.pdf"


def _date(value: date, lang: str) -> str:
    return t("certificate.date", lang, d=value.day, m=value.month, y=value.year)


def _page(pdf: PrintedPDF, row: CertificateRow, base_url: str, lang: str) -> None:
    pdf.add_page()
    w, h = pdf.w, pdf.h
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(1.6)
    pdf.rect(10, 14, w - 20, h - 32)
    pdf.set_line_width(0.4)
    pdf.rect(13, 17, w - 26, h - 38)
    pdf.set_draw_color(0, 0, 0)
    inner_l, inner_w = 22.0, w - 44.0
    pdf.set_y(24)
    pdf.set_font(FONT, "", 11)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 6, t("certificate.issuer", lang), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_text_color(*GOLD)
    pdf.set_font(FONT, "B", 26)
    pdf.cell(0, 12, t("certificate.title", lang), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 13)
    pdf.set_text_color(*INK)
    pdf.cell(0, 7, t("certificate.subtitle", lang), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(5)
    pdf.set_font(FONT, "", 13)
    pdf.cell(0, 7, t("certificate.certifies", lang), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 24)
    pdf.set_x(inner_l)
    pdf.multi_cell(inner_w, 12, row.holder_name, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 13)
    if row.unit_label:
        pdf.set_x(inner_l)
        pdf.multi_cell(inner_w, 7, t("certificate.unit", lang, unit=row.unit_label), align="C",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_x(inner_l)
    pdf.multi_cell(inner_w, 7, t("certificate.completed", lang), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 17)
    pdf.set_x(inner_l)
    pdf.multi_cell(inner_w, 9, f"“{row.path_title_in(lang)}”", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 12.5)
    if row.workshop_title:
        pdf.set_x(inner_l)
        pdf.multi_cell(inner_w, 6.5, t("certificate.workshop", lang, workshop=row.workshop_title), align="C",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if row.trainer_name:
        pdf.set_x(inner_l)
        pdf.multi_cell(inner_w, 6.5, t("certificate.trainer", lang, trainer=row.trainer_name), align="C",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    # the foot: date and serial on the left, the QR code on the right, the disclaimer across
    foot = h - 27 - QR_MM
    qr_x = w - 22 - QR_MM
    qr_image(pdf, verification_url(row.serial, base_url), qr_x, foot, QR_MM)
    pdf.set_font(FONT, "", 8)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(qr_x - 30, foot + QR_MM + 0.5)
    pdf.cell(QR_MM + 30, 4, t("certificate.qr_caption", lang), align="R")
    pdf.set_text_color(*INK)
    pdf.set_xy(inner_l + 4, foot + 2)
    pdf.set_font(FONT, "", 12)
    pdf.cell(120, 7, t("certificate.issued_on", lang, date=_date(row.issued_on, lang)), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 13)
    pdf.cell(120, 7, t("certificate.serial", lang, serial=row.serial), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 8.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(qr_x - inner_l - 12, 4.2, t("certificate.verify_hint", lang,
                                                url=verification_url(row.serial, base_url)),
                   align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.ln(1)
    pdf.set_font(FONT, "B", 9)
    pdf.set_text_color(*MARK_RED)
    pdf.multi_cell(qr_x - inner_l - 12, 4.4, t("certificate.disclaimer", lang), align="L")
    pdf.set_text_color(*INK)
    if row.revoked_at is not None:
        _revoked_stamp(pdf, row, lang)


def _revoked_stamp(pdf: PrintedPDF, row: CertificateRow, lang: str) -> None:
    text = t("certificate.revoked_stamp", lang, date=_date(row.revoked_at.date(), lang))  # type: ignore[union-attr]
    pdf.set_font(FONT, "B", 30)
    pdf.set_text_color(*MARK_RED)
    cx, cy = pdf.w / 2, pdf.h / 2
    with pdf.rotation(angle=18, x=cx, y=cy):
        pdf.text(cx - pdf.get_string_width(text) / 2, cy, text)
    pdf.set_text_color(*INK)


def render_certificates(rows: Iterable[CertificateRow], *, base_url: str, lang: str = "vi") -> bytes:
    """One landscape A4 page per certificate (a workshop's certificates in one file)."""
    rows = list(rows)
    title = t("certificate.pdf_title", lang, n=len(rows))
    pdf = PrintedPDF(lang, orientation="landscape", mark_key="certificate.mark", title=title)
    pdf.set_auto_page_break(False)
    for row in rows:
        _page(pdf, row, base_url, lang)
    if not rows:
        pdf.add_page()
        pdf.set_font(FONT, "", 14)
        pdf.cell(0, 10, t("certificate.none", lang), align="C")
    return pdf.bytes()


def render_certificate(row: CertificateRow, *, base_url: str, lang: str = "vi") -> bytes:
    return render_certificates([row], base_url=base_url, lang=lang)
