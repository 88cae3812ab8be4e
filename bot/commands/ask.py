"""`gdpr-bot ask`: answer a question from the knowledge base (one question, or JSON Lines on stdin)."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    """Add the `ask` command."""
    p = sub.add_parser(
        "ask",
        help="answer a question from the privacy policies",
        description="Answer a staff question from the curated knowledge base, citing the policy section. "
        'With --json and QUESTION "-", read JSON Lines {"question": ..., "org": slug or null} from stdin '
        "and write one JSON object per line, in order.",
    )
    p.add_argument("question", metavar="QUESTION", help='the question, or "-" with --json for JSON Lines on stdin')
    p.add_argument("--org", metavar="SLUG", help="answer for this organisation only")
    p.add_argument("--json", action="store_true", help="print the JSON contract object")
    p.add_argument("--language", choices=("da", "sv", "en"), help="reply language (default: the question's)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Answer one question, or a stream of JSON Lines."""
    import json

    from bot.cli import CliError
    from bot.commands import load_answerer
    from handlers.ask import AskError, ask, contract

    answerer = load_answerer()
    if args.question == "-" and args.json:
        return _batch(answerer, args.language)
    try:
        result, reply = ask(answerer, args.question, org=args.org, language=args.language)
    except AskError as exc:
        raise CliError(exc.reply.plain()) from exc
    if args.json:
        print(json.dumps(contract(result, reply), ensure_ascii=False))
    else:
        print(reply.plain())
    return 0


def _batch(answerer: Any, language: str | None) -> int:
    """Read JSON Lines from stdin, write one contract object per line (errors as objects with "error")."""
    import json

    from handlers.ask import AskError, ask, contract, error_contract
    from handlers.reply import Reply

    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            item = None
        if not isinstance(item, dict) or not isinstance(item.get("question"), str):
            reply = Reply("en", intro='Each line must be a JSON object {"question": "...", "org": "slug" or null}.')
            out.write(json.dumps(error_contract(None, None, reply, "ask.error.bad_line"), ensure_ascii=False) + "\n")
            out.flush()
            continue
        org = item.get("org")
        org = org if isinstance(org, str) and org else None
        try:
            result, reply = ask(answerer, item["question"], org=org, language=language)
            obj = contract(result, reply)
        except AskError as exc:
            obj = error_contract(item["question"], org, exc.reply, exc.key)
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        out.flush()
    return 0
