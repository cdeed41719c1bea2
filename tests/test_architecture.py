"""The package's shape, checked by reading its source (docs/architecture.md): the core never imports the
CLI libraries, no module uses another module's private names, the layers run one way, modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "est_cli"
CLI = PACKAGE / "cli"
MODULES = sorted(PACKAGE.rglob("*.py"))
CORE = [m for m in MODULES if CLI not in m.parents and m != PACKAGE / "__main__.py"]  # __main__ starts the CLI
MAX_MODULE_LINES = 500


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """Every import in the module, also those inside functions: (module, names, line)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [alias.name for alias in node.names], node.lineno))
    return found


def test_the_package_is_where_the_tests_look():
    assert len(CORE) > 40 and (CLI / "__init__.py").is_file()


@pytest.mark.parametrize("path", CORE, ids=module_name)
def test_core_module_never_imports_typer_rich_or_click(path):
    """Only est_cli.cli prints and parses arguments; the core takes and returns plain data."""
    banned = [
        (module, line)
        for module, _, line in imports(path)
        if module.split(".")[0] in ("typer", "rich", "click") or module.startswith("est_cli.cli")
    ]
    assert banned == []


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_no_module_imports_another_modules_private_names(path):
    private = [
        (module, name, line)
        for module, names, line in imports(path)
        if module.startswith("est_cli") and module != module_name(path)
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert private == []


def test_only_the_cli_and_the_demo_run_a_merge():
    """render, workbook and trend read the compiled week (est_cli.weekview); the merge is a job the CLI
    (and the demo, which is the CLI's job on example data) runs."""
    allowed = {"est_cli.demo"}
    users = sorted(
        {
            module_name(p)
            for p in CORE
            for module, _, _ in imports(p)
            if module == "est_cli.merge" and module_name(p) not in allowed
        }
    )
    assert users == []


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_module_stays_small(path):
    """A module that grows past ~500 lines holds more than one concept: split it (docs/architecture.md)."""
    assert path.read_text("utf-8").count("\n") <= MAX_MODULE_LINES
