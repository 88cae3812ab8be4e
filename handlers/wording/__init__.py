"""Every user-facing sentence, in Danish, Swedish and English: one place, looked up by key.

Each area keeps its catalogue in a module of this package (`common`, `ask`, `deadlines`,
`register`, ...) as a dict `MESSAGES: {key: {"da": ..., "sv": ..., "en": ...}}`; `t()` formats one.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

LANGUAGES: tuple[str, ...] = ("da", "sv", "en")
DEFAULT_LANGUAGE = "en"

_CATALOGUE: dict[str, dict[str, str]] | None = None


def _catalogue() -> dict[str, dict[str, str]]:
    """All message catalogues of this package, merged (each key defined once)."""
    global _CATALOGUE
    if _CATALOGUE is None:
        merged: dict[str, dict[str, str]] = {}
        for info in pkgutil.iter_modules(__path__):
            module = importlib.import_module(f"{__name__}.{info.name}")
            for key, texts in getattr(module, "MESSAGES", {}).items():
                if key in merged:
                    raise RuntimeError(f"wording key {key!r} is defined twice ({info.name})")
                missing = [lang for lang in LANGUAGES if lang not in texts]
                if missing:
                    raise RuntimeError(f"wording key {key!r} has no {', '.join(missing)} text")
                merged[key] = texts
        _CATALOGUE = merged
    return _CATALOGUE


def language_or_default(language: str | None) -> str:
    """A supported language code, English when unknown."""
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, language: str | None, /, **values: Any) -> str:
    """The message `key` in `language`, formatted with `values` (str.format syntax)."""
    texts = _catalogue()[key]
    return texts[language_or_default(language)].format(**values)


def has(key: str) -> bool:
    """Whether the catalogue defines `key`."""
    return key in _catalogue()
