"""Every command's terminal output fits 80 columns (issue 13): tables, help, messages. A file path is
the one thing allowed to run past the edge – it stands on a line of its own and is never broken."""

from __future__ import annotations

import pytest

from est_cli.cli import COMMANDS

from helpers import run_est as est


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo80") / "demo"
    made = est("demo", str(root))
    assert made.returncode == 0, made.stderr
    return root


def too_wide(text: str, root) -> list[str]:
    return [line for line in text.splitlines() if len(line) > 80 and str(root) not in line]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_fits_and_speaks_swedish(name):
    ran = est(name, "--help")
    assert ran.returncode == 0, ran.stderr
    assert too_wide(ran.stdout, "/") == []
    for english in ("Usage:", "Show this message", "[default:", "<bool>", "<str>", "<path>", "Options ", "Arguments "):
        assert english not in ran.stdout, (name, english)
    assert "Användning: est" in ran.stdout and "Visa den här hjälpen och avsluta." in ran.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["rapport", "list"],
        ["rapport", "visa", "3"],
        ["logg"],
        ["schema", "show", "malmo"],
        ["schema", "show", "boras"],
        ["schema", "list"],
        ["trend", "--quarter", "2026-Q4"],
        ["insats", "list"],
        ["alias", "list"],
        ["merge", "--alla"],
        ["merge", "--dryrun"],
        ["mrege"],
        ["område", "byt", "Vivalla", "Vivalla"],
    ],
)
def test_output_fits_80_columns(demo, args):
    ran = est(*args, cwd=demo)
    assert ran.returncode in (0, 1, 2), ran.stderr
    assert "Traceback" not in ran.stderr and "Oväntat fel" not in ran.stderr
    assert too_wide(ran.stdout + ran.stderr, demo) == []
