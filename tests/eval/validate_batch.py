"""Check a blind writer's batch (docs/eval-writing.md): `python3 validate_batch.py KB_TOPICS_JSON FILE`.

Standalone on purpose: the writers may not read or run the project, so this imports nothing from it. KB_TOPICS_JSON is
`gdpr-bot kb list --json` with every `aliases` key dropped.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

CATEGORIES = {"retention", "purpose", "legal_basis", "recipients", "data", "rights", "contact", "org_in_text",
              "typo", "paraphrase", "silent", "out_of_scope", "multi_org"}
ASPECTS = {"retention", "purpose", "legal_basis", "recipients", "data", "rights", "contact"}
LANGS = {"da", "sv", "en"}
EVENTS = {"collection", "purchase", "transaction_completed", "end_of_financial_year", "end_of_relationship",
          "last_activity", "consent_withdrawn", "account_closed", "notification_sent", "receipt", "backup_created",
          "session_end", "unspecified"}
RIGHTS = {"access", "rectification", "erasure", "restriction", "portability", "objection", "consent_withdrawal",
          "complaint"}
IDS: dict[str, set[str]] = {}  # org slug -> the answer ids it has (filled from the KB export in main)


def load_ids(kb_path: str) -> None:
    """Read every organisation's topic, recipient and right ids from the KB export."""
    for o in json.loads(Path(kb_path).read_text(encoding="utf-8"))["organisations"]:
        ids = {t["id"] for t in o["topics"]} | {"requests", "controller", "recipients"}
        ids |= {"recipient:" + r["id"] for r in o["recipients"]}
        ids |= {"right:" + r for r in RIGHTS}
        IDS[o["slug"]] = ids


def pair_problems(pairs: list[Any], where: str) -> list[str]:
    """Problems with (org, topic) pairs: shape and known ids."""
    out: list[str] = []
    for p in pairs:
        if isinstance(p, dict):
            org, topic = p.get("org"), p.get("topic")
        elif isinstance(p, list) and len(p) == 2:
            org, topic = p
        else:
            out.append(f"{where}: not an (org, topic) pair: {p!r}")
            continue
        if org not in IDS:
            out.append(f"{where}: unknown org {org!r}")
        elif topic not in IDS[org]:
            out.append(f"{where}: unknown topic {topic!r} for {org}")
    return out


def check(q: dict[str, Any], n: int) -> list[str]:
    """Problems with one question."""
    where = f"line {n} ({q.get('id', '?')})"
    p: list[str] = []
    for key in ("id", "question", "language", "category", "expect"):
        if key not in q:
            p.append(f"{where}: missing {key!r}")
    if p:
        return p
    if "org" not in q:
        p.append(f"{where}: missing 'org' (use null)")
    elif q["org"] is not None and q["org"] not in IDS:
        p.append(f"{where}: unknown org {q['org']!r}")
    if q["language"] not in LANGS:
        p.append(f"{where}: language must be da/sv/en")
    if q["category"] not in CATEGORIES:
        p.append(f"{where}: unknown category {q['category']!r}")
    if not isinstance(q["question"], str) or not q["question"].strip():
        p.append(f"{where}: empty question")
    e = q["expect"]
    if not isinstance(e, dict) or not isinstance(e.get("abstain"), bool):
        return p + [f"{where}: expect.abstain must be true or false"]
    if e["abstain"]:
        if q["category"] != "out_of_scope":
            p.append(f"{where}: abstain true but category is not out_of_scope")
        if set(e) - {"abstain"}:
            p.append(f"{where}: an out-of-scope expect has only 'abstain'")
        return p
    if q["category"] == "out_of_scope":
        p.append(f"{where}: out_of_scope must have abstain true")
    if q["category"] in ("org_in_text", "multi_org") and q["org"] is not None:
        p.append(f"{where}: {q['category']} questions have org null")
    if "aspect" in e and e["aspect"] not in ASPECTS:
        p.append(f"{where}: unknown aspect {e['aspect']!r}")
    answers = e.get("answers")
    if not isinstance(answers, list) or not answers:
        p.append(f"{where}: expect.answers must be a non-empty list")
        answers = []
    p += pair_problems(answers, where + " answers")
    p += pair_problems(e.get("allow_extra", []), where + " allow_extra")
    for a in answers:
        if not isinstance(a, dict):
            continue
        r = a.get("retention")
        if r is None:
            continue
        if r == "not_stated":
            continue
        if not isinstance(r, dict) or not re.fullmatch(r"P(\d+[YMWD])+", str(r.get("duration", ""))):
            p.append(f"{where}: retention must be 'not_stated' or {{'duration': 'P…', 'from': event}}")
        elif "from" in r and r["from"] not in EVENTS:
            p.append(f"{where}: unknown retention event {r['from']!r}")
    silent = any(isinstance(a, dict) and a.get("retention") == "not_stated" for a in answers)
    if q["category"] == "silent" and not silent:
        p.append(f"{where}: a silent question expects retention 'not_stated'")
    return p


def main(kb_path: str, path: str) -> None:
    """Validate a batch file and print its problems and a count."""
    load_ids(kb_path)
    problems: list[str] = []
    seen: set[str] = set()
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {n}: not JSON ({exc})")
            continue
        if q.get("id") in seen:
            problems.append(f"line {n}: duplicate id {q.get('id')}")
        seen.add(q.get("id"))
        problems += check(q, n)
    for pr in problems:
        print(pr)
    print(f"{len(problems)} problems, {len(seen)} questions")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
