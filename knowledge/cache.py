"""A per-user cache of the answering engine built over the bundled knowledge base (cold start of `gdpr-bot ask`).

Loading and validating the five files and indexing them takes about 0.25 s; unpickling the built engine about a
fifth of that. The cache file is named by a hash of everything the build reads: the data files, the knowledge
package's source and the Python version, so an edited file or a new engine builds afresh. Any problem reading or
writing the cache falls back to building in memory. GDPR_BOT_CACHE_DIR sets the folder; "off" disables the cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from knowledge.answer import Answerer

_PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    """The cache folder (GDPR_BOT_CACHE_DIR, else the per-user cache folder); None when caching is off."""
    override = os.environ.get("GDPR_BOT_CACHE_DIR")
    if override is not None:
        return None if override.strip().lower() in ("", "off", "0", "no") else Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("gdpr-bot", appauthor=False))


def build_key(data_dir: Path) -> str:
    """A hash of the inputs of a build: data files, the knowledge package's code, the Python version."""
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted([*data_dir.glob("*.toml"), *_PACKAGE.glob("*.py"), *_PACKAGE.glob("data/*.jsonl")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


def cached_answerer(data_dir: Path) -> Answerer:
    """The engine over the knowledge base in `data_dir`: from the cache when it holds this build, else built (and
    stored). Raises the loader's KnowledgeBaseError for an invalid file, as a build does."""
    from knowledge.answer import Answerer
    from knowledge.loader import load_knowledge_base

    folder = cache_dir()
    path = folder / f"answerer-{build_key(data_dir)}.pickle" if folder is not None else None
    if path is not None:
        try:
            with path.open("rb") as f:
                engine = pickle.load(f)
            if isinstance(engine, Answerer):
                return engine
        except Exception:  # noqa: BLE001 - a missing, stale or damaged cache only means building afresh
            pass
    engine = Answerer(load_knowledge_base(data_dir))
    if path is not None:
        engine.framing  # noqa: B018 - learned now, so that the cached engine carries it
        _store(engine, path)
    return engine


def _store(engine: Answerer, path: Path) -> None:
    """Write the engine to the cache atomically; a failure leaves no file behind and is not an error."""
    tmp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=".answerer-")
        tmp = Path(name)
        with os.fdopen(fd, "wb") as f:
            pickle.dump(engine, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
        for old in path.parent.glob("answerer-*.pickle"):  # earlier builds
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        pass
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
