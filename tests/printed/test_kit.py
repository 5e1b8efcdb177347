"""The workshop kit: the join poster (A4, the code very large, a QR code to the join page, the Wi-Fi hint) and the
one-page participant handout (joining, coming back with the resume code)."""

from __future__ import annotations

import io
import unicodedata
from datetime import date

from pypdf import PdfReader

from tests.support import slip_qr_urls
from trainer.printed.kit import KitWorkshop, join_url, render_handout, render_poster

BASE = "http://192.168.1.20:8501"
WS = KitWorkshop("Tập huấn Một cửa xã Phong Quang", "K7MX4P", date(2026, 3, 2), "Xã Phong Quang, Tỉnh Tuyên Quang")
A4 = (595.28, 841.89)


def flat(data: bytes) -> str:
    return " ".join(" ".join(unicodedata.normalize("NFC", p.extract_text()).split())
                    for p in PdfReader(io.BytesIO(data)).pages)


def sizes_of(data: bytes, text: str) -> list[float]:
    found: list[float] = []

    def visit(chunk, cm, tm, font, size):
        if chunk.strip() == text:
            found.append(size)

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return found


def test_the_poster_has_the_name_the_code_very_large_the_qr_and_the_wifi():
    data = render_poster(WS, base_url=BASE, wifi="Tên mạng: UBND-PhongQuang · Mật khẩu: tapHuan2026")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4
    text = flat(data)
    for expected in ("Tập huấn Một cửa xã Phong Quang", "Mã tham gia", "K7MX4P", "Wi-Fi của hội trường",
                     "Tên mạng: UBND-PhongQuang · Mật khẩu: tapHuan2026", "02/03/2026", "DỮ LIỆU GIẢ"):
        assert expected in text, expected
    assert max(sizes_of(data, "K7MX4P")) >= 100
    assert slip_qr_urls(data) == [f"{BASE}/vao-lop?lop=K7MX4P"] == [join_url("K7MX4P", BASE)]


def test_without_a_wifi_hint_the_poster_leaves_lines_to_write_on():
    text = flat(render_poster(WS, base_url=BASE))
    assert "Tên mạng: ____" in text and "Mật khẩu: ____" in text


def test_the_handout_is_one_page_on_joining_and_coming_back():
    data = render_handout(WS, base_url=BASE, wifi="UBND-PhongQuang / tapHuan2026")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = flat(data)
    for expected in ("Vào lớp", "K7MX4P", "Mã tiếp tục", "Quay lại đúng chỗ", f"{BASE}/lo-trinh-cua-toi",
                     "Lộ trình học của tôi", "Cần hỗ trợ", "UBND-PhongQuang / tapHuan2026", "Tập huấn Một cửa xã Phong Quang"):
        assert expected in text, expected
    assert slip_qr_urls(data) == [f"{BASE}/vao-lop?lop=K7MX4P"]


def test_a_long_hostile_wifi_hint_is_cut_and_printed_literally():
    hostile = "<script>alert(1)</script> " * 20
    text = flat(render_poster(WS, base_url=BASE, wifi=hostile))
    assert "<script>alert(1)</script>" in text
    assert len(PdfReader(io.BytesIO(render_poster(WS, base_url=BASE, wifi=hostile))).pages) == 1
