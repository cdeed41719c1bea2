"""Outputs are written to a temporary file and moved into place (design.md): a save that fails
halfway leaves the previous file exactly as it was, and no temporary file behind.

(A SIGKILL during the save cannot clean up: tests/test_crash.py checks that the file at the
output path is still whole then, and that what is left is a hidden `.…xlsx.….tmp` beside it.)
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest


def half_then_fail(self, target, *args, **kwargs):
    """A save that dies halfway: some bytes written to its target, then an error."""
    Path(target).write_bytes(b"PK\x03\x04 half a file")
    raise OSError("disken är full")


def previous_file(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("förra.txt", "förra veckans fil")
    return path.read_bytes()


def test_week_workbook_failing_halfway_keeps_the_previous_file(tmp_path, monkeypatch):
    from openpyxl import Workbook

    from est_cli.workbook import write_week_workbook
    from test_workbook import sample_view

    path = tmp_path / "utkast" / "2026-W47" / "sammanstallning-2026-W47.xlsx"
    before = previous_file(path)
    monkeypatch.setattr(Workbook, "save", half_then_fail)
    with pytest.raises(OSError):
        write_week_workbook(sample_view(), path)
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_veckolagesbild_failing_halfway_keeps_the_previous_file(tmp_path, monkeypatch):
    import docx
    from docxtpl import DocxTemplate

    from est_cli.render.docx import fill_and_save, open_template

    template = tmp_path / "mall.docx"
    document = docx.Document()
    document.add_paragraph("Vecka {{ vecka }}")
    document.save(str(template))
    out = tmp_path / "utkast" / "veckolagesbild-2026-W47.docx"
    before = previous_file(out)

    fill_and_save(open_template(template), template, {"vecka": "47"}, out, title="t", subject="s", keywords="k")
    assert "Vecka 47" in [p.text for p in docx.Document(str(out)).paragraphs]  # the real save works
    written = out.read_bytes()

    monkeypatch.setattr(DocxTemplate, "save", half_then_fail)
    with pytest.raises(OSError):
        fill_and_save(open_template(template), template, {"vecka": "48"}, out, title="t", subject="s", keywords="k")
    assert out.read_bytes() == written != before
    assert [p.name for p in out.parent.iterdir()] == [out.name]


def test_checklist_docx_failing_halfway_keeps_the_previous_file(tmp_path, monkeypatch, orebro):
    from docx.document import Document

    from est_cli.templating.checklist_docx import write_docx_template

    path = tmp_path / "checklista.docx"
    before = previous_file(path)
    monkeypatch.setattr(Document, "save", half_then_fail)
    with pytest.raises(OSError):
        write_docx_template(orebro, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_temporary_files_left_by_a_killed_run_are_removed_when_old(tmp_path):
    """A kill leaves `.name.pid.random.tmp`; the next write of that file removes those older than an
    hour, and never a young one (another run may be writing it now)."""
    import os
    import time

    from est_cli.templating import write_atomically

    target = tmp_path / "sammanstallning-2026-W47.xlsx"
    old = tmp_path / ".sammanstallning-2026-W47.xlsx.123.abcd1234.tmp"
    young = tmp_path / ".sammanstallning-2026-W47.xlsx.456.ef567890.tmp"
    other = tmp_path / ".veckolagesbild-2026-W47.docx.123.abcd1234.tmp"
    for p in (old, young, other):
        p.write_bytes(b"PK half")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    os.utime(other, (two_hours_ago, two_hours_ago))
    write_atomically(target, lambda tmp: tmp.write_bytes(b"whole"))
    assert target.read_bytes() == b"whole"
    assert not old.exists() and young.exists() and other.exists()
