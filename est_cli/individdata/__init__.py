"""Individdata in free text: found, named by its cell, and masked before anything is kept.

"EST hanterar inte individdata" (main seed), and the lägesbild may be requested as allmän handling.
Besides personnummer (est_cli.privacy) a reporter's text may hold

- masked before storing (a marker takes its place in the archive and every output):
  phone numbers (Swedish national and +46 forms), e-mail addresses, apartment numbers ("lgh 1102",
  "lägenhet 12"), vehicle registration numbers ("ABC 123", "ABC 12A") and probable personal names:
  a common Swedish first name (fornamn.txt, with its source) followed by a capitalised word
  ("Kalle Andersson", "Ahmed Yusuf"), or a title and a capitalised word ("fru Nilsson", "hr Berg");
- kept in the intern text with a warning, never in the extern: ages tied to a person ("15 år,",
  "15-årig", "15-åring") and street numbers of addresses ("Lertagsgatan 12").

A name that is a place or an organisation ("Astrid Lindgrens skola", "Olof Palmes gata", "Gustav
Adolfs torg") is no name: a capitalised word followed by a place word is left alone. The workspace
lists other exceptions in est.toml (`[individdata] tillat = ["Ronja", "Ica Maxi"]`), and its own areas,
organisations and reporter functions are never names.

Nothing here ever returns the masked text itself to a caller that prints: `Hit` has the kind and
the span; messages name the cell (est_cli.ingest.privacy_checks).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from est_cli.text import fold

# kind → the marker that takes its place
MARKERS = {
    "namn": "[namn]",
    "telefon": "[telefon]",
    "e-post": "[e-post]",
    "lägenhet": "[lägenhet]",
    "regnr": "[regnr]",
}
# Kept in the intern text (with a warning), masked in the extern.
WARNED = {"ålder": "[ålder]", "adress": "[adress]"}
KINDS = (*MARKERS, *WARNED)

_NAME_WORD = r"[A-ZÅÄÖÉÜ][a-zåäöéüè]+(?:-[A-ZÅÄÖÉ][a-zåäöéè]+)?"
_TITLE = re.compile(rf"(?<![\w-])(?i:hr|herr|fru|fröken|frk|familjen|fam)\.?\s+({_NAME_WORD})(?![\w-])")
# Words after a name that make it a place or an organisation ("Olof Palmes gata", "Anna Lindhs plats").
_PLACE_WORDS = frozenset(
    fold(w)
    for w in "gata gatan väg vägen torg torget plats platsen park parken skola skolan gård gården center centrum "
    "hall hallen kyrka kyrkan allé allén backe backen gränd gränden stig stigen bro bron plan planen "
    "förskola förskolan fritidsgård fritidsgården bibliotek biblioteket museum museet stiftelse stiftelsen "
    "hus huset vårdcentral vårdcentralen kiosk kiosken pizzeria butik butiken ab sjukhus sjukhuset hotell "
    "hotellet arena arenan kapell kapellet stadion förening föreningen klubb klubben if ik bk ff universitet "
    "universitetet gymnasium gymnasiet hospital hotel street road school college university church company city "
    "foundation".split()
)
_PLACE_SUFFIX = re.compile(
    r"(?:gatan|gata|vägen|väg|torget|torg|platsen|parken|skolan|gården|allén|backen|gränd|stigen|bron|"
    r"centrum|hallen|kyrkan|plan)$",
    re.IGNORECASE,
)
# Capitalised words that follow a first name without being a surname.
_NOT_SURNAMES = frozenset(
    fold(w)
    for w in (
        "Polis Polisen Kommun Kommunen Räddningstjänsten Fältgruppen Socialtjänsten Skolan Centrum Torget "
        "Måndag Tisdag Onsdag Torsdag Fredag Lördag Söndag Januari Februari Mars April Maj Juni Juli "
        "Augusti September Oktober November December Vecka Ja Nej Okänd Okänt Ingen Inga Vi De Han Hon "
        "Det Den Efter Under Vid Mot Från Och Eller Samt Se Ring Enligt Via And The Of Names City Company"
    ).split()
)
_APARTMENT = re.compile(
    r"(?<![\w-])(?:lgh|lägenhet(?:snummer|snr)?|lägenhetsnr)\.?\s*(?:nr\.?\s*|nummer\s*)?:?\s*\d{1,5}(?!\d)",
    re.IGNORECASE,
)
# Swedish plates: three letters (not I, Q, V, Å, Ä, Ö), two digits, a digit or a letter.
_REGNR = re.compile(r"(?<![\w-])[A-HJ-PR-UW-Z]{3}[ \u00a0-]?\d{2}[A-HJ-PR-UW-Z0-9](?![\w-])")
# Three capitals that are not a plate: currencies and the acronyms of this field's texts ("SEK 500",
# "LSS 123", "SOS 112").
_NOT_PLATES = frozenset(
    "SEK EUR USD NOK DKK GBP CHF SOS LSS LVU LVM SFI EST NHS PDF ISO KPI BBR AFS SFS SOU DNR NUM TEL FAX".split()
)
_AGE = re.compile(
    r"(?<![\w-])\d{1,2}\s?-?\s?(?:åring(?:ar|en|arna)?|årig(?:a|e)?)(?![\w])"
    r"|(?:(?<=,\s)|(?<=\()|(?<=^))\d{1,2}\s?år(?=[\s,.)]|$)"
    r"|(?<![\w-])\d{1,2}\s?år\s+(?:gammal|gamla|gammalt)(?![\w])",
    re.IGNORECASE,
)
_ADDRESS = re.compile(
    r"(?<![\w-])[A-ZÅÄÖ][a-zåäöé]+(?:gatan|vägen|gränd|gränden|stigen|allén|backen|gata|väg|plan|torget)"
    r"\s+\d{1,3}(?:\s?[A-Za-z](?![\w]))?(?![\d])"
)

# The workspace's exceptions for the text being read (set per workspace by est_cli.ingest).
ALLOWED: ContextVar[frozenset[str]] = ContextVar("individdata_allowed", default=frozenset())
# Where a merge collects the (folded) names it masked, to notice a word masked again and again – a place
# or an organisation, probably – without ever printing it (est_cli.merge; filled by privacy.mask_all,
# the one masking path of ingest). None: not collected.
MASKED_NAMES: ContextVar[list[str] | None] = ContextVar("individdata_masked_names", default=None)


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """The common first names of fornamn.txt, folded."""
    text = resources.files("est_cli.individdata").joinpath("fornamn.txt").read_text("utf-8")
    return frozenset(fold(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


def allow_list(words: Iterable[str]) -> frozenset[str]:
    """Folded phrases and their single words: 'Ica Maxi' allows 'ica maxi'."""
    return frozenset(fold(w) for w in words if w and w.strip())


@dataclass(frozen=True)
class Hit:
    kind: str  # one of KINDS
    start: int
    end: int
    key: str = ""  # names: the folded phrase (to tell how often the same word was masked)


def _allowed(phrase: str, allowed: frozenset[str]) -> bool:
    words = [fold(w) for w in phrase.split()]
    return fold(phrase) in allowed or any(w in allowed for w in words)


_WORD = re.compile(rf"(?<![\w-]){_NAME_WORD}(?![\w-])")


def _names(text: str, allowed: frozenset[str]) -> list[Hit]:
    names = first_names()
    words = list(_WORD.finditer(text))

    def next_to(a: re.Match[str], b: re.Match[str]) -> bool:
        return not text[a.end() : b.start()].strip()

    def surname(m: re.Match[str]) -> bool:
        key = fold(m.group(0))
        return (
            key not in _NOT_SURNAMES
            and key not in _PLACE_WORDS
            and key not in allowed
            and not _PLACE_SUFFIX.search(m.group(0))
        )

    hits: list[Hit] = []
    for n, word in enumerate(words[:-1]):
        second = words[n + 1]
        if fold(word.group(0)) not in names or not next_to(word, second) or not surname(second):
            continue
        last = second
        if n + 2 < len(words) and next_to(second, words[n + 2]) and surname(words[n + 2]):
            last = words[n + 2]  # "Maria Bergström Nilsson"
        phrase = text[word.start() : last.end()]
        after = text[last.end() :].split(maxsplit=1)
        following = fold(after[0].strip(",.;:()")) if after else ""
        if following in _PLACE_WORDS or _allowed(phrase, allowed):
            continue  # "Astrid Lindgrens skola", "Olof Palmes gata": a place named after someone
        if hits and hits[-1].end > word.start():
            continue  # part of the name before
        hits.append(Hit("namn", word.start(), last.end(), fold(phrase)))
    for match in _TITLE.finditer(text):
        if not _allowed(match.group(1), allowed) and fold(match.group(1)) not in _NOT_SURNAMES:
            hits.append(Hit("namn", match.start(1), match.end(1), fold(match.group(1))))
    return hits


def find(text: str, allowed: frozenset[str] | None = None) -> list[Hit]:
    """Every hit in `text`, without overlaps (the first kind found wins), in text order."""
    if not text:
        return []
    from est_cli.privacy import email_spans, phone_spans

    allowed = ALLOWED.get() if allowed is None else allowed
    found: list[Hit] = []
    found += [Hit("e-post", s, e) for s, e in email_spans(text)]
    found += [Hit("telefon", s, e) for s, e in phone_spans(text)]
    found += [Hit("lägenhet", m.start(), m.end()) for m in _APARTMENT.finditer(text)]
    found += [
        Hit("regnr", m.start(), m.end())
        for m in _REGNR.finditer(text)
        if m.group(0)[:3] not in _NOT_PLATES and not _allowed(m.group(0), allowed)
    ]
    found += _names(text, allowed)
    found += [Hit("ålder", m.start(), m.end()) for m in _AGE.finditer(text)]
    found += [Hit("adress", m.start(), m.end()) for m in _ADDRESS.finditer(text) if not _allowed(m.group(0), allowed)]
    chosen: list[Hit] = []
    for hit in found:  # in the order of the kinds above
        if all(hit.end <= other.start or hit.start >= other.end for other in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def _replace(text: str, hits: list[Hit], markers: dict[str, str]) -> str:
    for hit in sorted(hits, key=lambda h: -h.start):
        if hit.kind in markers:
            text = text[: hit.start] + markers[hit.kind] + text[hit.end :]
    return text


def mask(text: str, allowed: frozenset[str] | None = None) -> tuple[str, list[Hit]]:
    """The text with phone numbers, e-mail addresses, apartment and registration numbers and probable
    names replaced by their markers; and every hit, the warned kinds (age, address) included.

    >>> mask("Kalle Andersson, 15 år, lgh 1102, ring 070-123 45 67")[0]
    '[namn], 15 år, [lägenhet], ring [telefon]'
    """
    hits = find(text, allowed)
    return markers_replaced(text, hits), hits


def markers_replaced(text: str, hits: list[Hit]) -> str:
    """`text` with the masked kinds among `hits` (from `find`) replaced by their markers."""
    return _replace(text, hits, MARKERS) if hits else text


def mask_extern(text: str, allowed: frozenset[str] | None = None) -> str:
    """For what may be handed out: every kind masked, ages and street numbers too."""
    if not text:
        return text
    return _replace(text, find(text, allowed), {**MARKERS, **WARNED})


__all__ = [
    "MASKED_NAMES",
    "ALLOWED",
    "KINDS",
    "MARKERS",
    "WARNED",
    "Hit",
    "allow_list",
    "find",
    "first_names",
    "mask",
    "mask_extern",
]
