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
    from test_workbook import sample_view

    from est_cli.workbook import write_week_workbook

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

    from est_cli.outputs.atomic import write_atomically

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


def test_an_output_open_in_excel_is_a_swedish_message(tmp_path, monkeypatch, capsys):
    """Windows refuses to replace a file that Excel has open: one Swedish line, exit 2, the old file kept."""
    import sys

    import est_cli.outputs.atomic as atomic
    from est_cli.cli import main

    target = tmp_path / "checklista.xlsx"
    target.write_bytes(b"the old one")

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr(atomic.os, "replace", locked)
    argv = ["est", "template", "--schema", "orebro", "--format", "xlsx", "-o", str(target), "--force"]
    monkeypatch.setattr(sys, "argv", argv)
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 2
    message = " ".join(capsys.readouterr().err.split())
    assert "öppen i ett annat program (t.ex. Excel eller Word)" in message and "Traceback" not in message
    assert target.read_bytes() == b"the old one"
    assert [p.name for p in tmp_path.iterdir()] == ["checklista.xlsx"]  # no temporary file left


def test_merge_with_the_workbook_open_keeps_the_archive_and_says_run_again(tmp_path, monkeypatch, capsys):
    import os
    import sys

    import est_cli.outputs.atomic as atomic
    from est_cli.cli import main
    from est_cli.demo import make_demo_workspace

    ws, _ = make_demo_workspace(tmp_path / "ws")
    real_replace = os.replace

    def locked(src, dst):
        raise PermissionError(13, "used by another process")

    monkeypatch.setattr(atomic.os, "replace", locked)
    monkeypatch.setattr(sys, "argv", ["est", "merge", "--workspace", str(ws.root), "--week", "2026-W47"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 2
    message = " ".join(capsys.readouterr().err.split())
    assert "öppen i ett annat program" in message and "Veckan är redan sparad i arkivet" in message
    monkeypatch.setattr(atomic.os, "replace", real_replace)  # Excel closed: run again
    with pytest.raises(SystemExit) as again:
        main()
    assert again.value.code == 0
    assert "redan i arkivet" in capsys.readouterr().err
    assert (ws.root / "utkast" / "2026-W47" / "sammanstallning-2026-W47.xlsx").is_file()
