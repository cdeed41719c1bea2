"""The command line as a user meets it: help texts, exit codes, Swedish messages, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from helpers import run_est as est

COMMANDS = [
    [],
    ["schema"],
    ["schema", "list"],
    ["schema", "show"],
    ["schema", "check"],
    ["template"],
    ["validate"],
    ["demo"],
    ["init"],
    ["merge"],
    ["render"],
    ["trend"],
    ["insats"],
    ["insats", "add"],
    ["arkiv"],
    ["arkiv", "export"],
    ["alias"],
    ["alias", "add"],
    ["plats"],
    ["plats", "list"],
    ["plats", "samma"],
    ["plats", "geokoda"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "est")
def test_every_command_has_swedish_help(command):
    result = est(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout or "Användning" in result.stdout
    assert any(ch in result.stdout for ch in "åäöÅÄÖ")


@pytest.mark.slow
def test_overview_lists_every_command_without_importing_them():
    """`est --help` shows each command's own first paragraph, yet imports none of the command modules."""
    import inspect

    from est_cli.cli import COMMANDS as REGISTERED
    from est_cli.cli import load_command

    for name, (_, _, summary) in REGISTERED.items():
        own = inspect.cleandoc(load_command(name).help or "").split("\n\n")[0].replace("\n", " ")
        assert summary == own, name
    code = (
        "import sys; sys.argv = ['est', '--help']\n"
        "from est_cli.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('est_cli.cli.')))"
    )
    env = dict(os.environ, COLUMNS="80", NO_COLOR="1")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.strip().splitlines()[-1] == "['est_cli.cli.common']"
    for name in REGISTERED:
        assert f"│ {name} " in result.stdout


@pytest.mark.slow
def test_core_does_not_import_typer_or_rich_console():
    code = (
        "import sys, est_cli.ingest, est_cli.validate, est_cli.schema, est_cli.readers, est_cli.privacy;"
        "print('typer' in sys.modules, 'rich.console' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_schema_list_and_show():
    result = est("schema", "list")
    assert result.returncode == 0
    for text in ("orebro", "boras", "malmo", "Örebro – EST-handboken 1.0", "varannan vecka"):
        assert text in result.stdout
    shown = est("schema", "show", "malmo")
    assert "Brottsutveckling under veckan" in shown.stdout and "Personrån" in shown.stdout
    data = json.loads(est("schema", "show", "orebro", "--json").stdout)
    assert data["id"] == "orebro" and len(data["sections"][0]["items"]) == 8


def test_schema_check_names_the_line(tmp_path):
    bad = tmp_path / "egen.yaml"
    bad.write_text(
        "id: egen\nname: Egen\nsections:\n  - id: a\n    title: A\n    items:\n      - id: b\n        label: B\n        theme: eld\n",
        "utf-8",
    )
    result = est("schema", "check", str(bad))
    assert result.returncode == 1
    assert "rad 9: okänt tema 'eld'" in result.stderr
    assert "Traceback" not in result.stderr
    good = tmp_path / "ok.yaml"
    good.write_text(bad.read_text("utf-8").replace("eld", "brand"), "utf-8")
    result = est("schema", "check", str(good))
    assert result.returncode == 0 and "är giltig" in result.stderr


def test_unknown_schema_is_a_usage_error_without_traceback(tmp_path):
    result = est("schema", "show", "goteborg")
    assert result.returncode == 2
    assert "okänd checklista" in result.stderr and "Traceback" not in result.stderr


def test_validate_without_schema_says_what_to_do(tmp_path):
    (tmp_path / "a.csv").write_text("Punkt;Antal\nBrand;1\n", "utf-8")
    result = est("validate", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert "--schema" in result.stderr and "Traceback" not in result.stderr


def _workspace_with_a_file(tmp_path):
    """A Malmö workspace (est init --schema MALMÖ) with one CSV checklist in its inbox."""
    ws = tmp_path / "ws"
    made = est("init", str(ws), "--schema", "MALMÖ", "--kommun", "Malmö")
    assert made.returncode == 0, made.stderr
    assert 'schema = "malmo"' in (ws / "est.toml").read_text("utf-8")
    (ws / "inkorg" / "seved.csv").write_text("Vecka;47\nOmråde;Seved\nPunkt;Antal\nBrand;1\n", "utf-8")
    return ws


def _checked_against(result) -> str:
    said = " ".join(result.stderr.split())
    assert "Traceback" not in said and "Fel:" not in said, said
    return said.split("mot checklistan ", 1)[1].split(". ", 1)[0]


def test_validate_inside_a_workspace_uses_its_schema(tmp_path):
    ws = _workspace_with_a_file(tmp_path)
    inside = est("validate", "seved.csv", cwd=ws / "inkorg", columns=200)
    assert _checked_against(inside) == "Malmö – checklista i fyra avsnitt"
    given = est("validate", str(ws / "inkorg"), "--workspace", str(ws), cwd=tmp_path, columns=200)
    assert _checked_against(given) == "Malmö – checklista i fyra avsnitt"
    # --schema still wins over est.toml.
    other = est("validate", "seved.csv", "--schema", "Örebro", cwd=ws / "inkorg", columns=200)
    assert _checked_against(other) == "Örebro – EST-handboken 1.0"


def test_validate_with_a_folder_that_is_no_workspace(tmp_path):
    (tmp_path / "a.csv").write_text("Punkt;Antal\nBrand;1\n", "utf-8")
    result = est("validate", str(tmp_path / "a.csv"), "--workspace", str(tmp_path), cwd=tmp_path, columns=200)
    assert result.returncode == 2
    assert "est.toml finns inte" in result.stderr and "Traceback" not in result.stderr


def test_validate_missing_path(tmp_path):
    result = est("validate", str(tmp_path / "finns-inte.xlsx"), "--schema", "orebro")
    assert result.returncode == 2 and "Hittar inte" in result.stderr


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_template_command_writes_the_file(tmp_path, fmt):
    target = tmp_path / f"checklista.{fmt}"
    result = est("template", "--schema", "boras", "--format", fmt, "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert target.stat().st_size > 2000
    assert "16 punkter" in result.stderr


def test_template_wrong_suffix(tmp_path):
    result = est("template", "--schema", "orebro", "--format", "xlsx", "-o", str(tmp_path / "x.docx"), columns=200)
    assert result.returncode == 2 and "ska sluta på .xlsx" in result.stderr


@pytest.mark.parametrize(
    "args", [["merge", "--year", "1999"], ["validate", "--nope", "x"], ["template", "--format", "pdf"]]
)
def test_usage_errors_exit_2_without_traceback(args, tmp_path):
    result = est(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.startswith("Fel: ")
    assert f"Se hjälpen: est {args[0]} --help" in result.stderr
