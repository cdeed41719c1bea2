"""A row's label as the reporter wrote it → the schema's item (exact, alias, text before a
separator, close spelling), and the choice among items of the same label in several sections.
"""

from __future__ import annotations

import difflib

from est_cli.schema import ORG_KINDS, LabelIndex, Schema
from est_cli.text import fold, label_key

_SEPARATORS = (":", " – ", " - ", " — ", "(", "\n", ";")


def match_item(
    label: str, schema: Schema, index: LabelIndex, section: str | None = None, organisation: str = ""
) -> tuple[str | None, str | None, bool]:
    """(item id, section id, fuzzy?) for a label as written; (None, None, False) when unknown.

    Matches case-, accent- and punctuation-blind, with a leading item number stripped, on the
    label or an alias; then on the text before a separator ('Skadegörelse: krossad ruta');
    then on a close spelling (reported as fuzzy).
    """
    keys = [label_key(label)]
    for sep in _SEPARATORS:
        if sep in label:
            keys.append(label_key(label.split(sep, 1)[0]))
    for key in keys:
        if key and key in index.exact:
            section_id, item_id = _choose(index.exact[key], schema, section, organisation)
            return item_id, section_id, False
    key = keys[0]
    if len(key) >= 4:
        close = difflib.get_close_matches(key, list(index.exact), n=1, cutoff=0.88)
        if close:
            section_id, item_id = _choose(index.exact[close[0]], schema, section, organisation)
            return item_id, section_id, True
    return None, None, False


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
