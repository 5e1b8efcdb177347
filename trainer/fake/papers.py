"""The papers a household holds to fill its e-forms from, with the facts on them (all fake, consistent with it).

Each function returns the facts of one paper as text, keyed by the names of `trainer.eforms.papers.PAPER_FACTS`
(dates dd/mm/yyyy as on the paper). People are anything with the attributes of a sandbox Citizen or a fake
Person (`full_name`, `gender`, `date_of_birth`, `ethnicity`, `national_id`, `address`, `commune_code`).
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

CAUSES = ("Bệnh tuổi già", "Suy tim", "Tai biến mạch máu não", "Bệnh phổi tắc nghẽn mạn tính")


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def birth_notice(mother: Any, father: Any | None, *, born: date, child_gender: str, commune_name: str,
                 province_name: str, rng: random.Random) -> dict[str, str]:
    """Giấy chứng sinh: the child's birth (date, gender, place, weight) and the mother (and the father's name)."""
    place = rng.choice((f"Trạm Y tế {commune_name}", f"Bệnh viện Đa khoa {province_name}"))
    facts = {
        "child_date_of_birth": _d(born), "child_gender": child_gender, "child_place_of_birth": place,
        "child_weight_grams": str(rng.randrange(2600, 3900, 50)),
        "mother_full_name": mother.full_name, "mother_date_of_birth": _d(mother.date_of_birth),
        "mother_national_id": mother.national_id, "mother_address": mother.address,
        "mother_address_unit": mother.commune_code,
        # kept for what read it before the facts had these names
        "child_born": born.isoformat(),
    }
    if father is not None:
        facts["father_full_name"] = father.full_name
    return facts


def death_notice(deceased: Any, *, died: date, rng: random.Random) -> dict[str, str]:
    """Giấy báo tử: who died, when and where, and of what."""
    return {
        "deceased_full_name": deceased.full_name, "deceased_date_of_birth": _d(deceased.date_of_birth),
        "deceased_gender": deceased.gender, "deceased_national_id": deceased.national_id,
        "date_of_death": _d(died), "place_of_death": f"Tại nhà riêng, {deceased.address}",
        "cause_of_death": rng.choice(CAUSES),
    }


def spouse_id_card(partner: Any) -> dict[str, str]:
    """The copy of the spouse-to-be's ID card the citizen brings to register the marriage."""
    return {
        "spouse_full_name": partner.full_name, "spouse_date_of_birth": _d(partner.date_of_birth),
        "spouse_gender": partner.gender, "spouse_national_id": partner.national_id,
        "spouse_ethnicity": partner.ethnicity, "spouse_address": partner.address,
        "spouse_address_unit": partner.commune_code,
    }


LICENCE_CLASSES = ("A1", "B1", "B2")  # motorbike (no expiry), car for the holder's own use, car for hire (10 years)
LAND_USES = ("Đất ở tại nông thôn", "Đất ở tại nông thôn và đất trồng cây lâu năm")


def driving_licence(holder: Any, *, number: str, issued: date, province_name: str,
                    rng: random.Random) -> dict[str, str]:
    """Giấy phép lái xe: its number, class, dates and issuer (an A1 licence has no expiry date)."""
    licence_class = rng.choice(LICENCE_CLASSES)
    expires = "Không thời hạn" if licence_class == "A1" else _d(_years_later(issued, 10))
    return {"licence_holder": holder.full_name, "licence_number": number, "licence_class": licence_class,
            "licence_issued_on": _d(issued), "licence_expires_on": expires,
            "licence_issued_by": f"Sở Giao thông vận tải {province_name}"}


def land_certificate(holder: Any, *, serial: str, issued: date, rng: random.Random) -> dict[str, str]:
    """Giấy chứng nhận quyền sử dụng đất of the household's home: the parcel (number, map sheet, area, address)."""
    return {"land_holder": holder.full_name, "certificate_serial": serial, "certificate_issued_on": _d(issued),
            "parcel_number": str(rng.randrange(1, 400)), "map_sheet": str(rng.randrange(1, 60)),
            "parcel_area": str(rng.randrange(80, 600, 5)), "land_use": rng.choice(LAND_USES),
            "parcel_address": holder.address, "parcel_address_unit": holder.commune_code}


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def residence_papers(old_home: Any, head: Any) -> tuple[dict[str, str], dict[str, str]]:
    """The household's residence data (the old address it moves from) and the proof of the new, lawful home."""
    record = {"old_address": old_home.address, "old_address_unit": old_home.commune_code,
              "household_head": head.full_name}
    proof = {"new_address": head.address, "new_address_unit": head.commune_code, "home_owner": head.full_name}
    return record, proof
