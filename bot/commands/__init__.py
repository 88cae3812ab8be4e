"""Command-line subcommands: each module exposes `register(subparsers)` and keeps heavy imports lazy."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
    from knowledge.answer import default_answerer

    load_knowledge_base()  # loads and validates once (cached); default_answerer() reuses it
    return default_answerer()
