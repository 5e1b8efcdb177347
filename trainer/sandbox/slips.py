"""Printable slips Mẫu 01–05 (Circular 01/2018/TT-VPCP) as A5 PDFs, each marked as a practice copy.

Public API: `render_slip(slip, *, base_url=None (the app's public address), lang="vi", resume_code=None) -> bytes` for the dataclasses of
`trainer.sandbox.slipdata` (ReceiptSlip, SupplementSlip, RefusalSlip, ApologySlip, ControlSlip, and FeeReceipt, the
desk's fee receipt "BL");
`slip_filename(slip) -> str`; `tracking_url(code, base_url, resume_code=None) -> str`; `qr_png(text) -> bytes`; `form_number(slip)`.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import qrcode
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from trainer.addresses import public_url
from trainer.i18n import t
from trainer.sandbox.slipdata import TRACKING_PAGE
from trainer.world.labels import money

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"  # has every Vietnamese glyph; licence in LICENSE-DejaVu.txt
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FONT = "DejaVu"

TRACKING_PATH = TRACKING_PAGE  # url_path of views/practice/tracking.py, one value for slip data and the QR code
TRACKING_PARAM = "dossier"  # `code` is taken by the trainee resume code
RESUME_PARAM = "code"  # trainer.ui.widgets.current_trainee() resumes a trainee (and so their sandbox) from ?code=

PAGE_SIZE_MM = (148.0, 210.0)  # A5 (ISO 216); Circular 01/2018/TT-VPCP: Mẫu 01–05 are A5, the Mẫu 06 log A4
MARGIN_MM = 11.0
BODY_PT = 8.5
SMALL_PT = 7.0
TITLE_PT = 10.5
LINE_MM = 4.4
QR_MM = 22.0
WATERMARK_PT = 30
WATERMARK_GREY = 222  # light enough to read the form through it
MARK_RED = (180, 0, 0)

FORMS = {  # slip class name -> (form number, catalog section)
    "ReceiptSlip": ("01", "receipt"),
    "SupplementSlip": ("02", "supplement"),
    "RefusalSlip": ("03", "refusal"),
    "ApologySlip": ("04", "apology"),
    "ControlSlip": ("05", "control"),
    "FeeReceipt": ("BL", "fee"),  # not a form of Circular 01: its heading names its own legal basis
}


def tracking_url(dossier_code: str, base_url: str | None = None, resume_code: str | None = None) -> str:
    """The dossier's tracking page (printed as a QR code); with a trainee's resume code it opens their sandbox.

    `base_url` defaults to the app's one public address (`trainer.addresses.public_url()`, never localhost)."""
    base = base_url if base_url else public_url()
    url = f"{base.rstrip('/')}/{TRACKING_PATH}?{TRACKING_PARAM}={quote(dossier_code, safe='')}"
    return f"{url}&{RESUME_PARAM}={quote(resume_code, safe='')}" if resume_code else url


def qr_png(text: str) -> bytes:
    """A QR code of text as PNG bytes (made in memory)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=6, border=2)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()


def form_number(slip: Any) -> str:
    """'01'…'05' for a slip object (by its class name)."""
    return _form(slip)[0]


def _form(slip: Any) -> tuple[str, str]:
    name = type(slip).__name__
    if name not in FORMS:
        raise TypeError(f"not a slip: {name}")
    return FORMS[name]


class _SlipPDF(FPDF):
    """An A5 page with the practice mark on top, a diagonal watermark and the mark again in the footer."""

    def __init__(self, lang: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format=PAGE_SIZE_MM)
        self.lang = lang
        self.add_font(FONT, "", str(FONT_REGULAR))
        self.add_font(FONT, "B", str(FONT_BOLD))
        self.set_margins(MARGIN_MM, MARGIN_MM + 5, MARGIN_MM)
        self.set_auto_page_break(True, margin=MARGIN_MM + 4)
        self.alias_nb_pages("{nb}")
        self.set_title(t("slips.mark", lang))
        self.set_creator("Một Cửa Sandbox")

    def normalize_text(self, text: str) -> str:
        """Composed (NFC) text, so decomposed input still prints and extracts as whole Vietnamese letters."""
        return super().normalize_text(unicodedata.normalize("NFC", text))

    def header(self) -> None:
        self._watermark()
        self.set_xy(MARGIN_MM, 5)
        self.set_font(FONT, "B", SMALL_PT)
        self.set_text_color(*MARK_RED)
        self.cell(0, 4, t("slips.mark", self.lang), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.set_y(MARGIN_MM + 5)

    def footer(self) -> None:
        self.set_y(-MARGIN_MM)
        self.set_font(FONT, "B", SMALL_PT)
        self.set_text_color(*MARK_RED)
        self.cell(0, 4, t("slips.mark", self.lang), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", SMALL_PT - 1)
        self.set_text_color(90, 90, 90)
        self.cell(0, 3, t("slips.page", self.lang, n=self.page_no(), total="{nb}"), align="C")
        self.set_text_color(0, 0, 0)

    def _watermark(self) -> None:
        cx, cy = self.w / 2, self.h / 2
        self.set_font(FONT, "B", WATERMARK_PT)
        self.set_text_color(WATERMARK_GREY, WATERMARK_GREY, WATERMARK_GREY)
        with self.rotation(angle=55, x=cx, y=cy):
            for offset, key in ((-7, "slips.watermark_top"), (7, "slips.watermark_bottom")):
                text = t(key, self.lang)
                self.text(cx - self.get_string_width(text) / 2, cy + offset, text)
        self.set_text_color(0, 0, 0)


class _Writer:
    """Writes one slip: the national heading, the title, lines of text, lists, a QR block, signatures."""

    def __init__(self, slip: Any, lang: str, base_url: str, resume_code: str | None = None) -> None:
        self.slip = slip
        self.lang = lang
        self.base_url = base_url
        self.resume_code = resume_code
        self.number, self.section = _form(slip)
        self.pdf = _SlipPDF(lang)
        self.pdf.add_page()

    def tr(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    def fmt_date(self, value: date | datetime | None) -> str:
        if value is None:
            return "…"
        return self.tr("slips.date", d=value.day, m=value.month, y=value.year)

    def fmt_datetime(self, value: datetime | None) -> str:
        if value is None:
            return "…"
        return self.tr("slips.datetime", H=value.hour, M=value.minute, d=value.day, m=value.month, y=value.year)

    def heading(self) -> None:
        pdf, s = self.pdf, self.slip
        half = (pdf.w - 2 * MARGIN_MM) / 2
        top = pdf.get_y()
        pdf.set_font(FONT, "B", SMALL_PT)
        pdf.multi_cell(half, 3.6, f"{s.agency_name.upper()}\n{self.tr('slips.desk_unit')}", align="C")
        left_bottom = pdf.get_y()
        pdf.set_xy(MARGIN_MM + half, top)
        pdf.multi_cell(half, 3.6, f"{self.tr('slips.republic')}\n{self.tr('slips.motto')}", align="C")
        right_bottom = pdf.get_y()
        pdf.set_y(max(left_bottom, right_bottom) + 1)
        pdf.set_font(FONT, "", SMALL_PT)
        form_line = (self.tr(f"slips.{self.section}.form_line") if self.number not in WRITERS_OF_CIRCULAR
                     else f"{self.tr('slips.form_no', n=self.number)} {self.tr('slips.circular')}")
        pdf.cell(half, 3.6, form_line, align="C")
        place_date = self.tr("slips.place_date", place=s.place, date=self.fmt_date(s.issued_at))
        pdf.cell(half, 3.6, place_date, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
        pdf.set_font(FONT, "B", TITLE_PT)
        pdf.multi_cell(0, 5, self.tr(f"slips.{self.section}.title"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, "B", BODY_PT)
        code = s.dossier_code or self.tr("slips.no_code")
        pdf.cell(0, 4.5, self.tr("slips.dossier_code", code=code), align="C",
                 new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)

    def line(self, key: str, *, bold: bool = False, indent: float = 0.0, **params: Any) -> None:
        self.text(self.tr(f"slips.{self.section}.{key}", **params), bold=bold, indent=indent)

    def text(self, value: str, *, bold: bool = False, indent: float = 0.0) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, "B" if bold else "", BODY_PT)
        pdf.set_x(MARGIN_MM + indent)
        pdf.multi_cell(0, LINE_MM, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def items(self, values: Iterable[str], *, numbered: bool = True) -> None:
        values = list(values)
        if not values:
            self.text(self.tr("slips.none"), indent=4)
        for index, value in enumerate(values, start=1):
            self.text(f"{index}. {value}" if numbered else f"– {value}", indent=4)

    def optional(self, key: str, value: str | None, name: str) -> None:
        if value:
            self.line(key, **{name: value})

    def qr_block(self) -> None:
        pdf = self.pdf
        if not self.slip.dossier_code:
            return  # a draft asked to supplement at the counter has no code yet, so nothing to track
        url = tracking_url(self.slip.dossier_code, self.base_url, self.resume_code)
        if pdf.get_y() + QR_MM + 2 > pdf.page_break_trigger:
            pdf.add_page()
        pdf.ln(1.5)
        top = pdf.get_y()
        pdf.image(io.BytesIO(qr_png(url)), x=MARGIN_MM, y=top, w=QR_MM, h=QR_MM)
        pdf.set_xy(MARGIN_MM + QR_MM + 3, top + 4)
        pdf.set_font(FONT, "", SMALL_PT)
        width = pdf.w - 2 * MARGIN_MM - QR_MM - 3
        pdf.multi_cell(width, 3.4, f"{self.tr('slips.qr_caption')}\n{url}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_y(top + QR_MM + 1)

    def signatures(self, roles: list[tuple[str, str | None]], *, hint_key: str = "slips.sign_hint") -> None:
        pdf = self.pdf
        if pdf.get_y() + 24 > pdf.page_break_trigger:
            pdf.add_page()
        width = (pdf.w - 2 * MARGIN_MM) / len(roles)
        top = pdf.get_y() + 1
        for index, (title, name) in enumerate(roles):
            x = MARGIN_MM + index * width
            pdf.set_xy(x, top)
            pdf.set_font(FONT, "B", BODY_PT)
            pdf.multi_cell(width, LINE_MM, title, align="C")
            pdf.set_x(x)
            pdf.set_font(FONT, "", SMALL_PT)
            pdf.multi_cell(width, 3.4, self.tr(hint_key), align="C")
            if name:
                pdf.set_xy(x, top + 20)
                pdf.set_font(FONT, "B", BODY_PT)
                pdf.multi_cell(width, LINE_MM, name, align="C")
        pdf.set_y(top + 26)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _receipt(w: _Writer) -> None:
    s = w.slip
    w.line("desk", agency=s.agency_name)
    w.line("received_from", name=s.citizen_name, bold=True)
    w.optional("address", s.citizen_address, "address")
    w.optional("phone", s.citizen_phone, "phone")
    w.optional("email", getattr(s, "citizen_email", None), "email")
    w.line("request", procedure=s.procedure_name, bold=True)
    w.line("documents")
    w.items(s.documents)
    w.line("copies", n=s.copies)
    if s.processing_days == 0:  # a same-day procedure: "trong ngày làm việc", never "0 ngày làm việc"
        w.line("processing_same_day")
    else:
        w.line("processing_days", days=s.processing_days)
    w.line("received_at", when=w.fmt_datetime(s.received_at))
    w.line("appointment_at", when=w.fmt_datetime(s.appointment_at), bold=True)
    w.line("delivery", how=w.tr(f"slips.delivery.{s.delivery}"))
    w.line("logbook", book=s.logbook_book or "…", number=s.logbook_number or "…")
    w.qr_block()
    w.signatures([(w.tr("slips.receipt.submitter"), s.citizen_name), (w.tr("slips.receipt.receiver"), s.officer_name)])


def _supplement(w: _Writer) -> None:
    s = w.slip
    w.line("dossier_of", name=s.citizen_name, bold=True)
    w.line("request", procedure=s.procedure_name, bold=True)
    w.optional("address", s.citizen_address, "address")
    w.optional("phone", s.citizen_phone, "phone")
    w.line("intro", agency=s.agency_name)
    w.items(s.missing)
    if s.reason:
        w.line("reason", reason=s.reason)
    officer = s.officer_name or s.agency_name  # what is known is printed; an unknown one is left out, never "…"
    if s.officer_phone:
        w.line("contact", officer=officer, phone=s.officer_phone)
    else:
        w.line("contact_no_phone", officer=officer)
    w.qr_block()
    w.signatures([(w.tr("slips.supplement.guide"), s.officer_name)])


def _refusal(w: _Writer) -> None:
    s = w.slip
    w.line("desk", agency=s.agency_name)
    w.line("received_from", name=s.citizen_name, bold=True)
    w.line("request", procedure=s.procedure_name, bold=True)
    w.line("intro", agency=s.agency_name)
    w.text(s.reason, bold=True, indent=4)
    w.line("closing")
    w.qr_block()
    w.signatures([(w.tr("slips.refusal.receiver"), s.officer_name)])


def _apology(w: _Writer) -> None:
    s = w.slip
    w.line("to", name=s.citizen_name, bold=True)
    w.line("received", date=w.fmt_date(s.received_at), agency=s.agency_name)
    w.line("request", procedure=s.procedure_name)
    w.line("due", date=w.fmt_date(s.old_appointment_at))
    w.line("not_yet", agency=s.agency_name)
    w.line("reason", reason=s.reason)
    w.line("sorry", agency=s.agency_name, date=w.fmt_date(s.new_appointment_at), bold=True)
    w.line("thanks")
    w.qr_block()
    w.signatures([(w.tr("slips.apology.head"), s.head_name)], hint_key="slips.sign_seal_hint")


def _control(w: _Writer) -> None:
    s, pdf = w.slip, w.pdf
    w.line("attached")
    w.line("citizen", name=s.citizen_name, bold=True)
    w.line("request", procedure=s.procedure_name)
    w.line("handling", agency=s.handling_agency)
    if s.partner_agency:
        w.line("partner", agency=s.partner_agency)
    w.line("appointment", when=w.fmt_datetime(s.appointment_at))
    pdf.ln(1)
    pdf.set_font(FONT, "", SMALL_PT)
    heads = [w.tr(f"slips.control.{k}") for k in ("col_step", "col_time", "col_result", "col_note")]
    with pdf.table(col_widths=(34, 42, 26, 24), line_height=3.4, text_align="LEFT", first_row_as_headings=True,
                   padding=1) as table:
        head = table.row()
        for label in heads:
            head.cell(label)
        for index, row in enumerate(s.handovers, start=1):
            cells = table.row()
            cells.cell(f"{w.tr('slips.control.row_from', n=index, who=row.from_party)}\n"
                       f"{w.tr('slips.control.row_to', who=row.to_party)}")
            when = w.fmt_datetime(row.at) if row.at else w.tr("slips.control.blank_time")
            cells.cell(f"{when}\n\n{w.tr('slips.control.giver')}: ………\n{w.tr('slips.control.taker')}: ………")
            cells.cell(w.tr(f"slips.control.result.{row.result}") if row.result else "")
            cells.cell(row.note or "")
    w.qr_block()


def _fee(w: _Writer) -> None:
    s = w.slip
    w.line("payer", name=s.citizen_name, bold=True)
    w.optional("address", s.citizen_address, "address")
    w.line("for", procedure=s.procedure_name)
    w.line("amount", amount=f"{money(s.amount, w.lang)} ₫", bold=True)
    w.line("method", how=w.tr(f"slips.fee.methods.{s.paid_by}"))
    w.line("reference", reference=s.reference or "…")
    w.line("note")
    w.qr_block()
    w.signatures([(w.tr("slips.fee.payer_sign"), s.citizen_name), (w.tr("slips.fee.collector"), s.officer_name)])


WRITERS_OF_CIRCULAR = ("01", "02", "03", "04", "05")
WRITERS = {"01": _receipt, "02": _supplement, "03": _refusal, "04": _apology, "05": _control, "BL": _fee}


def render_slip(
    slip: Any, *, base_url: str | None = None, lang: str = "vi", resume_code: str | None = None
) -> bytes:
    """The slip (ReceiptSlip, SupplementSlip, RefusalSlip, ApologySlip or ControlSlip) as an A5 PDF."""
    writer = _Writer(slip, lang, base_url, resume_code)
    writer.heading()
    WRITERS[writer.number](writer)
    return writer.output()


def slip_filename(slip: Any) -> str:
    """A download name such as `mau-01-H06.23.01.M01-260302-0001.pdf` (a fee receipt: `bien-lai-...`)."""
    safe = "".join(ch if ch.isalnum() or ch in ".-" else "_" for ch in slip.dossier_code) or "chua-co-ma"
    return f"{file_prefix(form_number(slip))}-{safe}.pdf"


def file_prefix(form: str) -> str:
    """`mau-01` … `mau-05` for the forms of Circular 01, `bien-lai` for the fee receipt."""
    return f"mau-{form}" if form in WRITERS_OF_CIRCULAR else "bien-lai"
