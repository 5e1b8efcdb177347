"""The dashboard as a printable A4 report (báo cáo in) for a meeting: completion by unit against the target, the gap
to target, the weakest topics, the trend by month, the service figures and the real figures beside completion.

Charts are drawn with fpdf2's own shapes (no image library, nothing fetched); text in the project's DejaVu font
(every Vietnamese letter), the practice-copy mark on top and at the foot of every page (`printed.pdf.PrintedPDF`).
Every figure comes from the same `Dashboard` as the page and the XLSX.

Public API: `dashboard_pdf(board, *, lang, now, scope_label, units=None, stats=None, real_rows=()) -> bytes`.
"""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise
from typing import Any

from fpdf.enums import XPos, YPos

from trainer.i18n import Translator
from trainer.printed.pdf import FONT, MARGIN_MM, MUTED, PrintedPDF
from trainer.reports.dashboard import Dashboard, _units, scope_totals
from trainer.reports.tables import Table, cell_text, row_kinds, service_table
from trainer.world.labels import date_text, number, percent

RED, YELLOW, GREEN = (192, 57, 43), (241, 196, 15), (39, 174, 96)
BLUE, ORANGE, TEAL = (46, 134, 193), (211, 84, 0), (39, 174, 96)
TARGET = (120, 0, 0)
GRID = (210, 210, 210)
WIDTH = 210 - 2 * MARGIN_MM
ROW_MM = 5.2
TOP_TOPICS = 10


def share_colour(share: float) -> tuple[int, int, int]:
    """The page's scale: red at 0, yellow at 50 %, green at 100 %."""
    share = max(0.0, min(1.0, share))
    low, high, part = (RED, YELLOW, share / 0.5) if share <= 0.5 else (YELLOW, GREEN, (share - 0.5) / 0.5)
    return tuple(round(a + (b - a) * part) for a, b in zip(low, high, strict=True))  # type: ignore[return-value]


class _Report:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.t = Translator(lang)
        self.pdf = PrintedPDF(lang, title=self.t("dashboard_pdf.title"))
        self.pdf.add_page()

    # --- text ---------------------------------------------------------------------------------------------------

    def fit(self, text: str, width: float) -> str:
        """text cut with "…" to fit width mm in the current font."""
        if self.pdf.get_string_width(text) <= width:
            return text
        while text and self.pdf.get_string_width(text + "…") > width:
            text = text[:-1]
        return text + "…"

    def heading(self, text: str, keep: float = 22) -> None:
        """A section heading, on a new page unless `keep` mm (the heading and what must stay with it) fit."""
        self.room(keep + 11)
        self.pdf.ln(3)
        self.pdf.set_font(FONT, "B", 13)
        self.pdf.cell(0, 8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def para(self, text: str, size: float = 9.5, muted: bool = False) -> None:
        self.pdf.set_font(FONT, "", size)
        if muted:
            self.pdf.set_text_color(*MUTED)
        self.pdf.multi_cell(0, 4.8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.set_text_color(20, 20, 20)

    def room(self, mm: float) -> None:
        """A new page unless mm of height is left above the foot."""
        if self.pdf.get_y() + mm > self.pdf.page_break_trigger:
            self.pdf.add_page()

    # --- shapes -------------------------------------------------------------------------------------------------

    def bars(self, items: list[tuple[str, float, str]], *, target: float | None = None, label_mm: float = 62) -> None:
        """Horizontal bars 0–100 %: (label, share, the figure written after the bar); a dark rule at the target."""
        pdf = self.pdf
        area = WIDTH - label_mm - 30
        x0 = MARGIN_MM + label_mm
        self.room(ROW_MM * 2 + 6)
        self._scale(x0, area)
        for label, share, figure in items:
            if pdf.get_y() + ROW_MM > pdf.page_break_trigger:
                pdf.add_page()
                self._scale(x0, area)
            y = pdf.get_y()
            pdf.set_font(FONT, "", 8.5)
            pdf.set_xy(MARGIN_MM, y)
            pdf.cell(label_mm - 2, ROW_MM, self.fit(label, label_mm - 3), align="R")
            pdf.set_fill_color(240, 240, 240)
            pdf.rect(x0, y + 0.9, area, ROW_MM - 1.8, style="F")
            pdf.set_fill_color(*share_colour(share))
            if share > 0:
                pdf.rect(x0, y + 0.9, area * max(0.0, min(1.0, share)), ROW_MM - 1.8, style="F")
            if target is not None:
                pdf.set_draw_color(*TARGET)
                pdf.set_line_width(0.6)
                pdf.line(x0 + area * target, y + 0.2, x0 + area * target, y + ROW_MM - 0.2)
                pdf.set_line_width(0.2)
            pdf.set_xy(x0 + area + 1.5, y)
            pdf.cell(28, ROW_MM, figure)
            pdf.set_y(y + ROW_MM)
        pdf.ln(2)

    def _scale(self, x0: float, area: float) -> None:
        pdf = self.pdf
        y = pdf.get_y()
        pdf.set_font(FONT, "", 7)
        pdf.set_text_color(*MUTED)
        for tick in (0, 0.25, 0.5, 0.75, 1.0):
            pdf.set_xy(x0 + area * tick - 6, y)
            pdf.cell(12, 3.5, _tick(tick), align="C")
        pdf.set_text_color(20, 20, 20)
        pdf.set_y(y + 4)

    def columns(self, periods: list[str], counts: list[int], shares: list[float | None], *, count_label: str,
                share_label: str) -> None:
        """Vertical bars (a count, left scale) and a line with points (a share 0–100 %, right scale) per period."""
        pdf = self.pdf
        height = 55.0
        self.room(height + 26)
        left, right = MARGIN_MM + 14, MARGIN_MM + WIDTH - 14
        top = pdf.get_y() + 4
        bottom = top + height
        top_count = nice_ceiling(max(counts) if counts else 0)
        pdf.set_draw_color(*GRID)
        pdf.set_font(FONT, "", 7)
        pdf.set_text_color(*MUTED)
        for tick in (0, 0.5, 1.0):
            y = bottom - height * tick
            pdf.line(left, y, right, y)
            pdf.set_xy(MARGIN_MM, y - 1.8)
            pdf.cell(13, 3.6, number(round(top_count * tick), self.lang), align="R")
            pdf.set_xy(right + 1, y - 1.8)
            pdf.cell(13, 3.6, _tick(tick), align="L")
        slot = (right - left) / max(1, len(periods))
        points = []
        for i, (period, count, share) in enumerate(zip(periods, counts, shares, strict=True)):
            x = left + slot * i
            bar = height * count / top_count
            pdf.set_fill_color(*BLUE)
            width = min(slot * 0.6, 14.0)
            if bar > 0:
                pdf.rect(x + (slot - width) / 2, bottom - bar, width, bar, style="F")
            pdf.set_text_color(*MUTED)
            pdf.set_xy(x, bottom + 0.8)
            pdf.cell(slot, 3.6, self.fit(period, slot), align="C")
            if share is not None:
                points.append((x + slot / 2, bottom - height * max(0.0, min(1.0, share))))
        pdf.set_draw_color(*ORANGE)
        pdf.set_fill_color(*ORANGE)
        pdf.set_line_width(0.6)
        for (x1, y1), (x2, y2) in pairwise(points):
            pdf.line(x1, y1, x2, y2)
        for x, y in points:
            pdf.ellipse(x - 0.9, y - 0.9, 1.8, 1.8, style="F")
        pdf.set_line_width(0.2)
        pdf.set_text_color(20, 20, 20)
        pdf.set_y(bottom + 6)
        self.legend([(BLUE, count_label), (ORANGE, share_label)])

    def legend(self, entries: list[tuple[tuple[int, int, int], str]]) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, "", 8)
        x = MARGIN_MM
        y = pdf.get_y()
        for colour, label in entries:
            pdf.set_fill_color(*colour)
            pdf.rect(x, y + 1, 4, 3, style="F")
            pdf.set_xy(x + 5, y)
            pdf.cell(pdf.get_string_width(label) + 2, 5, label)
            x += pdf.get_string_width(label) + 12
        pdf.set_y(y + 7)

    def lines(self, months: list[str], series: list[tuple[tuple[int, int, int], str, list[float | None]]]) -> None:
        """Lines with points over the months, 0–100 %."""
        pdf = self.pdf
        height = 50.0
        self.room(height + 24)
        left, right = MARGIN_MM + 14, MARGIN_MM + WIDTH - 4
        top = pdf.get_y() + 3
        bottom = top + height
        pdf.set_draw_color(*GRID)
        pdf.set_font(FONT, "", 7)
        pdf.set_text_color(*MUTED)
        for tick in (0, 0.25, 0.5, 0.75, 1.0):
            y = bottom - height * tick
            pdf.line(left, y, right, y)
            pdf.set_xy(MARGIN_MM, y - 1.8)
            pdf.cell(13, 3.6, _tick(tick), align="R")
        slot = (right - left) / max(1, len(months))
        for i, month in enumerate(months):
            pdf.set_xy(left + slot * i, bottom + 0.8)
            pdf.cell(slot, 3.6, self.fit(month, slot), align="C")
        pdf.set_line_width(0.6)
        for colour, _label, values in series:
            pdf.set_draw_color(*colour)
            pdf.set_fill_color(*colour)
            points = [(left + slot * (i + 0.5), bottom - height * max(0.0, min(1.0, v)))
                      for i, v in enumerate(values) if v is not None]
            for (x1, y1), (x2, y2) in pairwise(points):
                pdf.line(x1, y1, x2, y2)
            for x, y in points:
                pdf.ellipse(x - 0.9, y - 0.9, 1.8, 1.8, style="F")
        pdf.set_line_width(0.2)
        pdf.set_text_color(20, 20, 20)
        pdf.set_y(bottom + 6)
        self.legend([(c, label) for c, label, _v in series])

    def grid(self, table: Table, widths: list[float], *, limit: int | None = None) -> None:
        """A table: bold headers (repeated on a new page), cells written the page's way, numbers on the right."""
        pdf = self.pdf
        rows = table.rows[:limit] if limit else table.rows
        numeric = [c.kind in ("int", "share") for c in table.columns]

        def head() -> None:
            pdf.set_font(FONT, "B", 7.5)
            pdf.set_fill_color(235, 235, 235)
            y = pdf.get_y()
            x = MARGIN_MM
            pdf.rect(x, y, sum(widths), 7.6, style="F")
            for header, width in zip(table.headers, widths, strict=True):
                pdf.set_xy(x, y + (1.8 if pdf.get_string_width(header) <= width - 2 * pdf.c_margin - 0.5 else 0))
                pdf.multi_cell(width, 3.6, header, border=0, align="C", max_line_height=3.6,
                               new_x=XPos.RIGHT, new_y=YPos.TOP)
                x += width
            pdf.set_y(y + 7.6)

        self.room(ROW_MM * 3 + 8)
        pdf.set_draw_color(*GRID)
        head()
        pdf.set_font(FONT, "", 7.5)
        for row in rows:
            if pdf.get_y() + ROW_MM > pdf.page_break_trigger:
                pdf.add_page()
                head()
                pdf.set_font(FONT, "", 7.5)
            for value, kind, width, right in zip(row, row_kinds(table, row), widths, numeric, strict=True):
                text = cell_text(value, kind, self.lang)
                pdf.cell(width, ROW_MM, self.fit(text, width - 1.5), border="B", align="R" if right else "L")
            pdf.ln(ROW_MM)
        if limit and len(table.rows) > limit:
            self.para(self.t("dashboard_pdf.more_rows", n=number(len(table.rows) - limit, self.lang)), 8, muted=True)
        pdf.ln(2)


def nice_ceiling(value: int) -> int:
    """A scale's top: the smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k) at or above value, even
    so that its half, the middle tick, is a whole number too (727 → 800, 41 → 50, 3 → 4, 0 → 2)."""
    if value <= 10:
        return max(2, value + value % 2)
    power = 10 ** (len(str(int(value))) - 1)
    return next(int(step * power) for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)
                if step * power >= value and int(step * power) % 2 == 0)


def _tick(share: float) -> str:
    return f"{round(share * 100)}%"


def dashboard_pdf(board: Dashboard, *, lang: str, now: datetime, scope_label: str, units: Any = None,
                  stats: Any = None, real_rows: tuple[Any, ...] = ()) -> bytes:
    """The printable report of one campaign as the actor sees it (the board is already scoped)."""
    from trainer.quiz.services import bank_or_default
    from trainer.reports.tables import _path_title, dashboard_tables

    units = _units(units)
    r = _Report(lang)
    t, pdf = r.t, r.pdf
    campaign = board.campaign
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, t("dashboard_pdf.heading", campaign=campaign.name), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    r.para(t("dashboard_pdf.scope", units=scope_label, day=date_text(now.date()), start=date_text(campaign.starts_on),
             end=date_text(campaign.ends_on), level=t(f"dashboard.level.{board.level}")))
    r.para(t("dashboard.practice_note"), 8.5, muted=True)

    # completion against each target, by unit
    r.heading(t("dashboard_pdf.completion"))
    for total in scope_totals(board.people, campaign, now, scope_label):
        r.room(20)
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(0, 5, t("dashboard.target_caption", path=_path_title(total.path_id, lang),
                               audience=t(f"dashboard.audience.{total.audience}"),
                               target=percent(total.target_share, lang), by=date_text(total.target_by)),
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        r.para(t("dashboard_pdf.headline", enrolled=number(total.enrolled, lang), passed=number(total.passed, lang),
                 share=percent(total.share, lang), gap=number(total.gap, lang)))
        rows = sorted((c for c in board.completion if c.path_id == total.path_id and c.audience == total.audience
                       and c.enrolled), key=lambda c: (c.share, c.unit_name))
        if rows:
            r.bars([(c.unit_name, c.share, f"{percent(c.share, lang)} ({number(c.passed, lang)}/{number(c.enrolled, lang)})")
                    for c in rows], target=total.target_share)
            r.para(t("dashboard_pdf.target_rule"), 7.5, muted=True)

    # the gap to target, largest first
    tables = {tb.key: tb for tb in dashboard_tables(board, t, lang, units, stats=stats)}
    r.heading(t("dashboard_pdf.gap"))
    gap = tables["completion"]
    keep = [0, 3, 6, 8, 10, 11, 12, 13]  # unit, audience, enrolled, passed, share, needed, gap, status
    enrolled = [row for row in gap.rows if row[6]]
    gap_rows = sorted(enrolled, key=lambda row: (-(row[12] or 0), row[0]))
    gap_table = Table(gap.key, gap.title, tuple(gap.columns[i] for i in keep),
                      tuple(tuple(row[i] for i in keep) for row in gap_rows))
    if gap_table.rows:
        r.grid(gap_table, [46, 18, 16, 15, 16, 15, 16, 36])
    else:
        r.para(t("dashboard.none_yet"), muted=True)
    empty = sorted({row[0] for row in gap.rows if not row[6]})
    if empty:  # a province has ~100 communes: those with nobody enrolled yet are named in one paragraph
        r.para(t("dashboard_pdf.nobody", n=number(len(empty), lang), units=", ".join(empty)), 8, muted=True)

    # the weakest topics
    r.heading(t("dashboard_pdf.topics"), keep=30)
    bank = bank_or_default(None)
    weakest = list(board.topics[:TOP_TOPICS])
    if weakest:
        r.bars([(bank.topic_name(row.topic, lang), row.mastery,
                 f"{percent(row.mastery, lang)} · {number(row.people, lang)} {t('dashboard_pdf.people')}")
                for row in weakest], label_mm=70)
        if board.questions:
            r.grid(tables["questions"], [26, 84, 16, 14, 16, 22], limit=TOP_TOPICS)
    else:
        r.para(t("dashboard.none_yet"), muted=True)

    # the trend by month
    r.heading(t("dashboard_pdf.trend"), keep=85)
    if board.months:
        r.columns([row.period for row in board.months], [row.trained for row in board.months],
                  [row.mean_score for row in board.months], count_label=t("dashboard.col.trained"),
                  share_label=t("dashboard.col.mean_score"))
    else:
        r.para(t("dashboard.trend_empty"), muted=True)

    # the service figures of the sandbox history and the real figures beside completion
    if stats is not None and not stats.stats.empty:
        r.heading(t("dashboard_pdf.service"))
        r.grid(service_table(stats, t), [100, 28, 28, 22])
    if real_rows:
        from trainer.reports.real_figures import movement_table, totals

        r.heading(t("real_figures.title"), keep=80)
        summed = totals(tuple(real_rows))
        r.lines([f"{m.month:%m/%Y}" for m in summed],
                [(BLUE, t("real_figures.series.completion"), [m.completion for m in summed]),
                 (ORANGE, t("real_figures.series.online_share"), [m.online_share for m in summed]),
                 (TEAL, t("real_figures.series.on_time_rate"), [m.on_time_rate for m in summed])])
        r.para(t("real_figures.caution"), 8, muted=True)
        table = movement_table(tuple(real_rows), t, units)
        keep = [0, 1, 4, 5, 7, 10]  # commune, month, completion, received, online share, on-time rate
        r.grid(Table(table.key, table.title, tuple(table.columns[i] for i in keep),
                     tuple(tuple(row[i] for i in keep) for row in table.rows)), [56, 20, 26, 26, 25, 25])
    return pdf.bytes()
