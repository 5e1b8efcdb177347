"""Slip data for Mẫu 01–05 is built from the dossier as it stands, and prints through slips.render_slip."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from pypdf import PdfReader

from tests.sandbox.helpers import (
    BIRTH,
    MARITAL,
    NOW,
    RESIDENCE,
    in_process,
    new_sandbox,
    online_dossier,
    received_dossier,
)
from trainer.actor import Actor
from trainer.db.engine import get_session_factory
from trainer.errors import DomainError
from trainer.sandbox import lifecycle, slipdata
from trainer.sandbox.core import get_citizen
from trainer.sandbox.slips import render_slip
from trainer.training.trainees import create_trainee


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def ctx(sqlite_url):
    factory = get_session_factory(sqlite_url)
    with factory.begin() as session:
        sandbox_id = new_sandbox(session)
    return factory, sandbox_id


def test_the_receipt_carries_the_code_citizen_documents_and_appointment(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        dossier = received_dossier(s, sid, MARITAL)
        slip = slipdata.receipt_slip(s, sid, dossier.id)
        citizen = get_citizen(s, sid, dossier.citizen_id)
        assert slip.dossier_code == dossier.code and slip.citizen_name == citizen.full_name
        assert slip.procedure_name == "Cấp Giấy xác nhận tình trạng hôn nhân"
        assert slip.documents == ["Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (bản chính)"]
        assert slip.appointment_at == datetime(2026, 3, 5, 16, 30) and slip.processing_days == 3
        assert slip.tracking_path == f"tra-cuu-ho-so?dossier={dossier.code}"
        text = pdf_text(render_slip(slip))
        assert citizen.full_name in text and "Cấp Giấy xác nhận tình trạng hôn nhân" in text


def test_the_supplement_slip_lists_every_missing_document_by_name(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        dossier = online_dossier(s, sid, RESIDENCE, complete=False)
        lifecycle.request_supplement(s, sid, dossier.id, actor=Actor.playing("desk_officer"), now=NOW,
                                     missing=["lawful_home_proof", "owner_consent"], note="Bổ sung giấy tờ chỗ ở")
        slip = slipdata.supplement_slip(s, sid, dossier.id)
        assert slip.missing == ["Giấy tờ chứng minh chỗ ở hợp pháp", "Văn bản đồng ý của chủ hộ, chủ sở hữu chỗ ở"]
        assert slip.reason == "Bổ sung giấy tờ chỗ ở"
        text = " ".join(pdf_text(render_slip(slip)).split())
        assert "Giấy tờ chứng minh chỗ ở hợp pháp" in text
        # no phone is known for the desk: the sentence is printed without it, never "số điện thoại …"
        assert "…" not in text and "số điện thoại" not in text.split("Trong quá trình")[1], text
        assert "liên hệ với" in text and "để được hướng dẫn" in text


def test_a_same_day_procedure_says_within_the_working_day_on_the_receipt_not_0_days(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        dossier = received_dossier(s, sid, BIRTH)
        text = " ".join(pdf_text(render_slip(slipdata.receipt_slip(s, sid, dossier.id))).split())
    assert "0 ngày làm việc" not in text
    assert "theo quy định là: trong ngày làm việc" in text, text


def test_refusal_apology_and_control_slips_carry_their_reasons_dates_and_hand_overs(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        refused = online_dossier(s, sid, MARITAL)
        lifecycle.refuse(s, sid, refused.id, actor=Actor.playing("desk_officer"), now=NOW,
                         reason="Thuộc thẩm quyền của tỉnh")
        assert slipdata.refusal_slip(s, sid, refused.id).reason == "Thuộc thẩm quyền của tỉnh"
        late = in_process(s, sid, MARITAL)
        lifecycle.issue_apology(s, sid, late.id, actor=Actor.playing("specialist"), now=datetime(2026, 3, 5, 9, 0),
                                new_appointment_at=datetime(2026, 3, 10, 16, 30), reason="Cần xác minh")
        apology = slipdata.apology_slip(s, sid, late.id)
        assert (apology.old_appointment_at, apology.new_appointment_at) == (datetime(2026, 3, 5, 16, 30),
                                                                             datetime(2026, 3, 10, 16, 30))
        control = slipdata.control_slip(s, sid, late.id)
        assert len(control.handovers) == 1 and control.handovers[0].result == "early"  # handed over before the due day
        assert control.handovers[0].from_party.startswith("Cán bộ Bộ phận Một cửa")
        for slip in (slipdata.refusal_slip(s, sid, refused.id), apology, control):
            assert "KHÔNG CÓ GIÁ TRỊ PHÁP LÝ" in pdf_text(render_slip(slip))


def test_a_slip_never_issued_is_a_clear_error_and_the_officer_is_the_sandbox_owner(ctx):
    factory, sid = ctx
    with factory.begin() as s:
        dossier = online_dossier(s, sid, MARITAL)
        with pytest.raises(DomainError) as caught:
            slipdata.receipt_slip(s, sid, dossier.id)
        assert caught.value.key == "errors.sandbox.slip_not_issued"
        trainee = create_trainee(s, name="Nông Thị Hoa", audience="official", unit_code=None, now=NOW)
        from trainer.sandbox.models import Sandbox

        s.get(Sandbox, sid).owner_id = trainee.id
        lifecycle.receive_online(s, sid, dossier.id, actor=Actor.playing("desk_officer"), now=NOW)
        assert slipdata.receipt_slip(s, sid, dossier.id, lang="en").officer_name == "Nông Thị Hoa"


def test_the_slip_data_tracking_page_is_the_tracking_url_path_of_the_navigation():
    from trainer.sandbox.slips import TRACKING_PATH
    from trainer.ui.nav import TRACKING_URL_PATH

    assert slipdata.TRACKING_PAGE == TRACKING_URL_PATH == TRACKING_PATH
    assert slipdata.tracking_path("A B/1") == f"{TRACKING_URL_PATH}?dossier=A%20B%2F1"
