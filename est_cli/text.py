"""Label normalisation: the one place that decides when two labels are "the same".

Reporters write "3. Skadegörelse:", "SKADEGÖRELSE", "skadegorelse" — all one label.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.):]?|[a-zA-Z][.)])\s+")
_NUMBERING_TIGHT = re.compile(r"^\s*\d+(?:\.\d+)*(?:[.):]\s*|\s+)(?=\D)")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_BLANKS = re.compile(r"[ \t]+")

# Text starting with one of these is a formula to Excel; every workbook and CSV we write guards it.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def fold(text: str) -> str:
    """Lower case, accents removed (å→a, ä→a, ö→o, é→e), punctuation and spacing collapsed.

    >>> fold("  Skadegörelse/klotter: ")
    'skadegorelse klotter'
    """
    text = text if isinstance(text, str) else str(text)
    # A merge folds the same few hundred labels and names tens of thousands of times: short texts
    # are cached (bounded: at most 16,384 entries of at most 200 characters).
    return _fold_cached(text) if len(text) <= 200 else _fold(text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", ascii_only).strip()


_fold_cached = lru_cache(maxsize=16384)(_fold)


def strip_numbering(text: str) -> str:
    """'3. Brand' → 'Brand'; '3) Brand' → 'Brand'; '1.2 Brand' → 'Brand'."""
    text = str(text)
    stripped = _NUMBERING_TIGHT.sub("", text, count=1)
    if stripped != text:
        return stripped
    return _NUMBERING.sub("", text, count=1)


def label_key(text: str) -> str:
    """The key labels are compared by: numbering stripped, then folded."""
    return fold(strip_numbering(text))


def clean(value: object) -> str:
    """A cell value as trimmed single-spaced text ('' for None)."""
    if value is None:
        return ""
    return _clean_text(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=16384)
def _clean_text(text: str) -> str:
    # Cached: a week's files repeat the same cells ("Ja", "Nej", the checklist's labels) thousands of times.
    return _BLANKS.sub(" ", text.replace("\u00a0", " ")).strip()
