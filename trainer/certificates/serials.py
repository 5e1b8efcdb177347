"""Certificate serials: `MCS-2026-7KQ2-MXHB`, not guessable in sequence.

The part after the year is 7 random characters (`secrets`, 32^7 ≈ 3.4 × 10^10 values per year) and one check
character (Luhn mod 32), in Crockford's base-32 alphabet (no I, L, O, U: nothing to misread). Reading back forgives
what people get wrong when they type a serial: case, spaces, missing dashes, O for 0, I or L for 1.

Public API: `new_serial(year) -> str`, `normalise(text) -> str | None` (the canonical serial, or None when it is not
a well-formed serial with a right check character), `PREFIX`.
"""

from __future__ import annotations

import re
import secrets

PREFIX = "MCS"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32
RANDOM_LENGTH = 7
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SHAPE = re.compile(rf"^{PREFIX}(\d{{4}})([{ALPHABET}]{{{RANDOM_LENGTH + 1}}})$")
MAX_INPUT = 40


def check_character(payload: str) -> str:
    """Luhn mod N over the alphabet: catches any single wrong character and most swaps of neighbours."""
    n = len(ALPHABET)
    total, factor = 0, 2
    for char in reversed(payload):
        addend = factor * _VALUE[char]
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return ALPHABET[(n - total % n) % n]


def _format(year: int, body: str) -> str:
    return f"{PREFIX}-{year:04d}-{body[:4]}-{body[4:]}"


def new_serial(year: int) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return _format(year, body + check_character(f"{year:04d}{body}"))


def normalise(text: str | None) -> str | None:
    """The canonical form of a typed serial, or None when it cannot be one (shape or check character wrong)."""
    if not text or len(text) > MAX_INPUT:
        return None
    compact = re.sub(r"[\s\-_.]", "", text.upper()).translate(_READ_AS)
    compact = compact.replace("MC5", "MCS", 1) if compact.startswith("MC5") else compact
    match = _SHAPE.match(compact)
    if match is None:
        return None
    year, body = match.group(1), match.group(2)
    if check_character(year + body[:-1]) != body[-1]:
        return None
    return _format(int(year), body)
