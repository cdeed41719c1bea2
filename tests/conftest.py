from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def orebro():
    from est_cli.schema import load_schema

    return load_schema("orebro")


@pytest.fixture(scope="session")
def malmo():
    from est_cli.schema import load_schema

    return load_schema("malmo")


@pytest.fixture(scope="session")
def boras():
    from est_cli.schema import load_schema

    return load_schema("boras")


@pytest.fixture
def demo_ws(tmp_path):
    """`est demo` run in a fresh folder: the example week merged, rendered, with its workspace."""
    from helpers import run_est

    done = run_est("demo", str(tmp_path / "demo"), columns=120)
    assert done.returncode == 0, done.stderr
    return tmp_path / "demo"


@pytest.fixture
def today():
    return date(2026, 11, 20)


# ------------------------------------------------------------------ the archive on both engines
# Archive tests take `db` (or `module_db` for module-scoped fixtures): None for the workspace's own
# SQLite file, or the URL of a fresh PostgreSQL database (tests/pg.py; skipped without a server).
ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)]


def _archive_url(request):
    if request.param == "sqlite":
        yield None
        return
    import pg

    with pg.fresh_database(request.node.name) as url:
        yield url


@pytest.fixture(params=ENGINES)
def db(request):
    yield from _archive_url(request)


@pytest.fixture(scope="module", params=ENGINES)
def module_db(request):
    yield from _archive_url(request)
