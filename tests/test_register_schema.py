"""The register's schema: migrations and models agree, upgrades are idempotent, SQLite is set up right."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest
from sqlalchemy import text

from bot.cli import main
from deadlines import db


def test_models_and_migrations_agree(register_db: Any) -> None:
    """compare_metadata finds nothing, and alembic.command.check passes (no new upgrade operations)."""
    from alembic import command

    assert db.schema_diff(register_db.engine) == []
    with register_db.engine.connect() as conn:
        command.check(db.alembic_config(conn))
    assert db.current_revision(register_db.engine) == db.head_revision()


def test_upgrade_is_idempotent(register_db: Any) -> None:
    """A second upgrade (every register command runs one) changes nothing."""
    head = db.head_revision()
    assert db.upgrade(register_db.engine) == (head, head)


def test_downgrade_then_upgrade(register_empty_url: tuple[str, str]) -> None:
    """The first migration can be reverted and applied again."""
    from alembic import command

    _, url = register_empty_url
    engine = db.make_engine(url)
    try:
        assert db.upgrade(engine) == (None, db.head_revision())
        with engine.begin() as conn:
            command.downgrade(db.alembic_config(conn), "base")
        assert db.current_revision(engine) is None
        db.upgrade(engine)
        assert db.schema_diff(engine) == []
    finally:
        engine.dispose()


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path: Any) -> None:
    """The pragmas the design notes require, on every connection."""
    engine = db.open_register(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.SQLITE_BUSY_TIMEOUT_MS
    finally:
        engine.dispose()


class LockedCursor:
    """A DB-API cursor whose journal-mode statements fail with "database is locked" `locked` times."""

    def __init__(self, locked: int, mode: str = "delete", error: str = "database is locked") -> None:
        self.locked, self.mode, self.error = locked, mode, error
        self.statements: list[str] = []

    def execute(self, sql: str) -> LockedCursor:
        """Record `sql`; fail while locked; switching sets the mode."""
        self.statements.append(sql)
        if self.locked:
            self.locked -= 1
            raise sqlite3.OperationalError(self.error)
        if sql.endswith("= WAL"):
            self.mode = "wal"
        return self

    def fetchone(self) -> tuple[str]:
        """The journal mode."""
        return (self.mode,)


def test_switching_to_wal_retries_while_another_process_holds_the_file() -> None:
    """Two processes opening a new file at once: the switch to WAL fails fast with "locked" (no busy wait)."""
    cursor = LockedCursor(locked=3)
    db._use_wal(cursor, busy_timeout_ms=5_000)
    assert cursor.mode == "wal" and cursor.statements[-1] == "PRAGMA journal_mode = WAL"


def test_a_file_already_in_wal_is_not_switched_again() -> None:
    """WAL is stored in the file: later connections only read the mode."""
    cursor = LockedCursor(locked=0, mode="wal")
    db._use_wal(cursor, busy_timeout_ms=5_000)
    assert cursor.statements == ["PRAGMA journal_mode"]


def test_switching_to_wal_gives_up_after_the_busy_timeout_and_on_other_errors() -> None:
    """A file that stays locked fails after the busy timeout; any other error is not retried."""
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        db._use_wal(LockedCursor(locked=10_000), busy_timeout_ms=50)
    broken = LockedCursor(locked=5, error="disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk"):
        db._use_wal(broken, busy_timeout_ms=5_000)
    assert len(broken.statements) == 1


def test_sqlite_write_sessions_begin_immediate(tmp_path: Any) -> None:
    """A write session holds the write lock from its first statement (no 'database is locked' upgrades)."""
    engine = db.open_register(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    other = db.make_engine(f"sqlite:///{tmp_path / 'r.sqlite3'}", connect_args={"timeout": 0.05})
    try:
        with db.write_session(engine) as session:
            session.execute(text("SELECT 1"))  # a read only; BEGIN IMMEDIATE has taken the lock anyway
            with pytest.raises(db.StorageError, match="locked"):
                with db.write_session(other) as competing:
                    competing.execute(text("SELECT 1"))
    finally:
        engine.dispose()
        other.dispose()


def test_sqlite_file_in_a_new_directory(tmp_path: Any) -> None:
    """The per-user data path may not exist yet."""
    engine = db.open_register(f"sqlite:///{tmp_path / 'a' / 'b' / 'register.sqlite3'}")
    engine.dispose()
    assert (tmp_path / "a" / "b" / "register.sqlite3").exists()


def test_db_upgrade_and_check_commands(register_empty_url: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    """`gdpr-bot db upgrade` migrates once, then says it is up to date; `db check` agrees."""
    _, url = register_empty_url
    assert main(["db", "upgrade", "--database", url, "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["from"] is None and first["to"] == db.head_revision() and first["changed"]
    assert main(["db", "upgrade", "--database", url]) == 0
    assert "already at" in capsys.readouterr().out
    assert main(["db", "check", "--database", url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True


def test_db_check_fails_on_an_empty_database(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """`db check` exits 1 before the first upgrade."""
    assert main(["db", "check", "--database", f"sqlite:///{tmp_path / 'x.sqlite3'}"]) == 1
    assert "NOT up to date" in capsys.readouterr().out


def test_storage_errors_do_not_quote_row_data(register_db: Any) -> None:
    """A constraint violation's message (PostgreSQL quotes the failing row) loses its detail lines."""
    with pytest.raises(db.StorageError) as err:
        with db.write_session(register_db.engine) as session:
            session.execute(
                text(
                    "INSERT INTO dsr_event (request_ref, at, actor, action, details) "
                    "VALUES ('secret@example.com', CURRENT_TIMESTAMP, NULL, 'x', '{}')"
                )
            )
    assert "secret@example.com" not in str(err.value)
    assert err.value.__cause__ is None and err.value.__suppress_context__
