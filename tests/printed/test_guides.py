"""Citizen guides: one A4 PDF per procedure, from content, with exact Vietnamese text, large type and a QR code."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

from trainer.printed.guides import (
    BODY_PT,
    guide_content,
    guide_filename,
    practice_url,
    render_guide,
    write_guides,
)
from trainer.world.procedures import load_catalogue

BASE = "http://192.168.1.20:8501"
A4_POINTS = (595.28, 841.89)
CATALOGUE = load_catalogue()
CODES = [p.code for p in CATALOGUE.all()]


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("code", CODES)
def test_every_guide_is_a4_and_names_the_procedure_its_documents_fee_time_and_help(code):
    proc = CATALOGUE.get(code)
    data = render_guide(proc, base_url=BASE)
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4_POINTS
    text = flat(text_of(data))
    assert proc.name.vi in text
    for doc in proc.documents:
        assert doc.name.vi in text, doc.id
    assert "Cổng Dịch vụ công quốc gia" in text
    assert "Lệ phí và thời gian" in text and "Thời gian giải quyết" in text
    assert "Tổ công nghệ số cộng đồng" in text
    assert "MÔI TRƯỜNG THỰC HÀNH" in text or "BẢN THỰC HÀNH" in text
    assert flat(practice_url(code, BASE)) in text.replace(" ", " ")
    assert "localhost" not in text


def test_the_online_steps_use_the_portals_real_screen_names():
    text = flat(text_of(render_guide(CATALOGUE.get("1.001193"), base_url=BASE)))
    for screen in ("Đăng nhập bằng VNeID", "Tra cứu thủ tục hành chính", "Nộp hồ sơ trực tuyến", "Tờ khai",
                   "Thành phần hồ sơ", "Tải tệp lên", "Lấy từ kho dữ liệu", "Hình thức nhận kết quả",
                   "Qua dịch vụ bưu chính công ích", "Nhận kết quả điện tử", "Thanh toán trực tuyến", "Mã hồ sơ",
                   "Tra cứu hồ sơ", "Bổ sung hồ sơ", "Đánh giá mức độ hài lòng"):
        assert screen in text, screen


def test_a_procedure_without_post_or_online_payment_does_not_offer_them():
    partial = next(p for p in CATALOGUE.all() if p.online.legacy_level == 3 and not p.bcci_allowed)
    steps = next(s for s in guide_content(partial).sections if s.numbered)
    joined = " ".join(steps.lines)
    assert "Qua dịch vụ bưu chính công ích" not in joined
    assert "Nhận kết quả điện tử" not in joined
    assert "Thanh toán trực tuyến" not in joined


def test_an_information_only_procedure_sends_the_citizen_to_the_desk():
    offline = [p for p in CATALOGUE.all() if p.online.legacy_level == 2]
    assert offline, "the catalogue has information-only procedures (online level 2)"
    steps = next(s for s in guide_content(offline[0]).sections if s.numbered)
    assert "Bộ phận Một cửa" in " ".join(steps.lines)
    assert "Nộp hồ sơ trực tuyến" not in " ".join(steps.lines)


def test_the_fee_and_time_come_from_the_catalogue():
    proc = CATALOGUE.get("2.000815")  # per page with a cap
    text = flat(text_of(render_guide(proc, base_url=BASE)))
    assert "200.000" in text and "2.000" in text and "1.000" in text
    assert "Trong ngày làm việc" in text


def test_body_text_is_at_least_14_points():
    proc = CATALOGUE.get("1.004222")
    reader = PdfReader(io.BytesIO(render_guide(proc, base_url=BASE)))
    lines = [line for section in guide_content(proc).sections for line in section.lines]
    sizes: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.strip() and any(text.strip() in line for line in lines):
            sizes.append(size * tm[0] * cm[0] if tm[0] and cm[0] else size)

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert sizes, "no body text found"
    assert min(sizes) >= 14 and BODY_PT >= 14


def test_the_guide_has_a_qr_image_pointing_at_the_practice_portal_page_of_the_procedure():
    reader = PdfReader(io.BytesIO(render_guide(CATALOGUE.get("1.001193"), base_url=BASE + "/")))
    assert len(reader.pages[0].images) == 1
    assert practice_url("1.001193", BASE + "/") == f"{BASE}/nop-ho-so?thu-tuc=1.001193"


def test_english_guides_are_english():
    text = flat(text_of(render_guide(CATALOGUE.get("1.001193"), base_url=BASE, lang="en")))
    assert "Birth registration" in text and "Sign in with VNeID" in text


def test_both_administrative_models_name_the_right_desk():
    proc = CATALOGUE.get("1.001193")
    two = " ".join(guide_content(proc, model="two-level-2025").sections[0].lines)
    three = " ".join(guide_content(proc, model="three-level-2019").sections[0].lines)
    assert "Trung tâm Phục vụ hành chính công xã" in two
    assert "Bộ phận Một cửa của Ủy ban nhân dân xã" in three


def test_write_guides_writes_one_file_per_procedure(tmp_path):
    written = write_guides(tmp_path, base_url=BASE, codes=CODES[:3])
    assert [p.name for p in written] == [guide_filename(c) for c in CODES[:3]]
    assert all(p.read_bytes().startswith(b"%PDF") for p in written)


def test_cli_writes_one_guide_and_all_guides(tmp_path, capsys, monkeypatch):
    from trainer.cli import main

    monkeypatch.setenv("TRAINER_PUBLIC_URL", "http://10.0.0.5:8501")
    from trainer.settings import get_settings

    get_settings.cache_clear()
    target = tmp_path / "khai-sinh.pdf"
    assert main(["guide", "1.001193", "-o", str(target)]) == 0
    text = flat(text_of(target.read_bytes()))
    assert "Đăng ký khai sinh" in text and "http://10.0.0.5:8501/nop-ho-so?thu-tuc=1.001193" in text
    folder = tmp_path / "all"
    assert main(["guide", "--all", "-o", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(guide_filename(c) for c in CODES)
    assert str(len(CODES)) in capsys.readouterr().out


def test_cli_refuses_an_unknown_code_and_a_missing_target(tmp_path, capsys):
    from trainer.cli import main

    assert main(["guide", "9.999999", "-o", str(tmp_path / "x.pdf")]) == 1
    assert "Không có thủ tục mã 9.999999" in capsys.readouterr().err
    assert main(["guide"]) == 2
    assert "--all" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_a_procedure_with_an_e_form_lists_what_the_form_asks_and_the_paper_to_copy_from():
    from trainer.eforms import load_eforms

    form = load_eforms().by_procedure["1.001193"]
    text = flat(text_of(render_guide(CATALOGUE.get("1.001193"), base_url=BASE)))
    assert "Tờ khai trên Cổng hỏi những gì?" in text
    for section in form.sections:
        assert section.title.vi in text
        for f in section.fields:
            assert f.label("vi") in text, f.name
    assert "Chép từ: Giấy chứng sinh" in text


def test_a_procedure_without_an_e_form_falls_back_to_its_documents_list():
    from trainer.eforms import load_eforms

    # every shipped online procedure has its e-form: a copy of one under a code no form serves has none
    without = CATALOGUE.get("3.000347").model_copy(update={"code": "SB.9999"})
    assert without.online.legacy_level >= 3 and without.code not in load_eforms().by_procedure
    headings = [s.heading for s in guide_content(without).sections]
    assert "Tờ khai trên Cổng hỏi những gì?" not in headings
    assert "Cần chuẩn bị những gì?" in headings
