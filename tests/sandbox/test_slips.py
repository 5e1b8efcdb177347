"""Slips Mẫu 01–05 print as A5 PDFs whose text keeps every Vietnamese letter, with a QR code and the practice mark."""

from __future__ import annotations

import io
import unicodedata
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from trainer.sandbox.slipdata import (
    ApologySlip,
    ControlSlip,
    HandOverRow,
    ReceiptSlip,
    RefusalSlip,
    SupplementSlip,
)
from trainer.sandbox.slips import render_slip, slip_filename, tracking_url

MARK = "BẢN THỰC HÀNH — KHÔNG CÓ GIÁ TRỊ PHÁP LÝ / PRACTICE COPY — NO LEGAL VALUE"
A5_POINTS = (419.53, 595.28)  # 148 × 210 mm
NOW = datetime(2026, 3, 2, 9, 30)
CODE = "H06.23.01.M01-260302-0001"


COMMON = {"dossier_code": CODE, "agency_name": "UBND xã Bằng Thành", "place": "Bằng Thành", "issued_at": NOW}


def receipt(name: str = "Nông Thị Hoa", procedure: str = "Đăng ký khai sinh") -> ReceiptSlip:
    return ReceiptSlip(
        **COMMON, citizen_name=name, citizen_address="Thôn Nà Phai, xã Bằng Thành", citizen_phone="0912 345 678",
        procedure_name=procedure, documents=["Tờ khai đăng ký khai sinh", "Giấy chứng sinh (bản chính)"], copies=1,
        processing_days=1, received_at=NOW, appointment_at=datetime(2026, 3, 3, 9, 30), delivery="post",
        logbook_book="01/2026", logbook_number="0001", officer_name="Hoàng Văn Đức",
    )


def supplement() -> SupplementSlip:
    return SupplementSlip(
        **COMMON, citizen_name="Nông Thị Hoa", citizen_address="Thôn Nà Phai", citizen_phone="0912 345 678",
        procedure_name="Đăng ký khai sinh", missing=["Giấy chứng sinh (bản chính)", "Giấy chứng nhận kết hôn của cha mẹ"],
        reason="Thiếu giấy tờ bắt buộc", officer_name="Hoàng Văn Đức", officer_phone="0209 3888 123",
    )


def refusal() -> RefusalSlip:
    return RefusalSlip(
        **COMMON, citizen_name="Nông Thị Hoa", procedure_name="Cấp Phiếu lý lịch tư pháp",
        reason="Thủ tục thuộc thẩm quyền của Sở Tư pháp tỉnh", officer_name="Hoàng Văn Đức",
    )


def apology() -> ApologySlip:
    return ApologySlip(
        **COMMON, citizen_name="Nông Thị Hoa", procedure_name="Đăng ký thường trú",
        received_at=datetime(2026, 2, 20, 8), old_appointment_at=datetime(2026, 3, 3, 16),
        new_appointment_at=datetime(2026, 3, 6, 16), reason="Cần xác minh nơi cư trú", head_name="Lý Văn Toàn",
    )


def control() -> ControlSlip:
    return ControlSlip(
        **COMMON, citizen_name="Nông Thị Hoa", procedure_name="Đăng ký khai sinh",
        handling_agency="Công chức Tư pháp - Hộ tịch", partner_agency="Công an xã Bằng Thành",
        appointment_at=datetime(2026, 3, 3, 9, 30),
        handovers=[
            HandOverRow("Bộ phận Một cửa", "Công chức Tư pháp - Hộ tịch", NOW, "on_time", None),
            HandOverRow("Công chức Tư pháp - Hộ tịch", "Chủ tịch UBND xã", None, None, "Trình ký"),
        ],
    )


SLIPS = {
    "01": (receipt, ["Giấy tiếp nhận hồ sơ và hẹn trả kết quả".upper(), "Nông Thị Hoa", "Đăng ký khai sinh",
                     "Giấy chứng sinh (bản chính)", "09 giờ 30 phút, ngày 03 tháng 03 năm 2026",
                     "Qua dịch vụ bưu chính công ích", "Hoàng Văn Đức"]),
    "02": (supplement, ["PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Giấy chứng sinh (bản chính)",
                        "Giấy chứng nhận kết hôn của cha mẹ", "Thiếu giấy tờ bắt buộc"]),
    "03": (refusal, ["PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "Thủ tục thuộc thẩm quyền của Sở Tư pháp tỉnh"]),
    "04": (apology, ["PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "ngày 06 tháng 03 năm 2026",
                     "ngày 03 tháng 03 năm 2026", "Cần xác minh nơi cư trú", "Lý Văn Toàn"]),
    "05": (control, ["PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "Công chức Tư pháp - Hộ tịch",
                     "Công an xã Bằng Thành", "Đúng hạn", "Trình ký"]),
}


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    """The reader and all text, with line breaks made spaces (wrapped lines still match a phrase)."""
    reader = PdfReader(io.BytesIO(data))
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.parametrize("form", sorted(SLIPS))
def test_each_slip_is_an_a5_pdf_with_its_vietnamese_text_intact(form):
    make, expected = SLIPS[form]
    reader, text = pdf_text(render_slip(make()))
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A5_POINTS, abs=0.5)
    for phrase in [*expected, "Nông Thị Hoa", CODE, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", f"Mẫu số {form}"]:
        assert phrase in text, phrase


@pytest.mark.parametrize("form", sorted(SLIPS))
def test_each_page_carries_the_practice_mark_twice_and_the_watermark(form):
    reader, _ = pdf_text(render_slip(SLIPS[form][0]()))
    for page in reader.pages:
        text = page.extract_text()
        assert text.count(MARK) == 2
        assert "KHÔNG CÓ GIÁ TRỊ PHÁP LÝ" in text.replace(MARK, "")


@pytest.mark.parametrize("form", sorted(SLIPS))
def test_each_slip_has_a_qr_image_and_prints_the_tracking_address(form):
    reader, text = pdf_text(render_slip(SLIPS[form][0](), base_url="http://demo.xa.vn:8501/"))
    assert "http://demo.xa.vn:8501/tra-cuu-ho-so?dossier=H06.23.01.M01-260302-0001" in text
    assert sum(len(page.images) for page in reader.pages) >= 1


def test_the_font_is_embedded_so_diacritics_print_on_any_computer():
    reader, _ = pdf_text(render_slip(receipt()))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    descriptors = [fonts[name].get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"] for name in fonts]
    assert descriptors and all("/FontFile2" in d.get_object() for d in descriptors)


def test_the_english_slip_has_english_labels_and_the_same_names():
    _, text = pdf_text(render_slip(receipt(), lang="en"))
    assert "RECEIPT AND APPOINTMENT SLIP" in text
    assert "Nông Thị Hoa" in text and MARK in text


def test_decomposed_names_still_print_as_whole_vietnamese_letters():
    name = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    _, text = pdf_text(render_slip(receipt(name=name)))
    assert "Nguyễn Thị Ánh Tuyết" in text


def test_a_long_document_list_flows_onto_a_second_a5_page_with_the_mark():
    slip = receipt()
    slip.documents = [f"Giấy tờ số {n}: bản sao có chứng thực giấy khai sinh của người thứ {n}" for n in range(1, 40)]
    reader, text = pdf_text(render_slip(slip))
    assert len(reader.pages) >= 2
    assert "Giấy tờ số 39" in text
    assert all(page.extract_text().count(MARK) == 2 for page in reader.pages)


def test_a_slip_for_a_dossier_without_a_code_prints_no_qr_and_says_so():
    slip = supplement()
    slip.dossier_code = ""
    reader, text = pdf_text(render_slip(slip))
    assert "Mã hồ sơ: (chưa cấp mã)" in text
    assert "?dossier=" not in text
    assert sum(len(page.images) for page in reader.pages) == 0
    assert slip_filename(slip) == "mau-02-chua-co-ma.pdf"


def test_the_qr_address_is_the_tracking_page_of_the_navigation():
    from trainer.ui.nav import PAGES

    tracking = next(page for page in PAGES if page.file == "practice/tracking.py")
    assert tracking_url(CODE, "http://10.0.0.5:8501") == f"http://10.0.0.5:8501/{tracking.url_path}?dossier={CODE}"


def test_a_trainee_slip_carries_the_resume_code_so_the_qr_opens_their_sandbox():
    assert tracking_url(CODE, "http://x", resume_code="ABC234") == f"http://x/tra-cuu-ho-so?dossier={CODE}&code=ABC234"
    _, text = pdf_text(render_slip(receipt(), base_url="http://x", resume_code="ABC234"))
    assert f"http://x/tra-cuu-ho-so?dossier={CODE}&code=ABC234" in text


def test_the_tracking_address_uses_the_dossier_parameter_not_the_resume_code():
    assert tracking_url("A B/1", "http://10.0.0.5:8501") == "http://10.0.0.5:8501/tra-cuu-ho-so?dossier=A%20B%2F1"


def test_file_names_name_the_form_and_the_dossier():
    assert slip_filename(apology()) == f"mau-04-{CODE}.pdf"


def test_an_object_that_is_not_a_slip_is_refused():
    with pytest.raises(TypeError):
        render_slip(object())


VIETNAMESE_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet=VIETNAMESE_LETTERS, min_size=2, max_size=8), min_size=2, max_size=4))
def test_any_vietnamese_name_survives_printing_and_extraction(words):
    name = " ".join(word.capitalize() for word in words)
    _, text = pdf_text(render_slip(receipt(name=name)))
    assert name in text


def test_the_fee_receipt_prints_on_a5_with_its_own_legal_basis_amount_and_the_practice_mark():
    from trainer.sandbox.slipdata import FeeReceipt

    slip = FeeReceipt(**COMMON, citizen_name="Nông Thị Hoa", citizen_address="Thôn Nà Phai, xã Bằng Thành",
                      procedure_name="Đăng ký thường trú", amount=20_000, paid_by="cash", reference="BL-0001-000007",
                      officer_name="Hoàng Văn Đức")
    reader, text = pdf_text(render_slip(slip))
    assert all((float(p.mediabox.width), float(p.mediabox.height)) == pytest.approx(A5_POINTS, abs=0.5)
               for p in reader.pages)
    for phrase in ("BIÊN LAI THU PHÍ, LỆ PHÍ", "Nghị định số 123/2020/NĐ-CP", "20.000 ₫", "Tiền mặt",
                   "BL-0001-000007", "Nông Thị Hoa", "Hoàng Văn Đức", CODE):
        assert phrase in text, phrase
    assert "Mẫu số" not in text and all(page.extract_text().count(MARK) == 2 for page in reader.pages)
    assert slip_filename(slip) == f"bien-lai-{CODE}.pdf"
