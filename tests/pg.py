"""A real PostgreSQL server for the archive tests: found through EST_TEST_PG_URL, one fresh database
per use, dropped afterwards. Without a server the PostgreSQL variants skip (and fail in CI, where
.ci/run starts one, so that a broken CI setup is noticed rather than skipped)."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import pytest

ENV = "EST_TEST_PG_URL"
HOW = (
    f"PostgreSQL not available: set {ENV}=postgresql+psycopg://est:est@127.0.0.1:5432/postgres "
    "(a role that may CREATE DATABASE; README, 'The archive on PostgreSQL' says how to start a throwaway server)"
)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


@lru_cache(maxsize=1)
def _server() -> tuple[str | None, str]:
    """(the server URL, '') when it answers, else (None, why not)."""
    url = os.environ.get(ENV, "").strip()
    if not url:
        return None, HOW
    try:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        if parsed.get_backend_name() != "postgresql":
            return None, f"{ENV} is not a postgresql URL. {HOW}"
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        engine = create_engine(parsed, connect_args={"connect_timeout": 5})
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        finally:
            engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any reason the server cannot be used is a skip reason
        return None, f"{HOW}. Connecting to {ENV} failed: {type(exc).__name__}: {str(exc).strip()[:300]}"
    return parsed.render_as_string(hide_password=False), ""


def server_url() -> str:
    """The server's URL, or skip the test (fail it in CI) with a message saying how to get one."""
    url, why = _server()
    if url is None:
        if in_ci():
            pytest.fail(f"CI=true but {why}", pytrace=False)
        pytest.skip(why)
    return url


@contextmanager
def fresh_database(tag: str = "") -> Iterator[str]:
    """A new, empty database on the test server; its URL. Dropped afterwards, connections or not."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = make_url(server_url())
    name = "est_test_" + re.sub(r"[^a-z0-9]+", "_", tag.lower())[:30].strip("_") + "_" + uuid.uuid4().hex[:8]
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            try:
                # Swedish sorting, as on a Swedish municipality's server (PostgreSQL 15+ with ICU), so
                # that no query relies on the byte order SQLite compares text in.
                conn.execute(
                    text(
                        f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
                        "LOCALE 'C.UTF-8' LOCALE_PROVIDER icu ICU_LOCALE 'sv-SE'"
                    )
                )
            except Exception:  # noqa: BLE001 - an older server or one without ICU: its default
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            _drop(admin, name)
    finally:
        admin.dispose()


def _drop(admin, name: str) -> None:
    """DROP DATABASE … WITH (FORCE), tried again a few times: FORCE may not end a server process of
    another role (an autovacuum worker that just started on the database), which then ends by itself."""
    import time

    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    for attempt in range(10):
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except DBAPIError:
            if attempt == 9:
                raise
            time.sleep(0.5)


def use_archive(ws, url: str | None):
    """Point a test workspace at the archive `url` in its est.toml, as a coordinator sharing a
    PostgreSQL archive would; None keeps the workspace's own SQLite file. Returns the workspace."""
    if url is None:
        return ws
    config = ws.root / "est.toml"
    text = config.read_text("utf-8")
    line = 'arkiv = "sqlite:///arkiv/est.db"'
    assert line in text, "est.toml without the default archive line"
    config.write_text(text.replace(line, f'arkiv = "{url}"'), "utf-8")
    ws.archive = url
    return ws
