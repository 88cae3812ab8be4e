"""`gdpr-bot kb list|check`: export the knowledge base and check it against the policy texts."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    """Add the `kb` command and its subcommands."""
    kb = sub.add_parser("kb", help="inspect the knowledge base", description="Inspect the knowledge base.")
    kb_sub = kb.add_subparsers(dest="kb_command", metavar="SUBCOMMAND", required=True)

    lst = kb_sub.add_parser("list", help="list or export the knowledge base", description="List the knowledge base.")
    lst.add_argument("--org", metavar="SLUG", help="only this organisation")
    lst.add_argument("--json", action="store_true", help="export everything as JSON")
    lst.set_defaults(func=run_list)

    chk = kb_sub.add_parser(
        "check",
        help="verify references and retention coverage against the policies",
        description="Verify that every source reference resolves in the policy texts, and list every "
        "retention-looking sentence that no entry covers. Exit status 1 when anything is found.",
    )
    chk.add_argument(
        "--policies",
        metavar="DIR",
        type=Path,
        help="folder with the policy texts (default: $GDPR_BOT_POLICIES_DIR or ../shared/policies)",
    )
    chk.add_argument("--json", action="store_true", help="machine-readable report")
    chk.set_defaults(func=run_check)

    ev = kb_sub.add_parser(
        "eval",
        help="score question answering on the evaluation set",
        description="Run tests/eval/questions.jsonl through the engine and report accuracy on answerable "
        "questions, abstention on out-of-scope ones and false abstentions, per split and category. "
        "Tune on dev only; held-out failures stay hidden unless --reveal-heldout is given.",
    )
    ev.add_argument(
        "--split", choices=("dev", "heldout", "all"), default="all", help="which split to run (default: all)"
    )
    ev.add_argument("--failures", action="store_true", help="list wrong answers (held-out: counts only)")
    ev.add_argument("--reveal-heldout", action="store_true", help="also list held-out failures (do not tune on them)")
    ev.add_argument("--json", action="store_true", help="machine-readable report")
    ev.set_defaults(func=run_eval)


def _kb(org: str | None) -> Any:
    """Load the knowledge base, validating --org."""
    from bot.cli import CliError
    from bot.commands import load_knowledge_base

    kb = load_knowledge_base()
    if org is not None and kb.get(org) is None:
        raise CliError(f"unknown organisation {org!r}; known: {', '.join(kb.slugs)}")
    return kb


def run_list(args: argparse.Namespace) -> int:
    """Print the knowledge base (summary, or everything as JSON)."""
    import json

    from knowledge.export import knowledge_base_dict

    kb = _kb(args.org)
    if args.json:
        print(json.dumps(knowledge_base_dict(kb, args.org), ensure_ascii=False, indent=2))
        return 0
    for slug in [args.org] if args.org else kb.slugs:
        org = kb.organisations[slug]
        print(f"{slug}  {org.display_name} ({org.controller.name}), {org.country}, policy {org.policy}")
        for topic in org.topics:
            ret = topic.retention
            period = ret.duration if ret.stated else "not stated"
            print(f"  {topic.id:<28} {period:<10} {topic.title.en}")
        print(f"  recipients: {', '.join(r.name for r in org.recipients) or '-'}")
    return 0


def _default_policies() -> Path:
    """The policy folder when --policies is not given."""
    env = os.environ.get("GDPR_BOT_POLICIES_DIR")
    return Path(env) if env else Path("..") / "shared" / "policies"


def run_check(args: argparse.Namespace) -> int:
    """Check the knowledge base against the policies; exit 1 when anything is unresolved or uncovered."""
    import json

    from bot.cli import CliError
    from knowledge.policycheck import check_knowledge_base

    policies = args.policies or _default_policies()
    if not policies.is_dir():
        raise CliError(f"no policy folder at {policies} (give --policies DIR)")
    reports = check_knowledge_base(_kb(None), policies)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "org": r.org,
                        "policy": r.policy,
                        "references": r.references,
                        "retention_sentences": r.retention_sentences,
                        "problems": r.problems,
                        "uncovered": [{"line": s.line, "sentence": s.text} for s in r.uncovered],
                    }
                    for r in reports
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for r in reports:
            status = "ok" if r.ok else "PROBLEMS"
            print(
                f"{r.org}: {status} — {r.references} references, "
                f"{r.retention_sentences} retention-looking sentences, {len(r.uncovered)} uncovered"
            )
            for p in r.problems:
                print(f"  unresolved: {p}")
            for s in r.uncovered:
                print(f"  uncovered: {r.policy}:{s.line}: {s.text}")
    return 0 if all(r.ok for r in reports) else 1


def run_eval(args: argparse.Namespace) -> int:
    """Score the engine on the QA evaluation set and print the report."""
    import json

    from bot.cli import CliError
    from knowledge.evaluate import EvalSetError, evaluate, format_report, report_json

    try:
        report = evaluate(args.split)
    except (EvalSetError, OSError) as exc:
        raise CliError(f"evaluation set: {exc}") from exc
    if args.json:
        print(json.dumps(report_json(report, args.failures, args.reveal_heldout), ensure_ascii=False, indent=2))
    else:
        print(format_report(report, args.failures, args.reveal_heldout))
    return 0
