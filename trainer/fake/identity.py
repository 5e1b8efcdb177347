"""Structure rules of Vietnamese personal ID numbers (CCCD) and mobile numbers: generate and validate.

CCCD / personal identification number (Decree 137/2015, Circular 07/2016/TT-BCA, replaced by Circular
59/2021/TT-BCA): 12 digits = 3-digit code of the province where the birth was registered (the 63-province
list: Hà Nội 001, Bắc Kạn 006, Thái Nguyên 019, ...), 1 digit for century and gender (1900s: 0 male,
1 female; 2000s: 2/3; 2100s: 4/5; 2200s: 6/7; 2300s: 8/9), the last 2 digits of the birth year, 6 digits.

Mobile numbers: 10 digits, "0" + a carrier prefix + 7 digits. Prefixes after the 2018 conversion of
11-digit numbers (Ministry of Information and Communications, 15 Sep 2018 – 30 Jun 2019: 016x → 03x,
012x → 07x/08x, 0186/0188 → 056/058, 0199 → 059) plus each carrier's older 10-digit ranges; checked
against the published conversion tables (plo.vn, fptcorp.com.vn, 2018). 087 (Itelecom), 055 (Reddi) and
other virtual operators are left out on purpose.
"""

from __future__ import annotations

import random
from datetime import date

# Province codes of the first three CCCD digits: "0" + the 2-digit code of the 63 provinces (Circular 59/2021).
CCCD_PROVINCE_CODES = frozenset(
    "0" + code
    for code in (
        "01", "02", "04", "06", "08", "10", "11", "12", "14", "15", "17", "19", "20", "22", "24",
        "25", "26", "27", "30", "31", "33", "34", "35", "36", "37", "38", "40", "42", "44", "45",
        "46", "48", "49", "51", "52", "54", "56", "58", "60", "62", "64", "66", "67", "68", "70",
        "72", "74", "75", "77", "79", "80", "82", "83", "84", "86", "87", "89", "91", "92", "93",
        "94", "95", "96",
    )
)
CCCD_LENGTH = 12  # digits, Circular 59/2021/TT-BCA
FIRST_CENTURY = 1900  # century digit 0/1 stands for 1900–1999 (Circular 59/2021/TT-BCA)
LAST_CENTURY = 2300  # century digit 8/9 stands for 2300–2399
GENDERS = ("male", "female")

MOBILE_PREFIXES: dict[str, tuple[str, ...]] = {
    "Viettel": ("086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039"),
    "Vinaphone": ("088", "091", "094", "081", "082", "083", "084", "085"),
    "MobiFone": ("089", "090", "093", "070", "076", "077", "078", "079"),
    "Vietnamobile": ("092", "056", "058"),
    "Gmobile": ("099", "059"),
}
MOBILE_LENGTH = 10  # digits including the leading 0, since the 2018 conversion
# Rough market shares used to pick a carrier (sandbox approximation: Viettel leads, especially in rural areas).
CARRIER_WEIGHTS = {"Viettel": 55, "Vinaphone": 22, "MobiFone": 18, "Vietnamobile": 4, "Gmobile": 1}
_PREFIX_TO_CARRIER = {prefix: carrier for carrier, prefixes in MOBILE_PREFIXES.items() for prefix in prefixes}


def century_gender_digit(birth_year: int, gender: str) -> int:
    """The 4th CCCD digit for a birth year and gender."""
    if gender not in GENDERS:
        raise ValueError(f"gender must be one of {GENDERS}")
    if not FIRST_CENTURY <= birth_year < LAST_CENTURY + 100:
        raise ValueError(f"birth year {birth_year} has no century digit")
    return (birth_year - FIRST_CENTURY) // 100 * 2 + (1 if gender == "female" else 0)


def make_cccd(province_code: str, dob: date, gender: str, rng: random.Random) -> str:
    """A structurally valid 12-digit number for someone registered in province_code (2 or 3 digits)."""
    prefix = province_code.zfill(3)
    if prefix not in CCCD_PROVINCE_CODES:
        raise ValueError(f"unknown CCCD province code {province_code!r}")
    serial = rng.randrange(1_000_000)
    return f"{prefix}{century_gender_digit(dob.year, gender)}{dob.year % 100:02d}{serial:06d}"


def validate_cccd(national_id: str, dob: date, gender: str) -> list[str]:
    """Problems of a CCCD number against the birth date and gender ([] when valid)."""
    if not isinstance(national_id, str) or len(national_id) != CCCD_LENGTH:
        return ["length"]
    if not national_id.isascii() or not national_id.isdigit():
        return ["not_digits"]
    problems = []
    if national_id[:3] not in CCCD_PROVINCE_CODES:
        problems.append("province")
    try:
        expected = century_gender_digit(dob.year, gender)
    except ValueError:
        problems.append("century_gender")
    else:
        if int(national_id[3]) != expected:
            problems.append("century_gender")
    if national_id[4:6] != f"{dob.year % 100:02d}":
        problems.append("birth_year")
    return problems


def cccd_province(national_id: str) -> str:
    """The 3-digit registration province code of a CCCD number."""
    return national_id[:3]


def make_mobile(rng: random.Random) -> str:
    """A 10-digit mobile number with a real carrier prefix."""
    carrier = rng.choices(list(CARRIER_WEIGHTS), weights=list(CARRIER_WEIGHTS.values()))[0]
    prefix = rng.choice(MOBILE_PREFIXES[carrier])
    return f"{prefix}{rng.randrange(10_000_000):07d}"


def carrier_of(phone: str) -> str | None:
    """The carrier owning the number's prefix, or None."""
    return _PREFIX_TO_CARRIER.get(phone[:3])


def validate_phone(phone: str) -> list[str]:
    """Problems of a Vietnamese mobile number ([] when valid)."""
    if not isinstance(phone, str) or len(phone) != MOBILE_LENGTH:
        return ["length"]
    if not phone.isascii() or not phone.isdigit():
        return ["not_digits"]
    if carrier_of(phone) is None:
        return ["prefix"]
    return []
