"""Shared pytest fixtures. Each area keeps its fixtures in its own clearly named section."""

from __future__ import annotations

import dataclasses
import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

# --- knowledge: this test run's own engine cache (knowledge.cache), never the user's ---------------------

os.environ["GDPR_BOT_CACHE_DIR"] = tempfile.mkdtemp(prefix="gdpr-bot-test-cache-")

# --- register of data-subject requests (tests/test_register*.py) -------------------------------

REGISTER_PG_ENV = "GDPR_BOT_TEST_DATABASE_URL"
# 22 Nov 2026, 10:00 in Copenhagen: the register tests' "now".
REGISTER_NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@dataclass
class RegisterDatabase:
    """A migrated, empty register database for one test: its kind, URL (usable by subprocesses) and engine."""

    kind: str
    url: str
    engine: Any


def register_pg_schema_url(base: str, schema: str) -> str:
    """`base` with the PostgreSQL search_path set to `schema` (works in subprocesses too)."""
    from sqlalchemy import make_url

    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@contextmanager
def register_empty_database(kind: str, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database: a SQLite file, or a fresh PostgreSQL schema dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'register.sqlite3'}"
        return
    base = os.environ.get(REGISTER_PG_ENV)
    if not base:
        pytest.skip(f"{REGISTER_PG_ENV} is not set")
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield register_pg_schema_url(base, schema)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


REGISTER_DB_PARAMS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=REGISTER_DB_PARAMS)
def register_empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(kind, URL) of an empty, unmigrated database: SQLite always, PostgreSQL when configured."""
    with register_empty_database(request.param, tmp_path) as url:
        yield request.param, url


@pytest.fixture(params=REGISTER_DB_PARAMS)
def register_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RegisterDatabase]:
    """A migrated register database: SQLite always, PostgreSQL when GDPR_BOT_TEST_DATABASE_URL is set."""
    from deadlines.db import open_register

    with register_empty_database(request.param, tmp_path) as url:
        engine = open_register(url)
        try:
            yield RegisterDatabase(request.param, url, engine)
        finally:
            engine.dispose()


@pytest.fixture
def register_clock() -> Any:
    """A fixed clock at REGISTER_NOW (tests move it with .advance; nothing sleeps)."""
    from deadlines.clock import FixedClock

    return FixedClock(REGISTER_NOW)


@pytest.fixture(scope="session")
def register_kb() -> Any:
    """The bundled knowledge base plus `testshop-se`, a Swedish copy of iMusic (country SE, language sv)."""
    from knowledge.loader import default_knowledge_base
    from knowledge.model import KnowledgeBase

    base = default_knowledge_base()
    imusic = base.get("imusic")
    assert imusic is not None
    swedish = dataclasses.replace(imusic, slug="testshop-se", display_name="Testshop SE", country="SE", language="sv")
    return KnowledgeBase({**base.organisations, swedish.slug: swedish})
