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
def today():
    return date(2026, 11, 20)
