"""CSV files to one grid of strings, the way Excel would open them.

Encoding: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252 (Excel's Swedish
"CSV (semikolonavgränsad)"). Delimiter: `;`, `,` or tab. All values stay strings; Swedish
CSV writes numbers with a decimal comma ("2,5"), so typing them is ingest's job.
"""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

from est_cli.findings import finding
from est_cli.readers.base import Grid, Source
from est_cli.readers.containers import CHUNK_BYTES
from est_cli.readers.sheet_limits import MAX_SHEET_CELLS, MAX_SHEET_ROWS

DELIMITERS = ";\t,"  # order = preference when the evidence is equal (Swedish Excel uses ;)
MAX_FIELD_CHARS = 1_000_000


def detect_encoding(path: Path) -> str:
    """'utf-8-sig', 'utf-16' or 'cp1252'. Reads the file in chunks, never whole."""
    with open(path, "rb") as f:
        head = f.read(4)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "utf-16"
        f.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := f.read(CHUNK_BYTES):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"  # also right for files without a BOM


def detect_delimiter(sample: str) -> str:
    """The delimiter of a CSV sample: csv.Sniffer, checked against a count per line."""
    lines = sample.splitlines()
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the last line may be cut in the middle
    lines = [line for line in lines if line.strip()][:200]
    if not lines:
        return ";"
    coverage = {}
    for d in DELIMITERS:
        rows = list(csv.reader(lines, delimiter=d))
        coverage[d] = (sum(1 for r in rows if len(r) > 1), sum(len(r) - 1 for r in rows))
    best = max(DELIMITERS, key=lambda d: (coverage[d], -DELIMITERS.index(d)))
    try:
        sniffed = csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    # Sniffer trusts even line-to-line counts and is fooled by decimal commas and by
    # header rows shorter than the table; use it only when it is as good as the best count.
    if sniffed in coverage and coverage[sniffed][0] >= coverage[best][0]:
        return sniffed
    return best if coverage[best][0] > 0 else ";"


def read_csv(path: Path, name: str) -> Source:
    """One Grid named after the file (as Excel names the sheet), rows as in Excel.

    A first line `sep=;` (Excel's delimiter hint, which Excel hides) is honoured and dropped.
    """
    source = Source(name=name, fmt="csv")
    encoding = detect_encoding(path)
    stem = name.rsplit("›", 1)[-1].strip()
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    rows: list[list] = []
    old_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_FIELD_CHARS)
    try:
        with open(path, encoding=encoding, errors="replace", newline="") as f:
            sample = f.read(CHUNK_BYTES)
            first = sample.split("\n", 1)[0].strip().strip('"')
            if first.lower().startswith("sep=") and len(first) == 5:
                delimiter = first[4]
                skip_first = True
            else:
                delimiter = detect_delimiter(sample)
                skip_first = False
            f.seek(0)
            if skip_first:
                f.readline()
            cells = 0
            nuls = [0]

            def without_nul(lines):
                for line in lines:
                    if "\x00" in line:
                        nuls[0] += line.count("\x00")
                        line = line.replace("\x00", "")
                    yield line

            for row in csv.reader(without_nul(f), delimiter=delimiter):
                rows.append(row)
                cells += max(len(row), 1)
                if len(rows) > MAX_SHEET_ROWS or cells > MAX_SHEET_CELLS:
                    source.findings.append(
                        finding("file-too-large", detail=f"mer än {len(rows) - 1} rader eller {MAX_SHEET_CELLS} celler")
                    )
                    return source
    except csv.Error as err:
        source.findings.append(finding("file-unreadable", detail=f"CSV-filen kunde inte tolkas ({err})"))
        return source
    finally:
        csv.field_size_limit(old_limit)
    if nuls[0]:
        source.findings.append(finding("nul-bytes", n=nuls[0]))
    if rows and rows[0] and isinstance(rows[0][0], str) and rows[0][0].startswith("\ufeff"):
        rows[0][0] = rows[0][0][1:]  # a BOM inside a cp1252/utf-16 file
    source.grids.append(Grid(name=stem or "CSV", rows=rows, kind="sheet"))
    return source
