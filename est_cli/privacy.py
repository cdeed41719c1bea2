"""No individdata: Swedish personnummer and samordningsnummer are masked before anything is kept.

A number is masked when it has 10 or 12 digits (optionally split by '-', '+', a space or a
Word-style dash before the last four), a valid date (day + 60 for samordningsnummer) and a valid
Luhn check digit. Digits inside a longer number (a 14-digit diarienummer) are left alone.

Phone numbers and e-mail addresses are found too (`phone_spans`, `email_spans`): est_cli.individdata
masks them, with the rest of the individdata, before anything is stored.
"""

from __future__ import annotations

import dataclasses
import re
from contextvars import ContextVar
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from est_cli.model import FileResult

MASK = "[personnummer borttaget]"

# Separators people (and Word's autocorrect) put before the last four digits.
_SEP = r"(?:[ \u00a0]?[\-+\u2010\u2011\u2012\u2013\u2212][ \u00a0]?|[ \u00a0])?"
_CANDIDATE = re.compile(r"(?<!\d)((?:\d{2})?\d{6})" + _SEP + r"(\d{4})(?!\d)")


def _luhn_ok(ten: str) -> bool:
    total = 0
    for index, char in enumerate(ten):
        digit = int(char) * (2 if index % 2 == 0 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


def _date_ok(yymmdd: str, centuries: tuple[str, ...]) -> bool:
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    if day > 60:  # samordningsnummer
        day -= 60
    for century in centuries:
        try:
            date(int(century + yymmdd[:2]), month, day)
        except ValueError:
            continue
        return True
    return False


def is_personnummer(digits_date: str, last4: str) -> bool:
    """Date part (6 or 8 digits) and last four: a valid personnummer or samordningsnummer?

    Without the century both 19xx and 20xx are tried (29 February 2000 is a valid birthday).
    """
    yymmdd = digits_date[-6:]
    if len(digits_date) == 8:
        century = digits_date[:2]
        if century not in ("18", "19", "20"):
            return False
        centuries: tuple[str, ...] = (century,)
    else:
        centuries = ("19", "20", "18")
    return _date_ok(yymmdd, centuries) and _luhn_ok(yymmdd + last4)


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


def mask_all(text: str) -> tuple[str, list[str]]:
    """Personnummer and the individdata that is masked before storing (est_cli.individdata: phone,
    e-mail, apartment and registration numbers, probable names) replaced by their markers; and the
    kinds found, one entry per hit – the warned kinds (age, street number) included, not masked."""
    from est_cli.individdata import ALLOWED, MASKED_NAMES

    if not text:
        return text, []
    masked, kinds, names = _mask_all(text, ALLOWED.get())
    collected = MASKED_NAMES.get()
    if collected is not None:
        collected.extend(names)
    return masked, list(kinds)


@lru_cache(maxsize=65536)
def _mask_all(text: str, allowed: frozenset[str]) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """mask_all's work, cached: the same label or place stands in many cells of a week's files."""
    from est_cli.individdata import find, markers_replaced

    masked, n = mask_personnummer(text)
    hits = find(masked, allowed)
    return (
        markers_replaced(masked, hits),
        ("personnummer",) * n + tuple(h.kind for h in hits),
        tuple(h.key for h in hits if h.kind == "namn"),
    )


def mask_text(text: str) -> str:
    """`mask_all` without the kinds, for names, paths and messages."""
    return mask_all(text)[0] if text else text


# ------------------------------------------------------------------ phone numbers and e-mail

# A run that may be a Swedish phone number: +46/0046/0, then digits, spaces, hyphens and "(0)".
_PHONE_RUN = re.compile(r"(?<![\w+\-/])(?:\+46|0046|0)[\d \u00a0\-\u2010\u2011\u2013()]{5,24}\d(?!\d)")
_GROUP_SPLIT = re.compile(r"[ \u00a0\-\u2010\u2011\u2013]+")
_DATE_LIKE = re.compile(r"^\d{1,2}[\-\u2013 ]\d{1,2}[\-\u2013 ](?:\d{2}|\d{4})$|^\d{4}-\d{2}-\d{2}")
_PNR_SHAPE = re.compile(r"^(?:\d{2})?\d{6}[ \-+\u2010\u2011\u2013]\d{4}$")  # with its separator
_MOBILE = re.compile(r"^07[02369]\d{7}$")
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}(?![\w\-])")


def _national(candidate: str) -> str:
    digits = candidate.replace("(0)", "")
    digits = re.sub(r"\D", "", digits)
    if candidate.startswith("+46"):
        return "0" + digits[2:]
    if candidate.startswith("0046"):
        return "0" + digits[4:]
    return digits


def _is_phone(candidate: str) -> bool:
    """Swedish national formats: 070-123 45 67, 08-123 456 78, 019-12 34 56, +46 70 123 45 67."""
    if _PNR_SHAPE.match(candidate) or _DATE_LIKE.match(candidate):
        return False
    national = _national(candidate)
    if not (8 <= len(national) <= 10) or national[0] != "0" or national[1] == "0":
        return False
    if national.startswith("07") and not _MOBILE.match(national):
        return False
    if candidate.startswith(("+46", "0046")):
        return True
    groups = [g for g in _GROUP_SPLIT.split(candidate.replace("(0)", "")) if g]
    if len(groups) == 1:
        return bool(_MOBILE.match(national))  # no separator: only a mobile number is clear enough
    area, rest = groups[0], "".join(groups[1:])
    # The area code (with its 0) has 2–4 digits and the subscriber number at least 5:
    # this leaves out time spans (0800-1000) and dates (05-11-2026).
    return 2 <= len(area) <= 4 and len(rest) >= 5


def _phone_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _PHONE_RUN.finditer(text):
        candidate = match.group(0)
        # A run may swallow a following count ("070-123 45 67 2 st"): drop trailing groups until it fits.
        while candidate:
            candidate = candidate.rstrip(" \u00a0-\u2010\u2011\u2013(")
            if _is_phone(candidate):
                spans.append((match.start(), match.start() + len(candidate)))
                break
            cut = max(candidate.rfind(" "), candidate.rfind("-"), candidate.rfind("\u00a0"), candidate.rfind("\u2013"))
            if cut <= 0:
                break
            candidate = candidate[:cut]
    return spans


def email_spans(text: str) -> list[tuple[int, int]]:
    """Where the e-mail addresses stand in `text`."""
    return [m.span() for m in _EMAIL.finditer(text)]


def phone_spans(text: str) -> list[tuple[int, int]]:
    """Where the Swedish phone numbers stand in `text` (not inside an e-mail address)."""
    blanked = _EMAIL.sub(lambda m: " " * len(m.group(0)), text)
    return _phone_spans(blanked)


# ------------------------------------------------------------------ the last line before storage


def shown_path(path: Path, roots: list[Path]) -> str:
    """A path as people see it: inside the folder that was given ('polis/v47.xlsx'), or the file
    name – with a personnummer in a file or folder name masked (the name is shown, stored and written)."""
    for root in roots:
        if root.is_dir():
            try:
                return mask_text(path.relative_to(root).as_posix())
            except ValueError:
                continue
    return mask_text(path.name)


# kind (est_cli.individdata, and personnummer) → the finding that names where it was found
FINDING_OF = {
    "personnummer": "personnummer-masked",
    "namn": "name-masked",
    "telefon": "phone-masked",
    "e-post": "email-masked",
    "lägenhet": "apartment-masked",
    "regnr": "regnr-masked",
    "ålder": "age-in-text",
    "adress": "address-in-text",
}
KEPT_KINDS = frozenset({"ålder", "adress"})  # warned about, kept in the intern text

# Function mailboxes the workspace knows (est.toml [epost]): an e-mail sender among them is kept
# whole; any other sender is kept as its domain only (set per workspace by est_cli.ingest).
MAILBOXES: ContextVar[frozenset[str]] = ContextVar("est_mailboxes", default=frozenset())


def sender_kept(sender: str) -> str:
    """'Kalle Andersson <kalle.andersson@obo.se>' → '@obo.se'; a known function mailbox stays as it is."""
    addresses = _EMAIL.findall(sender or "")
    if not addresses:
        return mask_text(sender) if sender else sender
    address = addresses[0].lower()
    if address in MAILBOXES.get():
        return address
    return "@" + address.rsplit("@", 1)[1]


def scrub_file_result(result: FileResult) -> None:
    """Mask what ingest kept besides cell values: file, attachment and sheet names, provenance (an
    e-mail's sender is kept as its domain unless it is a function mailbox the workspace knows) and cell
    text quoted in finding messages ('Förekomst '811218-9876' kunde inte tolkas').

    Cell values are masked where they are read (with a warning naming the cell); this pass adds a
    warning of the kind found (`personnummer-masked`, `name-masked` …) for each other place where it
    had to mask something, never repeating what it masked.
    """
    from est_cli.findings import Location, finding

    codes = {code: kind for kind, code in FINDING_OF.items()}
    noted: set[tuple[Location, str]] = {(f.location, codes[f.code]) for f in result.findings if f.code in codes}
    extra: list[tuple[int, Location, str]] = []

    def note(position: int, loc: Location, kinds: list[str]) -> None:
        for kind in dict.fromkeys(kinds):
            if (loc, kind) not in noted:
                noted.add((loc, kind))
                extra.append((position, loc, kind))

    for n, f in enumerate(result.findings):
        loc, in_sheet = _where(f.location)
        message, in_message = _masked(f.message)
        hint, in_hint = _masked(f.hint) if f.hint else (f.hint, [])
        if (message, hint, loc) != (f.message, f.hint, f.location):
            f.message, f.hint, f.location = message, hint, loc
            note(n + 1, Location(loc.sheet), in_sheet)  # a sheet's name: said once, for the sheet
            note(n + 1, loc, [] if f.code in codes else in_message + in_hint)

    for report in result.reports:
        for loc, kinds in _scrub_report(report):
            note(len(result.findings), loc, kinds)
    result.notes = [mask_text(n) for n in result.notes]
    if result.skipped:
        result.skipped = mask_text(result.skipped)
    for position, loc, kind in reversed(extra):
        result.findings.insert(position, finding(FINDING_OF[kind], loc))


def _masked(value: str) -> tuple[str, list[str]]:
    """mask_all, and the kinds it masked (not those only warned about)."""
    text, kinds = mask_all(value)
    return text, [k for k in kinds if k not in KEPT_KINDS]


def _where(loc):
    """A location with its sheet name masked, and the kinds masked in it."""
    if not loc.sheet:
        return loc, []
    sheet, kinds = _masked(loc.sheet)
    return (dataclasses.replace(loc, sheet=sheet) if kinds else loc), kinds


def _scrub_report(report) -> list:
    """Mask a report's names and its observations' text; (location, kinds masked) to name."""
    from est_cli.findings import Location

    found: list[str] = []
    for name in ("source_name", "sheet", "area", "organisation", "reporter"):
        value = getattr(report, name)
        if value:
            text, kinds = _masked(value)
            if kinds:
                setattr(report, name, text)
                found += kinds
    if report.email_sender:
        report.email_sender = sender_kept(report.email_sender)
    places = [(Location(report.sheet), found)]
    for obs in report.observations:
        obs.location, in_sheet = _where(obs.location)
        places.append((Location(obs.location.sheet), in_sheet))
        in_text: list[str] = []
        for name in ("label", "place", "time", "comment", "action"):
            text, in_field = _masked(getattr(obs, name))
            setattr(obs, name, text)
            in_text += in_field
        places.append((obs.location, in_text))
    return places
