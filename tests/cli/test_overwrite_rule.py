"""One overwrite rule (issue 13): every command that writes a named file refuses to replace it without
--force (exit 2, the file untouched), and takes the format from the file's extension."""

from __future__ import annotations

import zipfile

import pytest

from helpers import run_est as est
from helpers import said


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo") / "demo"
    made = est("demo", str(root))
    assert made.returncode == 0, made.stderr
    return root


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("checklista.xlsx", ["template", "--schema", "orebro", "-o"]),
        ("arkiv.zip", ["arkiv", "export"]),
        ("figurer.xlsx", ["trend", "--quarter", "2026-Q4", "--format", "xlsx", "-o"]),
        ("trend.csv", ["trend", "--quarter", "2026-Q4", "-o"]),
        ("diagram.png", ["trend", "--quarter", "2026-Q4", "--chart"]),
    ],
)
def test_a_named_file_is_replaced_only_with_force(demo, tmp_path, name, args):
    target = tmp_path / name
    target.write_bytes(b"edited by a person")
    refused = est(*args, str(target), cwd=demo)
    assert refused.returncode == 2, refused.stderr
    assert said(refused) == f"Fel: {target} finns redan. Använd --force för att skriva över den."
    assert target.read_bytes() == b"edited by a person"
    replaced = est(*args, str(target), "--force", cwd=demo)
    assert replaced.returncode == 0, replaced.stderr
    assert target.read_bytes() != b"edited by a person"


def test_template_takes_its_format_from_the_file_name(tmp_path):
    target = tmp_path / "checklista.docx"
    made = est("template", "--schema", "boras", "-o", str(target))
    assert made.returncode == 0, made.stderr
    assert "word/document.xml" in zipfile.ZipFile(target).namelist()
