"""The example inbox (examples/inkorg) is exactly what examples/make_examples.py makes.

Files are compared by content – cell values, paragraphs, e-mail parts, CSV bytes – not by zip
bytes. The checks also pin the properties the ingest tests rely on: the cp1252 CSV really is
Excel's semicolon CSV, the e-mail carries one xlsx and one inline image, expected.json covers
every file and points at the cells that hold the intended mistakes.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import struct
import sys
import zlib
from datetime import datetime, timedelta, timezone
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import ROOT

EXAMPLES = ROOT / "examples"
WEEK = "2026-W47"
DEADLINE = datetime(2026, 11, 18, 10, 0, tzinfo=timezone(timedelta(hours=1)))
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _load_generator():
    spec = importlib.util.spec_from_file_location("est_examples_make", EXAMPLES / "make_examples.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    keep, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # no __pycache__ in examples/
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = keep
    return module


@pytest.fixture(scope="module")
def generator():
    return _load_generator()


@pytest.fixture(scope="module")
def fresh(generator, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("examples_fresh")
    generator.generate(out)
    return out


@pytest.fixture(scope="module")
def expected(fresh) -> dict[str, Any]:
    return json.loads((fresh / "expected.json").read_text(encoding="utf-8"))


def _file(expected: dict[str, Any], name: str) -> dict[str, Any]:
    return next(f for f in expected["files"] if f["path"] == f"inkorg/{name}")


# --------------------------------------------------------------------------- content extraction
def _xlsx_content(data: bytes) -> dict[str, Any]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    props = wb.properties
    return {
        "properties": [props.creator, props.lastModifiedBy, props.created, props.modified],
        "sheets": [
            {
                "title": ws.title,
                "state": ws.sheet_state,
                "cells": [(c.coordinate, repr(c.value)) for row in ws.iter_rows() for c in row if c.value is not None],
                "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            }
            for ws in wb.worksheets
        ],
    }


def _docx_content(data: bytes) -> dict[str, Any]:
    from docx import Document

    doc = Document(io.BytesIO(data))
    props = doc.core_properties
    return {
        "properties": [props.author, props.last_modified_by, props.created, props.modified],
        "paragraphs": [(p.style.name, p.text) for p in doc.paragraphs],
        "tables": [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables],
    }


def _eml_content(data: bytes) -> dict[str, Any]:
    msg = BytesParser(policy=policy.default).parsebytes(data)
    parts = []
    for part in msg.walk():
        if part.is_multipart():
            parts.append((part.get_content_type(), part.get_boundary()))
            continue
        payload = part.get_content()
        if part.get_content_type() == XLSX_MIME:
            payload = _xlsx_content(payload)
        parts.append(
            (part.get_content_type(), part.get_content_disposition(), part.get_filename(), part["Content-ID"], payload)
        )
    return {"headers": [(k, str(v)) for k, v in msg.items()], "parts": parts}


def content_of(path: Path) -> Any:
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_content(data)
    if suffix == ".docx":
        return _docx_content(data)
    if suffix == ".eml":
        return _eml_content(data)
    if suffix == ".json":
        return json.loads(data)
    return data  # .csv: the bytes are the content


def snapshot(folder: Path) -> dict[str, Any]:
    files = sorted((folder / "inkorg").iterdir())
    result = {f"inkorg/{p.name}": content_of(p) for p in files}
    result["expected.json"] = content_of(folder / "expected.json")
    return result


def _all_text(path: Path) -> str:
    """Every piece of text in a file, for scanning (cells, paragraphs, e-mail parts)."""
    content = content_of(path)
    if isinstance(content, bytes):
        return content.decode("cp1252" if not content.startswith(b"\xef\xbb\xbf") else "utf-8-sig")
    return repr(content)


# --------------------------------------------------------------------------- determinism
def test_generation_is_deterministic(generator, fresh, tmp_path):
    generator.generate(tmp_path)
    assert snapshot(tmp_path) == snapshot(fresh)


def test_generation_rewrites_the_inbox_exactly(generator, tmp_path):
    stray = tmp_path / "inkorg" / "gammal fil.xlsx"
    stray.parent.mkdir()
    stray.write_bytes(b"old")
    generator.generate(tmp_path)
    assert not stray.exists()


def test_committed_inbox_equals_fresh_generation(fresh):
    assert (EXAMPLES / "inkorg").is_dir(), "run: python examples/make_examples.py"
    committed = snapshot(EXAMPLES)
    generated = snapshot(fresh)
    assert sorted(committed) == sorted(generated)
    for name in generated:
        assert committed[name] == generated[name], f"{name} differs – run: python examples/make_examples.py"


def test_office_files_carry_fixed_timestamps(fresh, expected):
    for entry in expected["files"]:
        path = fresh / entry["path"]
        if path.suffix in (".xlsx", ".docx"):
            props = content_of(path)["properties"]
            created, modified = (d.replace(tzinfo=None) for d in props[2:4])  # docx: aware, xlsx: naive UTC
            assert created < modified
            assert datetime(2026, 11, 16) <= modified <= datetime(2026, 11, 20), path.name


# --------------------------------------------------------------------------- formats
def test_cp1252_csv_is_excel_semicolon_csv(fresh):
    data = (fresh / "inkorg" / "baronbackarna_v47.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("cp1252")
    assert "Område" in text and "Förekomst" in text and "\u2013" in text  # en dash: cp1252 0x96, not latin-1
    assert data.count(b"\r\n") == data.count(b"\n") > 10  # CRLF only
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0][:2] == ["Vecka", "47"]
    assert rows[1][:2] == ["Område", "Baronbackarna"]
    assert len({len(row) for row in rows}) == 1  # Excel pads every row to the used width
    header = rows[6]
    assert header[:4] == ["Nr", "Punkt", "Förekomst", "Antal"]
    assert any(";" in cell for row in rows for cell in row)  # a quoted comment with a semicolon


def test_utf8_bom_csv_is_comma_separated_event_log(fresh):
    data = (fresh / "inkorg" / "vaktarrapport_v47.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    header = rows.index(["Datum", "Tid", "Händelse", "Plats", "Antal", "Allvarlighetsgrad", "Kommentar"])
    events = [row for row in rows[header + 1 :] if row]
    assert sum(1 for row in events if row[2].strip().casefold() == "skadegörelse") == 3


def _png_ok(data: bytes) -> bool:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    pos, kinds, idat = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        kinds.append(kind)
        if kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height = struct.unpack(">II", data[16:24])
    assert len(zlib.decompress(idat)) == height * (1 + 3 * width)
    return kinds[0] == b"IHDR" and kinds[-1] == b"IEND"


def test_eml_has_one_xlsx_attachment_and_one_inline_image(fresh, expected):
    from email.utils import parsedate_to_datetime

    entry = next(f for f in expected["files"] if f["format"] == "eml")
    msg = BytesParser(policy=policy.default).parsebytes((fresh / entry["path"]).read_bytes())
    assert msg["From"].addresses[0].addr_spec == "trygghetsvard@obo.example"
    assert str(msg["From"]) == entry["email"]["from"]
    sent = parsedate_to_datetime(msg["Date"])
    assert sent == datetime.fromisoformat(entry["email"]["date"]) > DEADLINE
    assert entry["late"] is True

    attachments = [p for p in msg.iter_attachments() if p.get_content_type() == XLSX_MIME]
    assert len(attachments) == 1
    assert attachments[0].get_filename() == entry["email"]["attachment"]
    sheet = _xlsx_content(attachments[0].get_content())["sheets"][0]
    assert ("B3", "'Vivalla'") in sheet["cells"]

    images = [p for p in msg.walk() if p.get_content_maintype() == "image"]
    assert len(images) == 1
    image = images[0]
    assert image.get_content_disposition() == "inline"
    cid = image["Content-ID"].strip("<>")
    html = msg.get_body(preferencelist=("html",)).get_content()
    assert f"cid:{cid}" in html
    assert _png_ok(image.get_content())
    assert "Hej! Här kommer veckans checklista för Vivalla" in " ".join(
        msg.get_body(preferencelist=("plain",)).get_content().split()
    )


# --------------------------------------------------------------------------- expected.json
def test_expected_covers_every_file(fresh, expected):
    on_disk = {f"inkorg/{p.name}" for p in (fresh / "inkorg").iterdir()}
    listed = [f["path"] for f in expected["files"]]
    assert len(listed) == len(set(listed))
    assert set(listed) == on_disk
    assert 10 <= expected["totals"]["reports"] <= 12
    formats = [f["format"] for f in expected["files"]]
    assert 4 <= formats.count("xlsx") <= 5 and formats.count("docx") == 3
    assert formats.count("csv") == 2 and formats.count("eml") == 1


def test_expected_is_consistent_with_the_schema(expected):
    schema = yaml.safe_load((ROOT / "est_cli" / "schema" / "data" / "orebro.yaml").read_text(encoding="utf-8"))
    item_ids = {item["id"] for section in schema["sections"] for item in section["items"]}
    unknown_labels = set()
    for entry in expected["files"]:
        assert entry["rows_read"] == entry["rows_stored"] + entry["rows_rejected"]
        assert entry["rows_rejected"] == len(entry["rejected_rows"])
        for report in entry["reports"]:
            assert report["week"] == WEEK
            assert report["area"] in expected["areas"]
            assert report["organisation_type"] in ("kommun", "polis", "fastighetsbolag")
            assert report["reporter"] and report["organisation"]
            assert all(count >= 0 for count in report["counts"].values())
            if report["style"] == "checklist":  # every item answered unless its row is rejected
                assert set(report["counts"]) >= item_ids - {"samlingsplats_ungdomar"}
            unknown_labels |= set(report["counts"]) - item_ids
    assert unknown_labels == {"Mopedåkning på gångvägar"}


def test_exactly_one_file_has_mistakes(expected):
    with_mistakes = [f for f in expected["files"] if any(x["code"] != "personnummer-masked" for x in f["findings"])]
    assert [f["path"] for f in with_mistakes] == ["inkorg/Fritidsgården Vivalla v47.xlsx"]
    mistakes = with_mistakes[0]
    assert mistakes["status"] == "warnings"  # rows are stored, so the file is not rejected
    assert mistakes["rejected_rows"] == [
        {"sheet": "Blad1", "row": 13, "label": "Samlingsplats för ungdomar", "code": "invalid-mark"}
    ]
    codes = {(x["code"], x["location"]["cell"]) for x in mistakes["findings"]}
    assert {("invalid-mark", "B13"), ("invalid-severity", "G11"), ("unknown-item", "A17")} <= codes
    others = [f for f in expected["files"] if f is not mistakes]
    assert sum(1 for f in others if f["status"] != "ok") == 1  # the personnummer file only
    assert sum(1 for f in expected["files"] if f["late"]) == 1


def test_findings_point_at_the_cells_that_hold_the_mistakes(fresh, expected):
    cells = {}
    for sheet in content_of(fresh / "inkorg" / "Fritidsgården Vivalla v47.xlsx")["sheets"]:
        cells.update({(sheet["title"], ref): value for ref, value in sheet["cells"]})
    assert cells[("Blad1", "B13")] == "'kanske'"
    assert cells[("Blad1", "G11")] == "7"
    assert cells[("Blad1", "A17")] == "'Mopedåkning på gångvägar'"

    obo = _file(expected, "ÖBO EST v47.xlsx")
    (pnr,) = obo["findings"]
    assert pnr["code"] == "personnummer-masked"
    sheets = {s["title"]: dict(s["cells"]) for s in content_of(fresh / obo["path"])["sheets"]}
    assert list(sheets) == ["Instruktioner", "Vivalla", "Baronbackarna"]
    comment = sheets[pnr["location"]["sheet"]][pnr["location"]["cell"]]
    assert _personnummer_in(comment)


# --------------------------------------------------------------------------- no individdata
def _personnummer_in(text: str) -> list[str]:
    from est_cli.privacy import _CANDIDATE, is_personnummer

    return [m.group(0) for m in _CANDIDATE.finditer(text) if is_personnummer(m.group(1), m.group(2))]


def test_one_valid_personnummer_in_the_whole_inbox(fresh):
    hits = {p.name: _personnummer_in(_all_text(p)) for p in (fresh / "inkorg").iterdir()}
    hits = {name: found for name, found in hits.items() if found}
    assert hits == {"ÖBO EST v47.xlsx": ["19811218-9876"]}


# --------------------------------------------------------------------------- README
def test_readme_names_every_file_and_the_totals(generator, expected):
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for entry in expected["files"]:
        assert f"`{entry['path'].removeprefix('inkorg/')}`" in readme
    table = readme.split("<!-- summa-start -->")[1].split("<!-- summa-slut -->")[0]
    rows = [line.strip("|").split("|") for line in table.strip().splitlines()[2:]]
    in_readme = {cells[0].strip(): (int(cells[1]), int(cells[2])) for cells in rows}
    per_area = expected["totals"]["per_area"]
    keys = list(generator.LABELS) + ["Mopedåkning på gångvägar"]
    for key in keys:
        label = generator.LABELS.get(key, f"{key} (okänd punkt)")
        assert in_readme[label] == (per_area["Vivalla"].get(key, 0), per_area["Baronbackarna"].get(key, 0)), label
    assert len(in_readme) == len(keys)
