"""Alembic environment for the register; configured in code by `deadlines.db.alembic_config`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from deadlines.models import Base

target_metadata = Base.metadata


def _configure(**kwargs: object) -> None:
    """Options shared by online and offline runs (batch mode: SQLite cannot ALTER most things)."""
    context.configure(target_metadata=target_metadata, render_as_batch=True, compare_type=True, **kwargs)


def run_migrations_offline() -> None:
    """Emit SQL for `alembic upgrade --sql` without a database connection."""
    _configure(url=context.config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run against the connection `deadlines.db.upgrade` passes (it holds the migration lock)."""
    connection: Connection | None = context.config.attributes.get("connection")
    if connection is None:
        from deadlines.db import make_engine

        url = context.config.get_main_option("sqlalchemy.url")
        assert url, "no connection and no sqlalchemy.url"
        with make_engine(url).connect() as conn:
            _configure(connection=conn)
            with context.begin_transaction():
                context.run_migrations()
            conn.commit()
        return
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
