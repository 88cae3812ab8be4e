"""Database plumbing for the register: engines, read/write sessions and Alembic migrations.

SQLite (the default, one file per user) gets WAL, foreign keys, a busy timeout and `BEGIN
IMMEDIATE` for write transactions, so concurrent writers queue instead of failing with "database is
locked". PostgreSQL (`postgresql+psycopg://...`) is production. Migrations run from code (no
alembic.ini), so they work from an installed package.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

log = logging.getLogger("gdpr_bot.register.db")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Execution option that marks a write transaction (BEGIN IMMEDIATE on SQLite).
_WRITE_OPTION = "gdpr_bot_write"
# Serialises concurrent `upgrade` runs on PostgreSQL (pg_advisory_xact_lock key).
_PG_MIGRATION_LOCK = 0x6764_7072  # "gdpr"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite files get WAL, foreign keys, busy_timeout and explicit BEGINs."""
    parsed = make_url(url)
    # Bound parameters (subject references among them) never reach logs or exception messages.
    kwargs.setdefault("hide_parameters", True)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:"):
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        connect_args = kwargs.setdefault("connect_args", {})
        timeout_s = connect_args.setdefault("timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
        engine = create_engine(parsed, **kwargs)
        _configure_sqlite(engine, int(timeout_s * 1000))
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(parsed, **kwargs)


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """Per-connection pragmas, and take over BEGIN so writes can use BEGIN IMMEDIATE."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        """Pragmas for every new SQLite connection; disable the driver's own transaction handling."""
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
            cursor.execute("PRAGMA foreign_keys = ON")
            _use_wal(cursor, busy_timeout_ms)
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        """BEGIN IMMEDIATE for write transactions (the write lock is taken up front), else BEGIN."""
        immediate = conn.get_execution_options().get(_WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _use_wal(cursor: Any, busy_timeout_ms: int) -> None:
    """Switch the file to WAL, retrying while another process holds it (the switch ignores busy_timeout)."""
    deadline = time.monotonic() + busy_timeout_ms / 1000
    delay = 0.005
    while True:
        try:
            # WAL is stored in the file: once any process has switched it, this is a no-op read.
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


def is_sqlite(engine: Engine | Connection) -> bool:
    """Whether this engine or connection talks to SQLite."""
    return engine.dialect.name == "sqlite"


class StorageError(RuntimeError):
    """A database error with only the first line of the driver's message.

    The driver's further lines can quote row values (PostgreSQL's "DETAIL: Failing row contains
    (...)"), and so a subject reference; this error keeps them out of logs and tracebacks.
    """

    def __init__(self, message: str, sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def _storage_error(exc: DBAPIError) -> StorageError:
    """A StorageError for `exc`: its class and the first line of the driver's message."""
    orig = exc.orig
    first = (str(orig).strip().splitlines() or [""])[0]
    return StorageError(f"{type(orig).__name__}: {first}", getattr(orig, "sqlstate", None))


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session in one write transaction (BEGIN IMMEDIATE on SQLite): committed, or rolled back on error.

    Database errors leave as StorageError, without the driver's detail lines (they may quote row data).
    """
    try:
        with Session(engine.execution_options(**{_WRITE_OPTION: True}), expire_on_commit=False) as session:
            with session.begin():
                yield session
    except DBAPIError as exc:
        raise _storage_error(exc) from None


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reading (one transaction, rolled back at the end)."""
    with Session(engine, expire_on_commit=False) as session:
        yield session  # closing the session rolls its transaction back


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Any:
    """An Alembic Config built in code (script location inside the package), bound to `connection`."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    """The newest migration revision shipped with the package."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Apply pending migrations; safe when several processes start at once. Returns (before, after)."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    head = head_revision()
    with engine.connect() as probe:
        before = MigrationContext.configure(probe).get_current_revision()
    if revision == "head" and before == head:
        return before, before
    writer = engine.execution_options(**{_WRITE_OPTION: True})
    with writer.connect() as conn:
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
            # Under the lock: another process may have migrated meanwhile.
            before = MigrationContext.configure(conn).get_current_revision()
            if not (revision == "head" and before == head):
                log.info("migrating the register from %s to %s", before or "an empty database", revision)
                command.upgrade(alembic_config(conn), revision)
            after = MigrationContext.configure(conn).get_current_revision()
    return before, after


def schema_diff(engine: Engine) -> list[Any]:
    """Differences between the models and the migrated database (empty when they agree)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from deadlines.models import Base

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        return list(compare_metadata(context, Base.metadata))


def open_register(url: str, *, migrate: bool = True, **kwargs: Any) -> Engine:
    """The register's engine for `url`, migrated to the newest schema unless `migrate` is false."""
    engine = make_engine(url, **kwargs)
    if migrate:
        upgrade(engine)
    return engine
