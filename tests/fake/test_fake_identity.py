"""CCCD numbers and mobile numbers follow the national structure rules."""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.fake import identity

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2399, 12, 31))
genders = st.sampled_from(identity.GENDERS)
provinces = st.sampled_from(sorted(identity.CCCD_PROVINCE_CODES))


@given(provinces, dates, genders, st.integers(0, 2**32))
def test_every_generated_cccd_passes_the_validator(province, dob, gender, seed):
    number = identity.make_cccd(province, dob, gender, random.Random(seed))
    assert identity.validate_cccd(number, dob, gender) == []
    assert len(number) == 12 and number.isdigit()
    assert number[:3] == province


@given(dates, genders, st.integers(0, 2**32))
def test_the_fourth_digit_encodes_century_and_gender(dob, gender, seed):
    number = identity.make_cccd("006", dob, gender, random.Random(seed))
    digit = int(number[3])
    assert digit // 2 == (dob.year - 1900) // 100
    assert digit % 2 == (1 if gender == "female" else 0)
    assert number[4:6] == f"{dob.year % 100:02d}"


@given(dates, genders, st.integers(0, 2**32))
def test_a_cccd_checked_against_the_other_gender_fails(dob, gender, seed):
    number = identity.make_cccd("019", dob, gender, random.Random(seed))
    other = "female" if gender == "male" else "male"
    assert "century_gender" in identity.validate_cccd(number, dob, other)


@given(dates, genders, st.integers(0, 2**32), st.integers(1, 99))
def test_a_cccd_checked_against_another_birth_year_fails(dob, gender, seed, shift):
    number = identity.make_cccd("006", dob, gender, random.Random(seed))
    other_year = dob.year + shift if dob.year + shift <= 2399 else dob.year - shift
    assert identity.validate_cccd(number, dob.replace(year=other_year, day=min(dob.day, 28)), gender) != []


def test_known_examples_of_the_rule():
    assert identity.validate_cccd("006090123456", date(1990, 5, 1), "male") == []
    assert identity.validate_cccd("006190123456", date(1990, 5, 1), "female") == []
    assert identity.validate_cccd("019305123456", date(2005, 5, 1), "female") == []
    assert identity.validate_cccd("003090123456", date(1990, 5, 1), "male") == ["province"]  # 003 is not used
    assert identity.validate_cccd("00609012345", date(1990, 5, 1), "male") == ["length"]
    assert identity.validate_cccd("00609012345x", date(1990, 5, 1), "male") == ["not_digits"]
    assert identity.validate_cccd("006290123456", date(1990, 5, 1), "male") == ["century_gender"]


def test_bac_kan_and_thai_nguyen_have_their_codes():
    assert {"006", "019"} <= identity.CCCD_PROVINCE_CODES
    assert len(identity.CCCD_PROVINCE_CODES) == 63


def test_a_birth_year_before_1900_has_no_century_digit():
    with pytest.raises(ValueError):
        identity.century_gender_digit(1899, "male")
    assert identity.validate_cccd("006099123456", date(1899, 1, 1), "male") == ["century_gender"]


@given(st.integers(0, 2**32))
def test_every_generated_mobile_has_a_real_prefix_and_ten_digits(seed):
    phone = identity.make_mobile(random.Random(seed))
    assert identity.validate_phone(phone) == []
    assert identity.carrier_of(phone) in identity.MOBILE_PREFIXES


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_a_ten_digit_number_is_valid_exactly_when_its_prefix_belongs_to_a_carrier(number):
    valid = identity.validate_phone(number) == []
    assert valid == (identity.carrier_of(number) is not None)


def test_retired_eleven_digit_and_landline_numbers_are_refused():
    assert identity.validate_phone("01699333999") == ["length"]
    assert identity.validate_phone("0209387654") == ["prefix"]  # Bắc Kạn landline area code 0209
    assert identity.validate_phone("0399333999") == []  # 0169 → 039 after the 2018 conversion
    assert identity.carrier_of("0587878888") == "Vietnamobile"
    assert identity.carrier_of("0595959999") == "Gmobile"
