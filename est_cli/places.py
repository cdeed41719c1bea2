"""When two places are the same place: the one rule the events, the hot spots and the trend share.

Reporters write one place many ways: "Bettorpsgatan, gångtunneln", "Gångtunneln vid Bettorpsgatan",
"gångtunneln  Bettorpsgatan". Word order, punctuation, case, spacing and small words ("vid", "i",
"på" …) do not make a different place: `place_key` is the place's words, folded and sorted.

A place that is a strict part of another ("Bettorpsgatan" beside "Bettorpsgatan gångtunneln") is
the same place only when that is unambiguous: `resolve_places` joins it to the one longer place that
contains it, and leaves it alone when two or more do ("Bettorpsgatan" beside both "gångtunneln vid
Bettorpsgatan" and "gångvägen mot Bettorpsgatan").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from est_cli.text import fold

# Small words that say where *at* a place, not which place.
SMALL_WORDS = frozenset(
    "vid i på mot till från av och vid utanför nära intill bakom framför kring runt om ovanför under bredvid "
    "den det de en ett".split()
)
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=16384)
def place_key(place: str | None) -> str:
    """The place's words, case-folded, without small words, sorted: '' for no place.

    >>> place_key("Bettorpsgatan, gångtunneln") == place_key("Gångtunneln vid Bettorpsgatan")
    True
    """
    words = [w for w in _WORD.findall(str(place or "").casefold()) if w not in SMALL_WORDS]
    if not words:  # a place of small words only ("Vid") is still a place
        words = _WORD.findall(str(place or "").casefold())
    return " ".join(sorted(set(words)))


def resolve_places(keys: Iterable[str], area: str = "") -> dict[str, str]:
    """Each place key → the key it counts as: itself, or the one longer place it is a strict part of.

    A place contained in two or more others is ambiguous and stays itself; so does '' (no place) and
    the area's own name ("Vivalla" in Vivalla is the whole area, not a part of "Vivalla centrum").
    """
    unique = sorted({k for k in keys if k})
    words = {k: frozenset(k.split()) for k in unique}
    resolved = {k: k for k in unique}
    for key in unique:
        if area and fold(key) == fold(area):
            continue
        wider = [other for other in unique if other != key and words[key] < words[other]]
        # Only the widest: "a" inside "a b" inside "a b c" is one chain, not an ambiguity.
        widest = [w for w in wider if not any(words[w] < words[o] for o in wider)]
        if len(widest) == 1 and all(words[w] <= words[widest[0]] for w in wider):
            resolved[key] = widest[0]
    return resolved


__all__ = ["SMALL_WORDS", "place_key", "resolve_places"]
