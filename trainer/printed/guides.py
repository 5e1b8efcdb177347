"""Citizen guides: one printable A4 PDF per procedure of the catalogue, built from content (no page by hand).

Each guide says, in plain Vietnamese and large type (body ≥ 14 pt): what the procedure is for, what to bring or
scan (the procedure's documents, and what its e-form asks when it has an e-form definition in
sandbox_data/eforms), the steps
online on the national portal named by its real screens, the fee and the time, what happens next, where to get help
(the one-stop desk, the village's community digital team), and a QR code to the practice portal's page for the
procedure so a citizen can try it safely first.

Public API: `guide_content(procedure, *, lang="vi", model=None) -> Guide` (the words, testable on their own),
`render_guide(procedure, *, base_url, lang="vi", model=None) -> bytes`, `guide_filename(code) -> str`,
`practice_url(code, base_url) -> str`, `fee_text(procedure, lang)`, `time_text(procedure, lang)`, `write_guides(directory, *, base_url, lang="vi", codes=None) -> list[Path]`,
`PROCEDURE_PARAM` (the portal's query parameter that opens one procedure).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from fpdf.enums import XPos, YPos

from trainer.eforms import load_eforms
from trainer.i18n import t
from trainer.printed.pdf import FONT, INK, MARGIN_MM, MARK_RED, MUTED, PrintedPDF, qr_image
from trainer.settings import AdminModel, get_settings
from trainer.world.labels import money
from trainer.world.procedures import Procedure, load_catalogue

PORTAL_PATH = "nop-ho-so"  # url_path of views/practice/portal.py (trainer.ui.nav)
PROCEDURE_PARAM = "thu-tuc"  # ?thu-tuc=1.001193 opens that procedure on the practice portal
BODY_PT = 14.0  # the issue asks for large type: ≥ 14 pt body
HEADING_PT = 16.5
TITLE_PT = 22.0
LINE_MM = 6.6
QR_MM = 42.0


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Guide:
    code: str
    title: str
    subtitle: str
    sections: tuple[Section, ...] = field(default_factory=tuple)


def practice_url(code: str, base_url: str) -> str:
    """The practice portal's page for this procedure (what the guide's QR code opens)."""
    return f"{base_url.rstrip('/')}/{PORTAL_PATH}?{PROCEDURE_PARAM}={quote(code, safe='')}"


def guide_filename(code: str) -> str:
    return f"huong-dan-{code.replace('.', '-')}.pdf"


def fee_text(proc: Procedure, lang: str) -> str:
    rule = proc.fee
    params = {
        "amount": money(rule.amount or rule.late_amount, lang), "online_amount": money(rule.online_amount, lang),
        "cap": money(rule.cap, lang), "first_rate": money(rule.first_page_rate, lang),
        "first_pages": rule.first_pages, "later_rate": money(rule.later_page_rate, lang),
    }
    return t(f"world.fee.{rule.kind}", lang, **params)


def time_text(proc: Procedure, lang: str) -> str:
    time = proc.time
    if time.working_hours:
        text = t("world.time.hours", lang, n=time.working_hours)
    elif time.working_days == 0:
        text = t("world.time.same_day", lang)
    else:
        text = t("world.time.days", lang, n=time.working_days)
    if time.extra_days_if_verified:
        text = f"{text} ({t('world.time.extra_if_verified', lang, n=time.extra_days_if_verified)})"
    return text


def _document_line(doc, types: dict, lang: str) -> str:
    name = doc.name.get(lang) if doc.name else (types[doc.id].name.get(lang) if doc.id in types else doc.id)
    form = t(f"guide.doc_form.{doc.form}", lang)
    line = t("guide.doc_line", lang, name=name, form=form, n=doc.quantity)
    if doc.need == "conditional" and doc.condition is not None:
        line = f"{line} {t('guide.doc_condition', lang, condition=doc.condition.get(lang))}"
    if doc.id in types and types[doc.id].declaration:
        line = f"{line} {t('guide.doc_declaration', lang)}"
    return line


def eform_lines(code: str, lang: str, types: dict) -> tuple[str, ...]:
    """What the procedure's e-form asks, section by section (nothing when the procedure has no e-form definition:
    the guide then relies on its documents list)."""
    form = load_eforms().by_procedure.get(code)
    if form is None:
        return ()
    g = lambda key, **p: t(f"guide.eform.{key}", lang, **p)
    legal = form.legal_form
    name = f"{legal.name.get(lang)} ({legal.number})" if legal.number else legal.name.get(lang)
    lines = [g("copies", name=name, source=legal.source)]
    for section in form.sections:
        labels = "; ".join(f.label(lang) for f in section.fields)
        line = g("section", title=section.title.get(lang), fields=labels)
        line = line if line.endswith((".", "?", "!")) else f"{line}."
        if section.fields and all(f.prefill for f in section.fields):
            line = f"{line} {g('prefilled')}"
        elif section.fields and not any(f.required for f in section.fields):
            line = f"{line} {g('optional')}"
        papers = sorted({types[f.spec.copy_from.document].name.get(lang) for f in section.fields
                         if f.spec.copy_from is not None and f.spec.copy_from.document in types})
        if papers:
            line = f"{line} {g('copy_from', papers=', '.join(papers))}"
        lines.append(line)
    return tuple(lines)


def _steps(proc: Procedure, lang: str) -> tuple[str, ...]:
    g = lambda key, **p: t(f"guide.step.{key}", lang, **p)
    name = proc.name.get(lang)
    level = proc.online.legacy_level
    if level < 3:  # information only: the dossier is brought to the desk
        steps = [g("find", name=name, code=proc.code), g("download_form"), g("bring_to_desk")]
        if proc.bcci_allowed:
            steps.append(g("by_post"))
        return tuple(steps)
    search = g("find_sandbox", name=name) if proc.code.startswith("SB.") else g("find", name=name, code=proc.code)
    steps = [g("sign_in"), search, g("submit_online"), g("eform"), g("documents")]
    receive = [t("guide.receive.in_person", lang)]
    if proc.bcci_allowed:
        receive.append(t("guide.receive.post", lang))
    if level == 4:
        receive.append(t("guide.receive.electronic", lang))
    steps.append(g("delivery", ways=" · ".join(receive)))
    if proc.fee.kind != "free":
        steps.append(g("pay_online") if level == 4 else g("pay_at_desk"))
    steps.append(g("code"))
    return tuple(steps)


def _desk(proc: Procedure, model: AdminModel, lang: str) -> str:
    rule = proc.rule(model)
    return t(f"guide.desk.{model.value}.{rule.receive_level}", lang)


def guide_content(proc: Procedure, *, lang: str = "vi", model: AdminModel | str | None = None) -> Guide:
    """The guide's words for one procedure, from the catalogue."""
    model = AdminModel(model or get_settings().admin_model)
    catalogue = load_catalogue()
    types = dict(catalogue.document_types)
    g = lambda key, **p: t(f"guide.{key}", lang, **p)
    purpose = [g("purpose", result=proc.result.name.get(lang), field=t(f"world.field.{proc.field}", lang))]
    purpose.append(g("where", desk=_desk(proc, model, lang)))
    if proc.code.startswith("SB."):
        purpose.append(g("sandbox_code"))
    else:
        purpose.append(g("national_code", code=proc.code))
    bring = [_document_line(d, types, lang) for d in proc.documents]
    bring.append(g("bring_id"))
    if proc.online.legacy_level >= 3:
        bring.append(g("scan_hint"))
    eform = eform_lines(proc.code, lang, types) if proc.online.legacy_level >= 3 else ()
    fee = [g("fee", fee=fee_text(proc, lang))]
    if proc.fee.note is not None:
        fee.append(proc.fee.note.get(lang))
    if proc.fee.set_by == "province":
        fee.append(g("fee_province"))
    if proc.online.legacy_level == 4 and proc.fee.kind == "online_discount":
        fee.append(g("fee_online_cheaper"))
    fee.append(g("time", time=time_text(proc, lang)))
    if proc.time.note is not None:
        fee.append(proc.time.note.get(lang))
    next_lines = [g("next.check"), g("next.receipt"), g("next.supplement"), g("next.track"),
                  g("next.result", result=proc.result.name.get(lang)), g("next.late"), g("next.rate")]
    help_lines = [g("help.desk", desk=_desk(proc, model, lang)), g("help.team"), g("help.hotline")]
    sections = [
        Section(g("h.purpose"), tuple(purpose)),
        Section(g("h.bring"), tuple(bring)),
    ]
    if eform:
        sections.append(Section(g("h.eform"), eform))
    online = proc.online.legacy_level >= 3
    sections += [
        Section(g("h.steps_online") if online else g("h.steps_desk"), _steps(proc, lang), numbered=True),
        Section(g("h.fee_time"), tuple(fee)),
        Section(g("h.next"), tuple(next_lines)),
        Section(g("h.help"), tuple(help_lines)),
    ]
    subtitle = t(f"world.online.{proc.online.mode}", lang)
    return Guide(code=proc.code, title=proc.name.get(lang), subtitle=subtitle, sections=tuple(sections))


def render_guide(proc: Procedure, *, base_url: str, lang: str = "vi", model: AdminModel | str | None = None) -> bytes:
    """The guide as an A4 PDF: title, the QR box to try it on the practice portal, then the sections."""
    guide = guide_content(proc, lang=lang, model=model)
    pdf = PrintedPDF(lang, mark_key="guide.mark", title=t("guide.pdf_title", lang, name=guide.title))
    pdf.add_page()
    width = pdf.w - 2 * MARGIN_MM
    pdf.set_font(FONT, "", BODY_PT - 2)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 6, t("guide.kicker", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", TITLE_PT)
    pdf.multi_cell(0, 9.5, guide.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", BODY_PT - 1)
    code_line = t("guide.code_line", lang, code=guide.code, mode=guide.subtitle)
    pdf.multi_cell(0, 6, code_line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    _qr_box(pdf, guide.code, base_url, lang, width)
    for section in guide.sections:
        _section(pdf, section)
    return pdf.bytes()


def _qr_box(pdf: PrintedPDF, code: str, base_url: str, lang: str, width: float) -> None:
    url = practice_url(code, base_url)
    top = pdf.get_y()
    pad = 3.0
    text_x = MARGIN_MM + QR_MM + 2 * pad + 2
    text_w = width - (text_x - MARGIN_MM) - pad
    qr_image(pdf, url, MARGIN_MM + pad, top + pad, QR_MM)
    pdf.set_xy(text_x, top + pad)
    pdf.set_font(FONT, "B", BODY_PT)
    pdf.multi_cell(text_w, LINE_MM, t("guide.qr_title", lang), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", BODY_PT - 1)
    pdf.multi_cell(text_w, 6, t("guide.qr_text", lang), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(text_w, 4.2, url, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    bottom = max(pdf.get_y(), top + QR_MM + 2 * pad)
    pdf.set_draw_color(*MARK_RED)
    pdf.set_line_width(0.5)
    pdf.rect(MARGIN_MM, top, width, bottom - top + 1)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_y(bottom + 5)


def _section(pdf: PrintedPDF, section: Section) -> None:
    if pdf.get_y() > pdf.h - 60:  # a heading never stands alone at the foot of a page
        pdf.add_page()
    pdf.set_font(FONT, "B", HEADING_PT)
    pdf.set_fill_color(238, 238, 238)
    pdf.multi_cell(0, 8.5, section.heading, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    pdf.set_font(FONT, "", BODY_PT)
    for index, line in enumerate(section.lines, start=1):
        bullet = f"{index}." if section.numbered else "•"
        pdf.set_x(MARGIN_MM + 1)
        pdf.cell(9, LINE_MM, bullet)
        pdf.multi_cell(0, LINE_MM, line, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.8)
    pdf.ln(3)


def write_guides(directory: Path, *, base_url: str, lang: str = "vi", codes: Iterable[str] | None = None,
                 model: AdminModel | str | None = None) -> list[Path]:
    """One guide per procedure (every procedure of the catalogue unless codes are given) written into directory."""
    catalogue = load_catalogue()
    procedures = [catalogue.get(c) for c in codes] if codes is not None else list(catalogue.all())
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for proc in procedures:
        path = directory / guide_filename(proc.code)
        path.write_bytes(render_guide(proc, base_url=base_url, lang=lang, model=model))
        written.append(path)
    return written
