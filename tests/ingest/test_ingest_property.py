"""Property-based ingest: generated checklists in many spellings and layouts count exactly."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from est_cli.ingest import Options, ingest
from est_cli.readers.base import Grid, ReadResult, Source
from est_cli.schema import load_schema

OREBRO = load_schema("orebro")
ITEMS = OREBRO.items

YES = ["Ja", "ja", "JA", "J", "X", "x", "✓", "☒", " Ja "]
NO = ["Nej", "nej", "N", "", "☐", "0", None]


def spellings(label: str):
    """The ways reporters write one label: case, accents dropped, numbering, spaces."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", label) if not unicodedata.combining(c))
    return st.sampled_from(
        [label, label.upper(), label.lower(), plain, f"  {label} ", label.replace(" ", "  ")]
    ).flatmap(lambda text: st.sampled_from([text, f"3. {text}", f"3) {text}", f"{text}:"]))


row_strategy = st.tuples(
    st.sampled_from(range(len(ITEMS))),
    st.one_of(st.tuples(st.just("yes"), st.sampled_from(YES)), st.tuples(st.just("no"), st.sampled_from(NO))),
    st.one_of(st.none(), st.integers(min_value=2, max_value=30)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(row_strategy, min_size=1, max_size=14),
    data=st.data(),
    offset_rows=st.integers(0, 3),
    offset_cols=st.integers(0, 2),
    blank_every=st.integers(2, 6),
    fmt=st.sampled_from(["xlsx", "csv", "docx"]),
)
def test_generated_checklists_count_exactly(rows, data, offset_rows, offset_cols, blank_every, fmt):
    pad = [None] * offset_cols
    grid: list[list] = [[] for _ in range(offset_rows)]
    grid += [
        pad + ["Vecka", "v.47"],
        pad + ["Område", "Vivalla"],
        pad + ["Organisation", "Polis"],
        pad + ["Rapportör", "Områdespolis"],
        pad + ["Datum", "2026-11-18"],
        [],
    ]
    grid.append(pad + ["Punkt", "Förekomst", "Antal", "Plats"])
    expected: dict[str, int] = {}
    data_rows = 0
    for n, (index, (kind, mark), antal) in enumerate(rows):
        item = ITEMS[index]
        label = data.draw(spellings(item.label))
        count = 0
        if kind == "yes":
            count = antal if antal else 1
        elif antal:
            count = antal  # "Nej" with an Antal: the count wins, with a warning
        expected[item.id] = expected.get(item.id, 0) + count
        grid.append(pad + [label, mark, antal, "Torget" if count else None])
        data_rows += 1
        if n % blank_every == 0:
            grid.append([])  # blank rows are not rows
    kind = {"docx": "table", "csv": "sheet", "xlsx": "sheet"}[fmt]
    source = Source(name=f"gen.{fmt}", fmt=fmt, grids=[Grid("Blad1", grid, kind=kind)])
    result = ingest(ReadResult(Path(f"gen.{fmt}"), "0" * 64, [source]), OREBRO, Options(today=date(2026, 11, 20)))
    assert result.rows_read == result.rows_stored + result.rows_rejected
    assert (result.rows_read, result.rows_rejected) == (data_rows, 0)
    (report,) = result.reports
    assert (report.week, report.area, report.organisation) == ("2026-W47", "Vivalla", "Polis")
    assert report.counts() == expected
    assert not [f for f in result.findings if f.code in ("unknown-item", "item-fuzzy-match", "invalid-mark")]
