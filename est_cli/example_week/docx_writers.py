"""The example week's Word documents: the table helper, the fixed core properties
(`_save_document`) and one writer per .docx file."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from est_cli.example_week.determinism import normalise_ooxml
from est_cli.example_week.spec import InboxFile, IntendedRow
from est_cli.outputs.docx import make_settings_valid


def _save_document(doc: Any, path: Path, saved: datetime, author: str) -> None:
    utc = saved.astimezone(UTC).replace(tzinfo=None)
    props = doc.core_properties
    props.author = author
    props.last_modified_by = author
    props.created = utc - timedelta(days=40)
    props.modified = utc
    props.revision = 3
    props.title = ""
    props.comments = ""
    make_settings_valid(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(normalise_ooxml(buffer.getvalue(), saved))


def _docx_table(doc: Any, columns: list[tuple[str, str]], rows: list[IntendedRow]) -> Any:
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, (title, _) in zip(table.rows[0].cells, columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(title).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, (_, attr) in zip(cells, columns, strict=True):
            value = row.value(attr)
            text = "" if value is None else str(value)
            lines = text.split("\n")
            cell.text = lines[0]
            for extra in lines[1:]:  # a comment written over two lines in the cell
                cell.add_paragraph(extra)
    return table


def write_faltgruppen(spec: InboxFile, path: Path) -> None:
    from docx import Document

    report = spec.reports[0]
    doc = Document()
    doc.add_heading("Veckorapport EST – Fältgruppen", level=1)
    for line in ["Vecka: 47", "Område: Vivalla", "Organisation: Kommun", "Rapportör: Fältgruppen", "Datum: 2026-11-18"]:
        doc.add_paragraph(line)
    doc.add_paragraph("Händelser under veckan (fältarbete tis–ons kväll):")
    _docx_table(
        doc,
        [("Punkt", "label"), ("Ja/Nej", "mark"), ("Antal", "antal"), ("Plats", "plats"), ("Kommentar", "kommentar")],
        report.rows,
    )
    doc.add_paragraph("")
    doc.add_paragraph("Vi är ute igen fredag kväll. Hör av er vid frågor.")
    _save_document(doc, path, spec.saved, "Fältgruppen")


def write_vivallaskolan(spec: InboxFile, path: Path) -> None:
    from docx import Document

    report = spec.reports[0]
    doc = Document()
    doc.add_paragraph().add_run("EST – Rapport från skolan").bold = True
    head = doc.add_table(rows=0, cols=2)
    head.style = "Table Grid"
    for label, value in [
        ("Vecka", "v 47"),
        ("Område", "Vivalla"),
        ("Verksamhet", "Kommun"),
        ("Rapportör", "Vivallaskolan, skolledningen"),
        ("Datum", "2026-11-17"),
    ]:
        cells = head.add_row().cells
        cells[0].text = label
        cells[1].text = value
    doc.add_paragraph("")
    doc.add_paragraph("Markera med ☒ om något förekommit under veckan, annars ☐.")
    _docx_table(
        doc,
        [("Punkt", "label"), ("Förekomst", "mark"), ("Antal", "antal"), ("Plats", "plats"), ("Kommentar", "kommentar")],
        report.rows,
    )
    _save_document(doc, path, spec.saved, "Vivallaskolan")


def write_fritidsgarden_baronbackarna(spec: InboxFile, path: Path) -> None:
    from docx import Document

    report = spec.reports[0]
    doc = Document()
    doc.add_paragraph("EST  veckorapport  fritidsgården")
    for line in [
        "Vecka:47",
        "Område :  Baronbackarna",
        "Organisation: kommun",
        "Rapportör: Fritidsgården Baronbackarna ",
        "Datum: 18.11.2026",
    ]:
        doc.add_paragraph(line)
    doc.add_paragraph("")
    _docx_table(
        doc,
        [("Punkt", "label"), ("Förekomst", "mark"), ("Antal", "antal"), ("Plats", "plats"), ("Kommentar", "kommentar")],
        report.rows,
    )
    _save_document(doc, path, spec.saved, "Fritidsgården")
