"""Reading the values reporters write: marks (Ja/X/☒), counts, severities and times."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from est_cli.text import clean, fold

YES = {"ja", "j", "x", "yes", "y", "sant", "true", "forekommit", "ja x"}
YES_SYMBOLS = {"✓", "✔", "☒", "☑", "✗", "✘", "⊠", "■", "●", "x", "X"}
NO = {"nej", "n", "no", "0", "falskt", "false", "nej x", "ej", "inga", "ingen"}
NO_SYMBOLS = {"☐", "□", "-", "–", "—", "o", "○"}


class BadValue(ValueError):
    """A value that cannot be read; the caller turns it into a finding."""


class VagueCount(ValueError):
    """A mark that says it happened but not how many times ("Ja, flera gånger", "ett par"): counted
    as once, and the caller says so in a finding."""


# Swedish number words reporters write for a count ("Ja, tre gånger", "fyra"), folded.
NUMBER_WORDS = {
    "en": 1, "ett": 1, "tva": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "atta": 8, "nio": 9,
    "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14, "femton": 15, "sexton": 16,
    "sjutton": 17, "arton": 18, "nitton": 19, "tjugo": 20,
}  # fmt: skip
# Words that say "more than once" without a number.
VAGUE_WORDS = {
    "ett par",
    "par",
    "flera",
    "nagra",
    "manga",
    "ett flertal",
    "flertal",
    "ett antal",
    "nagon",
    "nagra ganger",
}
_APPROX = r"(?:ca|cirka|ungefar|runt|omkring|drygt|knappt)?"
_UNIT = r"(?:st|stycken|ggr|gang|ganger|tillfallen|handelser)?"
_COUNT_WORDS = re.compile(rf"^{_APPROX}\s*([a-z]+)\s*{_UNIT}$")
_YES_PREFIX = re.compile(r"^(?:ja|j|x)\b\s*(.*)$")
# A Ja box and a Nej box in one cell (Word content controls, or the characters typed): "☒ Ja ☐ Nej".
# Typed as brackets where the character set has no box (Excel's CSV): "[X] Ja [ ] Nej", "(x) Ja ( ) Nej".
_BOXES = re.compile(r"([☒☑✓✔■☐□]|\[\s*[x✓]?\s*\]|\(\s*x?\s*\))\s*(ja|nej)\b", re.IGNORECASE)


def _checked(box: str) -> bool:
    return box in "☒☑✓✔■" or any(ch in box for ch in "xX✓")


# The prompts of templates nobody answered: Word's content-control placeholders and Excel drop-down
# defaults ("Välj ett objekt.", "Klicka här för att ange text."). They are blank, never an answer.
_PROMPTS = re.compile(
    r"^(?:-+\s*)?(?:välj(?: ett (?:objekt|alternativ|datum))?|klicka (?:eller tryck )?här för att ange"
    r"(?: text| ett datum)?|ange text|skriv här|choose an item|click (?:or tap )?here to enter (?:text|a date))"
    r"\s*[.…]*(?:\s*-+)?$",
    re.IGNORECASE,
)


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    if not value:
        return True
    text = clean(value)
    return not text or (text[0] in "-VvKkAaSsCc" and _PROMPTS.match(text) is not None)


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = clean(value).lower()
    match = re.fullmatch(r"(?:ca\.?|cirka|~|ungefär)?\s*(\d+)\s*(?:\+|st\.?|stycken|ggr|gånger|tillfällen)?", text)
    if match:
        return int(match.group(1))
    match = re.fullmatch(r"(\d+)[.,]0+", text)
    if match:
        return int(match.group(1))
    words = _COUNT_WORDS.match(fold(text))
    return NUMBER_WORDS.get(words.group(1)) if words else None


def read_mark(value: object) -> int | None:
    """1 = occurred, 0 = did not occur, a larger number = that many; None = not answered.

    Raises BadValue for text that is neither a mark nor a number ('kanske').
    """
    if isinstance(value, bool):
        return 1 if value else 0
    if is_blank(value):
        return None
    number = _as_int(value)
    if number is not None:
        if number < 0:
            raise BadValue(value)
        return number
    text = clean(value)
    both = re.fullmatch(r"(?:ja|j|x|☒|✓)\W*\(?\s*(\d+)\s*(?:st\.?|ggr|gånger)?\s*\)?", text.lower())
    if both:  # "Ja, 2 st", "X (3)"
        return max(int(both.group(1)), 1)
    if text in YES_SYMBOLS:
        return 1
    if text in NO_SYMBOLS:
        return 0
    if len(_BOXES.findall(text)) >= 2:
        return _box_answer(text)
    key = fold(text)
    if key in YES:
        return 1
    if key in NO:
        return 0
    return _worded_mark(key, value)


def _box_answer(text: str) -> int | None:
    """ "☒ Ja ☐ Nej" → 1, "☐ Ja ☒ Nej" → 0, none ticked → None (not answered); both ticked is BadValue."""
    boxes = _BOXES.findall(text)
    ticked = {label.lower() for box, label in boxes if _checked(box)}
    if ticked == {"ja"}:
        return 1
    if ticked == {"nej"}:
        return 0
    if ticked:
        raise BadValue(text)
    return None


def _worded_mark(key: str, value: object) -> int:
    """'ja tre ganger' → 3, 'fyra' → 4, 'ja flera' → VagueCount; BadValue for anything else."""
    yes = _YES_PREFIX.match(key)
    rest = yes.group(1) if yes else key
    if not rest and yes:
        return 1
    words = _COUNT_WORDS.match(rest)
    if words and words.group(1) in NUMBER_WORDS:
        return max(NUMBER_WORDS[words.group(1)], 1)
    if _is_vague(rest):
        raise VagueCount(value)
    raise BadValue(value)


def read_count(value: object) -> int | None:
    """A non-negative whole number, or None when blank; VagueCount for "ett par", "flera"; BadValue
    otherwise."""
    if is_blank(value):
        return None
    number = _as_int(value)
    if number is None and _is_vague(fold(clean(value))):
        raise VagueCount(value)
    if number is None or number < 0:
        raise BadValue(value)
    return number


def _is_vague(key: str) -> bool:
    return key in VAGUE_WORDS or re.sub(rf"\s*{_UNIT}$", "", key) in VAGUE_WORDS


_SEVERITY_WORDS = {"lag": 1, "medel": 2, "mellan": 2, "hog": 3, "mycket hog": 4, "allvarlig": 3, "mycket allvarlig": 4}


def read_severity(value: object) -> int | None:
    """1–4 (also 'låg', 'medel', 'hög', 'mycket hög', '3 - hög'); None when blank; BadValue otherwise."""
    if is_blank(value):
        return None
    number = _as_int(value)
    if number is None:
        key = fold(str(value))
        match = re.match(r"^(\d)\b", key)
        number = int(match.group(1)) if match else _SEVERITY_WORDS.get(key)
    if number is None or not 1 <= number <= 4:
        raise BadValue(value)
    return number


def read_time(value: object) -> str:
    """'21:30' for time values, Excel day fractions and '21.30'/'2130'/'kl 21'; other text as written."""
    if is_blank(value):
        return ""
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, timedelta):
        minutes = int(value.total_seconds() // 60) % (24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60) % (24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    text = clean(value)
    match = re.fullmatch(r"(?:kl\.?\s*)?(\d{1,2})(?:[:.](\d{2}))?", text.lower())
    if match and int(match.group(1)) < 24 and int(match.group(2) or 0) < 60:
        return f"{int(match.group(1)):02d}:{int(match.group(2) or 0):02d}"
    match = re.fullmatch(r"(\d{2})(\d{2})", text)
    if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
        return f"{match.group(1)}:{match.group(2)}"
    # Other text whole: cutting it here could leave part of a personnummer behind, unmasked.
    return text


def cell_text(value: object) -> str:
    """A cell as text: whole floats without '.0', dates as ISO."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ", timespec="minutes")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return clean(value)
