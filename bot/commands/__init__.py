"""Command-line subcommands: each module exposes `register(subparsers)` and keeps heavy imports lazy."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from knowledge.answer import Answerer
    from knowledge.model import KnowledgeBase


def load_knowledge_base() -> KnowledgeBase:
    """The bundled knowledge base; an invalid file becomes a one-line CLI error."""
    from bot.cli import CliError
    from knowledge.loader import KnowledgeBaseError, default_knowledge_base

    try:
        return default_knowledge_base()
    except KnowledgeBaseError as exc:
        raise CliError(f"invalid knowledge base: {exc}") from exc


def load_answerer() -> Answerer:
    """The answering engine over the bundled knowledge base (invalid files: a one-line CLI error)."""
    from bot.cli import CliError
    from knowledge.answer import default_answerer
    from knowledge.loader import KnowledgeBaseError

    try:
        return default_answerer()  # from the per-user cache when it holds this build (knowledge.cache)
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
