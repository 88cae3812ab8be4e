"""Plain-dict (JSON) export of the knowledge base, for `gdpr-bot kb list --json` and reviewers."""

from __future__ import annotations

import dataclasses
from typing import Any

from knowledge.model import KnowledgeBase, LegalBasis, Organisation, Recipient, Text


def _plain(value: Any) -> Any:
    """Recursively turn dataclasses, tuples and Texts into JSON-ready values."""
    if isinstance(value, Text):
        return value.as_dict()
    if isinstance(value, LegalBasis):
        return {"code": value.code, "ref": value.ref, "label": value.label.as_dict()}
    if isinstance(value, Recipient):
        return value.id
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            if f.name in ("path", "policy") and not isinstance(value, Organisation):
                continue
            item = getattr(value, f.name)
            out["from" if f.name == "start" else f.name] = _plain(item)
        return out
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def organisation_dict(org: Organisation) -> dict[str, Any]:
    """One organisation as a JSON-ready dict (recipients in full; topics refer to them by id)."""
    out = _plain(org)
    out.pop("path", None)
    out["recipients"] = [
        {k: _plain(v) for k, v in ((f.name, getattr(r, f.name)) for f in dataclasses.fields(r))}
        for r in org.recipients
    ]
    return out


def knowledge_base_dict(kb: KnowledgeBase, slug: str | None = None) -> dict[str, Any]:
    """The whole knowledge base (or one organisation) as a JSON-ready dict."""
    slugs = [slug] if slug else list(kb.slugs)
    return {"organisations": [organisation_dict(kb.organisations[s]) for s in slugs]}
