"""A row's label as the reporter wrote it → the schema's item (exact, alias, text before a
separator, abbreviated words, close spelling), and the choice among items of the same label in
several sections. Two items that fit an abbreviation equally are never guessed between.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from est_cli.schema import ORG_KINDS, LabelIndex, Schema
from est_cli.text import fold, label_key

_SEPARATORS = (":", " – ", " - ", " — ", "(", "\n", ";")


@dataclass(frozen=True)
class ItemMatch:
    """How a label matched: `how` is "exact", "abbreviation" or "spelling" (a guess the caller
    reports), or "" when no item fits; `candidates` are the items an ambiguous abbreviation fits."""

    item_id: str | None = None
    section_id: str | None = None
    how: str = ""
    candidates: tuple[str, ...] = field(default_factory=tuple)


def match_item(
    label: str, schema: Schema, index: LabelIndex, section: str | None = None, organisation: str = ""
) -> tuple[str | None, str | None, bool]:
    """(item id, section id, guessed?) for a label as written; (None, None, False) when unknown.

    >>> match_item("Skadegörlse", schema, label_index(schema))  # doctest: +SKIP
    ('skadegorelse', 'offentlig_miljo', True)
    """
    found = find_item(label, schema, index, section, organisation)
    return found.item_id, found.section_id, found.how in ("abbreviation", "spelling")


def find_item(
    label: str, schema: Schema, index: LabelIndex, section: str | None = None, organisation: str = ""
) -> ItemMatch:
    """The item a label means. Case-, accent- and punctuation-blind with a leading number stripped,
    on the label or an alias; then the text before a separator ('Skadegörelse: krossad ruta'); then
    abbreviated words ('Anl. brand', 'Klotter/skadeg.'); then a close spelling."""
    keys = [label_key(label)]
    for sep in _SEPARATORS:
        if sep in label:
            keys.append(label_key(label.split(sep, 1)[0]))
    for key in keys:
        if key and key in index.exact:
            section_id, item_id = _choose(index.exact[key], schema, section, organisation)
            return ItemMatch(item_id, section_id, "exact")
    key = keys[0]
    abbreviated = _abbreviation_candidates(key, index)
    items = {item for _, item in abbreviated}
    if len(items) == 1:
        section_id, item_id = _choose(abbreviated, schema, section, organisation)
        return ItemMatch(item_id, section_id, "abbreviation")
    if len(items) > 1:
        return ItemMatch(how="", candidates=tuple(sorted(items, key=lambda i: schema.known_item(i).label)))
    if len(key) >= 4:
        close = difflib.get_close_matches(key, list(index.exact), n=1, cutoff=0.88)
        if close:
            section_id, item_id = _choose(index.exact[close[0]], schema, section, organisation)
            return ItemMatch(item_id, section_id, "spelling")
    return ItemMatch()


# Small words a reporter leaves out of an abbreviation ("Klotter/skadeg." for "Klotter och skadegörelse").
_FILLER = {"och", "i", "pa", "mot", "av", "for", "med", "till", "om", "som", "eller", "de", "det", "den", "en", "ett"}
_MIN_PREFIX = 3


def _abbreviation_candidates(key: str, index: LabelIndex) -> list[tuple[str, str]]:
    """(section, item) pairs whose label (or alias) the words of `key` abbreviate or begin: each word
    of the label as written is the start of a word of the item's label, in order, with small words
    skipped. 'anl brand' → 'anlagd brand'; 'klotter skadeg' → 'klotter skadegorelse'; 'trapphang' →
    'trapphang som paverkar de boende negativt' (a short form keeping the first words).

    An item whose every word the label covers wins over items whose first words only it covers:
    'Anl. brand' is 'Anlagd brand', not 'Anlagd brand på skola eller fritidsgård'."""
    words = key.split()
    if not words or all(len(w) < _MIN_PREFIX for w in words):
        return []
    whole: list[tuple[str, str]] = []
    first_words: list[tuple[str, str]] = []
    for label, pairs in index.exact.items():
        fit = _abbreviates(words, label.split())
        found = whole if fit == "whole" else first_words if fit == "first words" else None
        if found is not None:
            found.extend(p for p in pairs if p not in found)
    return whole or first_words


def _abbreviates(words: list[str], target: list[str]) -> str | None:
    """ "whole" when `words` abbreviate every word of `target` that is not a small word, "first words"
    when they abbreviate its first words only (at least two, or a shortened one – "Brand" alone
    is not a short form of "Brand på skola"), else None."""
    position, shortened = 0, False
    for word in words:
        while position < len(target) and not (
            target[position].startswith(word) and (len(word) >= _MIN_PREFIX or word == target[position])
        ):
            if target[position] not in _FILLER:
                return None
            position += 1
        if position == len(target):
            return None
        shortened = shortened or word != target[position]
        position += 1
    rest = [w for w in target[position:] if w not in _FILLER]
    if not rest:
        return "whole" if shortened else None  # not shortened: the same words, an exact match
    if shortened or len(words) >= 2 or len(target) - len(rest) >= 2:
        return "first words"
    return None


def _choose(
    candidates: list[tuple[str, str]], schema: Schema, section: str | None, organisation: str
) -> tuple[str, str]:
    """(section id, item id) among items with the same label: the table's section, else a section
    the reporting organisation's kind reports, else the first."""
    if len(candidates) == 1:
        return candidates[0]
    if section:
        for pair in candidates:
            if pair[0] == section:
                return pair
    org = fold(organisation)
    for pair in candidates:
        sec = next(s for s in schema.sections if s.id == pair[0])
        for kind in sec.reported_by:
            if any(word in org for word in ORG_KINDS.get(kind, (kind,))):
                return pair
    return candidates[0]
