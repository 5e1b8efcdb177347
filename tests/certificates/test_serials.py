"""Serials are not guessable in sequence, carry a check character, and forgive how people type them."""

from __future__ import annotations

import re

from trainer.certificates.serials import ALPHABET, check_character, new_serial, normalise

SHAPE = re.compile(r"^MCS-2026-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def test_a_serial_has_the_year_a_random_part_and_a_check_character():
    serials = {new_serial(2026) for _ in range(3000)}
    assert len(serials) == 3000
    assert all(SHAPE.match(s) for s in serials)
    assert all(normalise(s) == s for s in serials)


def test_two_serials_in_a_row_are_not_neighbours():
    a, b = new_serial(2026), new_serial(2026)
    assert a != b
    digits = lambda s: int("".join(str(ALPHABET.index(c)).zfill(2) for c in s[9:].replace("-", "")))
    assert abs(digits(a) - digits(b)) > 1


def test_any_single_wrong_character_and_a_swap_of_neighbours_is_refused():
    serial = new_serial(2026)
    body = serial[9:].replace("-", "")
    for i in range(len(body)):
        for c in ALPHABET:
            if c == body[i]:
                continue
            changed = body[:i] + c + body[i + 1:]
            assert normalise(f"MCS-2026-{changed}") is None, changed
    for i in range(len(body) - 1):
        if body[i] != body[i + 1]:
            swapped = body[:i] + body[i + 1] + body[i] + body[i + 2:]
            if check_character("2026" + swapped[:-1]) != swapped[-1]:
                assert normalise(f"MCS-2026-{swapped}") is None


def test_typing_mistakes_people_make_are_forgiven():
    serial = new_serial(2026)
    assert normalise(serial.lower()) == serial
    assert normalise(serial.replace("-", " ")) == serial
    assert normalise(" " + serial.replace("-", "") + " ") == serial
    if "0" in serial[9:]:
        assert normalise(serial[:9] + serial[9:].replace("0", "O")) == serial
    if "1" in serial[9:]:
        assert normalise(serial[:9] + serial[9:].replace("1", "l")) == serial


def test_garbage_is_not_a_serial():
    for text in (None, "", "MCS", "MCS-2026-000123", "' OR 1=1 --", "MCS-2026-AAAA-AAAA" * 5, "<script>", "MCS-2026-ÀÀÀÀ-ÀÀÀÀ"):
        assert normalise(text) is None
