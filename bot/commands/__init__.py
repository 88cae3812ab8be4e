"""Command-line subcommands: each module exposes `register(subparsers)` and keeps heavy imports lazy."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from knowledge.answer import Answerer
    from knowledge.model import KnowledgeBase


def load_knowledge_base() -> KnowledgeBase:
    """The bundled knowledge base; an invalid file becomes a one-line CLI error."""
    from knowledge.loader import default_knowledge_base

    with _invalid_knowledge_base_is_a_cli_error():
        return default_knowledge_base()


def load_answerer() -> Answerer:
    """The answering engine over the bundled knowledge base (invalid files: a one-line CLI error)."""
    from knowledge.answer import default_answerer

    with _invalid_knowledge_base_is_a_cli_error():
        return default_answerer()  # from the per-user cache when it holds this build (knowledge.cache)


@contextmanager
def _invalid_knowledge_base_is_a_cli_error() -> Iterator[None]:
    """Turn a knowledge-base validation error into the CLI's one-line error."""
    from bot.cli import CliError
    from knowledge.loader import KnowledgeBaseError

    try:
        yield
    except KnowledgeBaseError as exc:
        raise CliError(f"invalid knowledge base: {exc}") from exc


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (driver errors go on with details, sometimes row data)."""
    return (str(exc).strip().splitlines() or [""])[0]


def open_database(url: str, *, migrate: bool = True) -> Engine:
    """The register's engine (migrated unless `migrate` is false); a bad URL or an unreachable server is a one-line CLI error."""
    from bot.cli import CliError
    from deadlines.db import open_register

    try:
        return open_register(url, migrate=migrate)
    except Exception as exc:
        raise CliError(f"cannot open the register database: {type(exc).__name__}: {first_line(exc)}") from exc
