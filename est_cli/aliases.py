"""A workspace remembers how its reporters write: `alias.toml` beside est.toml maps a label as written
("Mopedåkning", "Anl. brand") to the checklist item it means, confirmed once with `est alias add`, and
every later file with that label is read as that item."""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from est_cli.errors import EstError
from est_cli.schema import Schema
from est_cli.text import label_key
from est_cli.workspace import toml_string

ALIAS_FILE = "alias.toml"
_HEADER = (
    "# Punkter som rapportörerna skriver på sitt eget sätt, och vilken punkt i checklistan de betyder.\n"
    '# Skrivs av: est alias add "ETIKETT" PUNKT-ID   (se punkterna med: est schema show)\n'
    "[alias]\n"
)


class AliasError(EstError):
    """An alias that cannot be added, or an alias.toml that cannot be read; Swedish message."""


def load_aliases(root: Path) -> dict[str, str]:
    """label as written → item id, from the workspace's alias.toml ({} when there is none)."""
    path = Path(root) / ALIAS_FILE
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise AliasError(f"{path} går inte att läsa: {exc}. Rätta raden och försök igen.") from None
    table = data.get("alias", {})
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise AliasError(f'{path}: [alias] ska vara rader som "Etikett" = "punkt_id".')
    return {str(k): v for k, v in table.items()}


def add_alias(root: Path, schema: Schema, label: str, item: str) -> tuple[str, str | None]:
    """Remember that `label` means `item` (an item id, or the item's label). Returns (item id, the
    item the label meant before or None). AliasError for an empty label or an unknown item."""
    label = " ".join(label.split())
    if not label_key(label):
        raise AliasError('Ange etiketten som rapportörerna skriver, t.ex.: est alias add "Anl. brand" brand')
    item_id = _item_id(schema, item)
    aliases = load_aliases(root)
    before = next((v for k, v in aliases.items() if label_key(k) == label_key(label)), None)
    aliases = {k: v for k, v in aliases.items() if label_key(k) != label_key(label)} | {label: item_id}
    lines = [
        f"{toml_string(k)} = {toml_string(v)}" for k, v in sorted(aliases.items(), key=lambda kv: label_key(kv[0]))
    ]
    path = Path(root) / ALIAS_FILE
    from est_cli.outputs.atomic import write_text

    write_text(path, _HEADER + "\n".join(lines) + "\n")
    return item_id, before


def _item_id(schema: Schema, item: str) -> str:
    wanted = label_key(item)
    for candidate in schema.items:
        if candidate.id == item.strip() or label_key(candidate.label) == wanted or label_key(candidate.id) == wanted:
            return candidate.id
    ids = ", ".join(i.id for i in schema.items)
    raise AliasError(f"Punkten {item!r} finns inte i checklistan {schema.name}. Punkterna: {ids}.")


@dataclass(frozen=True)
class Suggestion:
    label: str  # as the reporter wrote it
    item_id: str | None  # the best candidate, or None when nothing is close

    def command(self) -> str:
        return f"est alias add {toml_string(self.label)} {self.item_id or 'PUNKT-ID'}"


def alias_suggestions(
    labels: Iterable[str], schema: Schema, aliases: Mapping[str, str] | None = None
) -> list[Suggestion]:
    """For each label outside the checklist (once each, in order), the `est alias add` command with the
    closest item filled in (the first of an ambiguous abbreviation's candidates, else a close spelling)."""
    from est_cli.ingest.items import find_item
    from est_cli.schema import label_index

    index = label_index(schema, aliases)
    by_label = {label_key(i.label): i.id for i in schema.items}
    seen: set[str] = set()
    out = []
    for label in labels:
        key = label_key(label)
        if not key or key in seen:
            continue
        seen.add(key)
        found = find_item(label, schema, index)
        best = found.candidates[0] if found.candidates else found.item_id
        if best is None:
            close = difflib.get_close_matches(key, list(by_label), n=1, cutoff=0.5)
            best = by_label[close[0]] if close else None
        out.append(Suggestion(label, best))
    return out


__all__ = ["ALIAS_FILE", "AliasError", "Suggestion", "add_alias", "alias_suggestions", "load_aliases"]
