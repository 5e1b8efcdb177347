"""The certificate PDF (A4 landscape, exact Vietnamese, the wording, a QR code to the verification page)."""

from __future__ import annotations

import dataclasses
import io
import unicodedata
from datetime import date, datetime

from pypdf import PdfReader

from tests.support import slip_qr_urls
from trainer.certificates.service import CertificateRow
from trainer.printed.certificates import render_certificate, render_certificates, verification_url

BASE = "http://192.168.1.20:8501"
A4_LANDSCAPE = (841.89, 595.28)
ROW = CertificateRow(1, "MCS-2026-7KQ2-MXHB", 1, "buu-dien-bcci", {"vi": "Nhân viên bưu điện (BCCI)", "en": "Post"},
                     "Lương Văn Đức", "Xã Phong Quang, Tỉnh Tuyên Quang", 3, "Tập huấn bưu chính công ích xã Phong Quang",
                     "Hoàng Thị Hoa", "automatic", date(2026, 3, 2), datetime(2026, 3, 2, 9), None, None)



def flat(data: bytes) -> str:
    return " ".join(" ".join(unicodedata.normalize("NFC", p.extract_text()).split())
                    for p in PdfReader(io.BytesIO(data)).pages)


def test_the_certificate_is_a4_landscape_with_every_field_and_the_wording():
    data = render_certificate(ROW, base_url=BASE)
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4_LANDSCAPE
    text = flat(data)
    for expected in ("Lương Văn Đức", "Xã Phong Quang, Tỉnh Tuyên Quang", "Nhân viên bưu điện (BCCI)",
                     "Tập huấn bưu chính công ích xã Phong Quang", "Hoàng Thị Hoa", "MCS-2026-7KQ2-MXHB",
                     "ngày 02 tháng 03 năm 2026", "hoàn thành một khóa tập huấn trên hệ thống thực hành",
                     "không phải văn bằng, chứng chỉ", "không có giá trị pháp lý"):
        assert expected in text, expected
    assert slip_qr_urls(data) == [f"{BASE}/xac-minh?so=MCS-2026-7KQ2-MXHB"] == [verification_url(ROW.serial, BASE)]


def test_a_revoked_certificate_says_so_and_a_workshop_prints_as_one_file():
    revoked = dataclasses.replace(ROW, serial="MCS-2026-AB12-CD3X", revoked_at=datetime(2026, 3, 5, 10),
                                  holder_name="Nguyễn Thị Ánh Tuyết")
    data = render_certificates([ROW, revoked], base_url=BASE)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2
    second = " ".join(unicodedata.normalize("NFC", reader.pages[1].extract_text()).split())
    assert "ĐÃ THU HỒI — ngày 05 tháng 03 năm 2026" in second and "Nguyễn Thị Ánh Tuyết" in second
    assert "ĐÃ THU HỒI" not in " ".join(reader.pages[0].extract_text().split())
