"""The printable report of the dashboard (issue 16 item 8): a PDF with the charts, the exact Vietnamese names of
the units, topics and campaign, the figures the page shows, the practice-copy mark on every page."""

from __future__ import annotations

import io
import unicodedata
from datetime import datetime

import pytest
from pypdf import PdfReader

from tests.reports.test_real_figures import SAMPLE
from tests.ui.test_dashboard_page import seed
from trainer.db.engine import get_session_factory
from trainer.i18n import t
from trainer.reports import dashboard as rd
from trainer.reports import real_figures as rf
from trainer.reports.pdf_report import dashboard_pdf, share_colour
from trainer.settings import get_settings


@pytest.fixture(autouse=True)
def _three_levels(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's seed is on the default model (two levels, 2025)."""
    monkeypatch.setenv("TRAINER_ADMIN_MODEL", "two-level-2025")
    get_settings.cache_clear()


def pages_text(data: bytes) -> list[str]:
    return [" ".join(unicodedata.normalize("NFC", p.extract_text()).split()) for p in PdfReader(io.BytesIO(data)).pages]


def make_report(url: str, who: str = "province", real: bool = True, lang: str = "vi") -> tuple[bytes, rd.Dashboard]:
    data = seed(url)
    actor = data[who]
    now = datetime.now().replace(microsecond=0)
    with get_session_factory(url).begin() as session:
        if real:
            assert rf.import_report(session, actor=data["province"], data=SAMPLE.read_bytes(), filename=SAMPLE.name,
                                    now=now).ok
    with get_session_factory(url)() as session:
        board = rd.dashboard(session, actor, data["campaign"].id, now)
        rows = rf.movement(board.people, rf.figures(session, actor))
    label = "Tỉnh Thái Nguyên" if who == "province" else "Xã Phong Quang"
    return dashboard_pdf(board, lang=lang, now=now, scope_label=label, real_rows=rows), board


def test_the_report_names_units_topics_and_campaign_exactly_and_marks_every_page(sqlite_url):
    pdf, board = make_report(sqlite_url)
    pages = pages_text(pdf)
    whole = " ".join(pages)
    for words in ("Báo cáo tập huấn: Bưu điện công ích", "Xã Phong Quang", "Phường Bắc Kạn",
                  "Hoàn thành theo đơn vị so với chỉ tiêu", "Khoảng cách tới chỉ tiêu",
                  "Chủ đề còn yếu nhất", "Xu hướng theo tháng", "Tập huấn có làm thay đổi số liệu thật?",
                  "Ghi danh 5 · đã đạt 2 · tỷ lệ đạt 40,0% · còn thiếu 2 người để đạt chỉ tiêu",
                  "33,3% (1/3)", "50,0% (1/2)"):
        assert words in whole, words
    from trainer.quiz.services import bank_or_default

    assert bank_or_default(None).topic_name(board.topics[0].topic, "vi") in whole
    mark = t("printed.mark", "vi")
    assert all(page.count(mark) >= 1 for page in pages), "a page without the practice-copy mark"
    assert len(pages) >= 2 and f"Trang 1/{len(pages)}" in pages[0]


def test_a_commune_leaders_report_holds_only_their_commune(sqlite_url):
    pdf, _board = make_report(sqlite_url, "commune")
    whole = " ".join(pages_text(pdf))
    assert "Xã Phong Quang" in whole and "Phường Bắc Kạn" not in whole and "Phường Đức Xuân" not in whole


def test_without_real_figures_the_report_leaves_that_part_out(sqlite_url):
    pdf, _board = make_report(sqlite_url, real=False)
    assert "Tập huấn có làm thay đổi số liệu thật?" not in " ".join(pages_text(pdf))


def test_in_english_the_headings_translate_and_the_names_stay_vietnamese(sqlite_url):
    pdf, _board = make_report(sqlite_url, lang="en")
    whole = " ".join(pages_text(pdf))
    for words in ("Training report: Bưu điện công ích", "Completion by unit against the target", "Xã Phong Quang",
                  "Enrolled 5 · passed 2 · passed share 40.0%", "Is training moving the real figures?"):
        assert words in whole, words
    assert "Hoàn thành theo đơn vị" not in whole


def test_bar_colours_follow_the_pages_scale():
    assert share_colour(0) == (192, 57, 43) and share_colour(0.5) == (241, 196, 15)
    assert share_colour(1) == (39, 174, 96) and share_colour(2) == share_colour(1)


def test_the_trend_scale_tops_at_a_round_even_number():
    from trainer.reports.pdf_report import nice_ceiling

    assert [nice_ceiling(v) for v in (0, 3, 10, 11, 41, 101, 727, 1234)] == [2, 4, 10, 12, 50, 120, 800, 1500]
