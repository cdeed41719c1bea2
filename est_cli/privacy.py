"""No individdata: Swedish personnummer and samordningsnummer are masked before anything is kept.

A number is masked when it has 10 or 12 digits (optionally split by '-', '+' or a space before
the last four), a valid date (day + 60 for samordningsnummer) and a valid Luhn check digit.
"""

from __future__ import annotations

import re
from datetime import date

MASK = "[personnummer borttaget]"

_CANDIDATE = re.compile(r"(?<![\d])((?:\d{2})?\d{6})[ \-+]?(\d{4})(?![\d])")


def _luhn_ok(ten: str) -> bool:
    total = 0
    for index, char in enumerate(ten):
        digit = int(char) * (2 if index % 2 == 0 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


def _date_ok(yymmdd: str, century: str | None) -> bool:
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    if day > 60:  # samordningsnummer
        day -= 60
    year = int((century or "19") + yymmdd[:2])
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def is_personnummer(digits_date: str, last4: str) -> bool:
    century = digits_date[:2] if len(digits_date) == 8 else None
    yymmdd = digits_date[-6:]
    if century is not None and century not in ("18", "19", "20"):
        return False
    return _date_ok(yymmdd, century) and _luhn_ok(yymmdd + last4)


def mask_personnummer(text: str) -> tuple[str, int]:
    """Return the text with every personnummer/samordningsnummer masked, and how many there were.

    >>> mask_personnummer("ringde 19811218-9876 om oväsen")
    ('ringde [personnummer borttaget] om oväsen', 1)
    """
    found = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal found
        if is_personnummer(match.group(1), match.group(2)):
            found += 1
            return MASK
        return match.group(0)

    return _CANDIDATE.sub(replace, text), found
