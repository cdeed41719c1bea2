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
    """(section, item) pairs whose label (or alias) the words of `key` abbreviate: each word of the
    label as written is the start of a word of the item's label, in order, with small words skipped
    and at least one word shortened. 'anl brand' → 'anlagd brand'; 'klotter skadeg' → 'klotter skadegorelse'."""
    words = key.split()
    if not words or all(len(w) < _MIN_PREFIX for w in words):
        return []
    found: list[tuple[str, str]] = []
    for label, pairs in index.exact.items():
        if _abbreviates(words, label.split()):
            found.extend(p for p in pairs if p not in found)
    return found


def _abbreviates(words: list[str], target: list[str]) -> bool:
    position, shortened = 0, False
    for word in words:
        while position < len(target) and not (
            target[position].startswith(word) and (len(word) >= _MIN_PREFIX or word == target[position])
        ):
            if target[position] not in _FILLER:
                return False
            position += 1
        if position == len(target):
            return False
        shortened = shortened or word != target[position]
        position += 1
    # Words the reporter left off the end are fine only when they are small words or the reporter
    # shortened at least one word: "Anl. brand" fits "Anlagd brand"; "Brand" alone is no abbreviation.
    rest = [w for w in target[position:] if w not in _FILLER]
    return shortened and len(rest) <= max(0, len(target) - 2)


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
