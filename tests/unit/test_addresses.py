"""One public base address for the whole app (issue 9 item 10): TRAINER_PUBLIC_URL, else the LAN address, never
localhost while a network exists; every slip's QR code points at it."""

from __future__ import annotations

from datetime import datetime

import pytest
from pydantic import ValidationError

from tests.support import slip_qr_urls
from trainer import addresses
from trainer.sandbox.slipdata import ReceiptSlip
from trainer.sandbox.slips import render_slip
from trainer.settings import Settings, get_settings

NOW = datetime(2026, 3, 2, 9, 30)
CODE = "H06.23.01.M01-260302-0001"


@pytest.fixture(autouse=True)
def _fresh_detection():
    addresses.lan_address.cache_clear()
    yield
    addresses.lan_address.cache_clear()


def receipt() -> ReceiptSlip:
    return ReceiptSlip(
        dossier_code=CODE, agency_name="UBND xã Bằng Thành", place="Bằng Thành", issued_at=NOW,
        citizen_name="Nông Thị Hoa", citizen_address="Thôn Nà Phai", citizen_phone="0912 345 678",
        procedure_name="Đăng ký khai sinh", documents=["Tờ khai"], copies=1, processing_days=1, received_at=NOW,
        appointment_at=datetime(2026, 3, 3, 9, 30), delivery="post", logbook_book="01/2026", logbook_number="0001",
        officer_name="Hoàng Văn Đức",
    )


def test_the_configured_public_url_wins(monkeypatch):
    monkeypatch.setenv("TRAINER_PUBLIC_URL", "http://hoitruong.xa.vn:8600/")
    get_settings.cache_clear()
    monkeypatch.setattr(addresses, "_route_address", lambda: "192.168.1.20")
    assert addresses.public_url(8501) == "http://hoitruong.xa.vn:8600"
    assert addresses.page_url("tra-cuu-ho-so", {"dossier": "A B", "code": ""}) == \
        "http://hoitruong.xa.vn:8600/tra-cuu-ho-so?dossier=A+B"


@pytest.mark.parametrize("bad", ["hoitruong:8501", "ftp://x", "http://x/?a=1", "http://"])
def test_a_public_url_that_is_not_an_http_address_is_refused(bad):
    with pytest.raises(ValidationError, match="TRAINER_PUBLIC_URL"):
        Settings(public_url=bad)


def test_without_it_the_lan_address_and_the_served_port_are_used(monkeypatch):
    monkeypatch.setattr(addresses, "_route_address", lambda: "192.168.1.20")
    assert addresses.public_url(8600) == "http://192.168.1.20:8600"
    assert addresses.public_url(8600, "/trainer/") == "http://192.168.1.20:8600/trainer"
    assert addresses.public_url() == "http://192.168.1.20:8501"


def test_the_real_detection_never_gives_a_loopback_address_when_a_network_exists():
    found = addresses.lan_address()
    assert found is None or not found.startswith("127.")
    if found is not None:
        assert "localhost" not in addresses.public_url(8501) and "127.0.0.1" not in addresses.public_url(8501)


def test_the_host_addresses_are_the_fallback_private_first(monkeypatch):
    monkeypatch.setattr(addresses, "_route_address", lambda: None)
    monkeypatch.setattr(addresses, "_host_addresses", lambda: ["1.2.3.4", "10.1.2.3"])
    assert addresses.lan_address() == "10.1.2.3"


def test_with_no_network_at_all_the_loopback_address_is_all_there_is(monkeypatch):
    monkeypatch.setattr(addresses, "_route_address", lambda: None)
    monkeypatch.setattr(addresses, "_host_addresses", list)
    assert addresses.public_url(8501) == "http://127.0.0.1:8501"


def test_a_slip_without_a_given_base_encodes_the_public_address_in_its_qr_never_localhost(monkeypatch):
    monkeypatch.setattr(addresses, "_route_address", lambda: "192.168.1.20")
    urls = slip_qr_urls(render_slip(receipt(), resume_code="ABC234"))
    assert urls == [f"http://192.168.1.20:8501/tra-cuu-ho-so?dossier={CODE}&code=ABC234"]


def test_trainer_run_prints_the_hall_address(monkeypatch, capsys):
    import os

    from trainer.cli import run

    monkeypatch.setattr(addresses, "_route_address", lambda: "192.168.1.20")
    monkeypatch.setattr(run, "upgrade", lambda url: None)
    monkeypatch.setattr(os, "execve", lambda *a: None)
    monkeypatch.setattr(os, "chdir", lambda *a: None)
    run.cmd_run(type("Args", (), {"port": 8600, "no_seed": True})())
    out = capsys.readouterr().out
    assert "http://192.168.1.20:8600" in out


def test_trainer_run_says_when_no_other_device_can_reach_the_app(monkeypatch, capsys):
    import os

    from trainer.cli import run

    monkeypatch.setattr(addresses, "_route_address", lambda: None)
    monkeypatch.setattr(addresses, "_host_addresses", list)
    monkeypatch.setattr(run, "upgrade", lambda url: None)
    monkeypatch.setattr(os, "execve", lambda *a: None)
    monkeypatch.setattr(os, "chdir", lambda *a: None)
    run.cmd_run(type("Args", (), {"port": None, "no_seed": True})())
    assert "Không thấy mạng nội bộ" in capsys.readouterr().out
