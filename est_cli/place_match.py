"""When two place keys are *probably* the same place – what `est plats list` suggests joining.

`places.place_key` already makes word order, punctuation, case and small words the same place. Beyond
that a reporter may shorten a word ("Bettorpsg.", "Vivalla C"), write another form of it ("Torg" /
"Torget") or misspell it ("Betorpsgatan"), or name a part of a place ("Bettorpsgatan" beside
"Gångtunneln vid Bettorpsgatan"). Those are only suggestions: the coordinator makes them one place in
platser.csv (`est plats samma`). Numbers are never alike unless equal ("Hus 1" is not "Hus 12").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Swedish endings that make another form of the same word: torg/torget, gata/gatan, park/parken.
_FORMS = ("en", "et", "n", "t", "na", "an")
_DOTTED = re.compile(r"(\w+)\.")

ABBREVIATION, FORM, SPELLING = "förkortning", "annan form", "liknande stavning"


def dotted_words(spellings: Iterable[str]) -> frozenset[str]:
    """The words written with a full stop after them (abbreviations): 'Bettorpsg. 3' → {'bettorpsg'}."""
    return frozenset(w.casefold() for s in spellings for w in _DOTTED.findall(s))


def word_likeness(a: str, b: str, dotted: frozenset[str] = frozenset()) -> str | None:
    """'' for the same word, the reason two words are probably the same word, or None."""
    if a == b:
        return ""
    if a.isdigit() or b.isdigit():
        return None
    short, long = sorted((a, b), key=len)
    if long.startswith(short):
        if short in dotted or len(short) <= 2:
            return ABBREVIATION
        if long[len(short) :] in _FORMS:
            return FORM
        return None
    if min(len(a), len(b)) >= 5:
        from rapidfuzz.distance import DamerauLevenshtein

        allowed = 2 if min(len(a), len(b)) >= 10 else 1
        if DamerauLevenshtein.distance(a, b, score_cutoff=allowed) <= allowed:
            return SPELLING
    return None


def fits(small: str, large: str, dotted: frozenset[str] = frozenset()) -> list[str] | None:
    """Whether every word of the place key `small` is a word of `large` (each a different one) or
    probably the same word: the reasons of the words that are not equal ([] when all are), else None.

    >>> fits("bettorpsg", "bettorpsgatan gångtunneln", frozenset({"bettorpsg"}))
    ['förkortning']
    """
    words, targets = small.split(), large.split()
    if not words or len(words) > len(targets):
        return None
    options = [
        [(j, why) for j, t in enumerate(targets) if (why := word_likeness(w, t, dotted)) is not None] for w in words
    ]
    order = sorted(range(len(words)), key=lambda i: len(options[i]))  # the most constrained word first

    def place(k: int, used: frozenset[int]) -> list[str] | None:
        if k == len(order):
            return []
        for j, why in options[order[k]]:
            if j not in used:
                rest = place(k + 1, used | {j})
                if rest is not None:
                    return ([why] if why else []) + rest
        return None

    return place(0, frozenset())


__all__ = ["ABBREVIATION", "FORM", "SPELLING", "dotted_words", "fits", "word_likeness"]
