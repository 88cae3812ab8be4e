"""`gdpr-bot requests ...`: the register of data-subject requests from the command line.

Every action migrates the database first, calls the service functions in `deadlines.register` and
prints their reply (or, with --json, one JSON document). SQLAlchemy is imported only when a command
runs, so `gdpr-bot --help` stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from deadlines.clock import Clock, system_clock
from knowledge.model import CHANNEL_KINDS, RIGHTS

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from deadlines.register import Actor, Change

# The clock every command uses; tests replace it (monkeypatch) with a deadlines.clock.FixedClock.
clock: Clock = system_clock

_TYPES = tuple(r for r in RIGHTS if r != "complaint")  # = deadlines.models.REQUEST_TYPES, without SQLAlchemy


def register(subparsers: Any) -> None:
    """Add `requests` and its actions to the top-level parser."""
    parser = subparsers.add_parser(
        "requests",
        help="register of data-subject requests: log, list, pause, extend, close, export, purge",
        description="The register of data-subject requests (GDPR Art. 12 and 15-21) with their deadlines.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", metavar="URL", help="SQLAlchemy URL (default: GDPR_BOT_DATABASE_URL or a per-user SQLite file)")
    common.add_argument("--json", action="store_true", help="print one JSON document")
    common.add_argument("--lang", choices=("da", "sv", "en"), default="en", help="language of replies (default: en)")
    acting = argparse.ArgumentParser(add_help=False, parents=[common])
    acting.add_argument("--by", metavar="NAME", help="who acts (default: your login name)")

    def add(name: str, func: Callable[[argparse.Namespace, Engine], int], help_text: str, parent: argparse.ArgumentParser) -> argparse.ArgumentParser:
        """Add one action parser."""
        p = actions.add_parser(name, parents=[parent], help=help_text, description=help_text)
        p.set_defaults(func=_runner(func))
        return p

    p = add("log", _log, "log a request the organisation received", acting)
    p.add_argument("--org", required=True, metavar="SLUG", help="organisation (knowledge-base slug)")
    p.add_argument("--type", required=True, metavar="TYPE", help=f"one of: {', '.join(_TYPES)}")
    p.add_argument("--received", required=True, metavar="WHEN", help="date (2026-11-20) or ISO time with offset; naive = organisation's zone")
    p.add_argument("--via", required=True, metavar="HOW", help=f"one of: {', '.join(CHANNEL_KINDS)}")
    p.add_argument("--subject", required=True, metavar="REF", help="only what finds the person: an order number or e-mail (never logged)")
    p.add_argument("--channel", default="cli", help="where it is logged: cli, console, telegram, slack (reminders go there)")
    p.add_argument("--chat", metavar="ID", help="chat or conversation id in that channel")
    p.add_argument("--force", action="store_true", help="log even if an open request for the same subject and type exists")

    p = add("list", _list, "list requests in deadline order", common)
    which = p.add_mutually_exclusive_group()
    which.add_argument("--overdue", action="store_true", help="only overdue requests")
    which.add_argument("--due-within", type=int, metavar="N", help="only requests due within N days")
    which.add_argument("--all", action="store_true", help="closed ones too (latest deadline first)")
    p.add_argument("--org", metavar="SLUG")
    p.add_argument("--type", metavar="TYPE")
    p.add_argument("--limit", type=int, default=50, help="page size (default 50)")

    p = add("show", _show, "show one request with its history", common)
    p.add_argument("id", metavar="ID")

    p = add("pause", _pause, "stop the clock while waiting for identity or clarification", acting)
    p.add_argument("id", metavar="ID")
    p.add_argument("--reason", required=True, choices=("identity", "clarification"))
    p.add_argument("--note", metavar="TEXT")

    p = add("resume", _resume, "restart the clock (the deadline moves by the paused days)", acting)
    p.add_argument("id", metavar="ID")

    p = add("extend", _extend, "extend by two months (once, before the first deadline, with a reason)", acting)
    p.add_argument("id", metavar="ID")
    p.add_argument("--reason", required=True, metavar="TEXT")

    p = add("close", _close, "close a request as done or refused", acting)
    p.add_argument("id", metavar="ID")
    p.add_argument("--outcome", required=True, metavar="done|refused")
    p.add_argument("--note", metavar="TEXT", help="required for a refusal: the reason the subject is told")

    p = add("withdraw", _withdraw, "record that the subject withdrew the request", acting)
    p.add_argument("id", metavar="ID")
    p.add_argument("--note", metavar="TEXT")

    p = add("reopen", _reopen, "reopen a closed or withdrawn request", acting)
    p.add_argument("id", metavar="ID")
    p.add_argument("--reason", required=True, metavar="TEXT")

    p = add("export", _export, "export as CSV or JSON, or the deadlines as an iCalendar feed", common)
    p.add_argument("--format", required=True, choices=("csv", "json", "ics"))
    p.add_argument("--output", metavar="FILE", help="write here (default: standard output)")
    p.add_argument("--include-subject", action="store_true", help="include subject references (personal data)")
    p.add_argument("--org", metavar="SLUG")
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--open", action="store_true", help="only requests not closed (default for ics)")
    scope.add_argument("--all", action="store_true", help="closed ones too (default for csv and json)")

    p = add("purge", _purge, "delete requests closed longer ago than the retention period", acting)
    p.add_argument("--dry-run", action="store_true", help="only count what would be deleted")
    p.add_argument("--older-than", type=int, metavar="DAYS", help="retention after closing (default: GDPR_BOT_RETENTION_DAYS, else the config file's bot.retention_days, else 1096 = 3 years)")


def _runner(func: Callable[[argparse.Namespace, Engine], int]) -> Callable[[argparse.Namespace], int]:
    """Wrap an action: open (and migrate) the register, turn RegisterErrors into one-line CLI errors."""

    def run(args: argparse.Namespace) -> int:
        """Run the action against the configured database."""
        from bot.cli import CliError
        from bot.commands import open_database
        from bot.settings import database_url
        from deadlines.register import RegisterError

        engine = open_database(database_url(args.database))
        try:
            return func(args, engine)
        except RegisterError as exc:
            message = exc.message(args.lang)
            if args.json:
                _print_json({"ok": False, "error": exc.key, "message": message})
            raise CliError(message) from exc
        finally:
            engine.dispose()

    return run


def _print_json(data: Any) -> None:
    """Print one JSON document."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _actor(args: argparse.Namespace, channel: str = "cli", chat: str | None = None) -> Actor:
    """The acting person: --by, else the login name."""
    from deadlines.register import Actor

    name = args.by
    if not name:
        import getpass

        try:
            name = getpass.getuser()
        except Exception:  # no login name (containers)
            name = "cli"
    return Actor(name, channel, chat)


def _t(args: argparse.Namespace, key: str, **values: Any) -> str:
    """A reply in the chosen language."""
    from handlers.wording import t

    return t(key, args.lang, **values)


def _reply(args: argparse.Namespace, change: Change, lines: list[str]) -> int:
    """Print the reply lines, or the request, its new trail entry and the reply as JSON."""
    if args.json:
        _print_json(
            {"ok": True, "message": " ".join(lines), "request": change.request.to_dict(), "event": change.event.to_dict()}
        )
    else:
        print("\n".join(lines))
    return 0


def _log(args: argparse.Namespace, engine: Engine) -> int:
    """`requests log`."""
    from deadlines.register import log_request

    result = log_request(
        engine,
        clock,
        _actor(args, args.channel, args.chat),
        organisation=args.org,
        type=args.type,
        received=args.received,
        via=args.via,
        subject_ref=args.subject,
        force=args.force,
    )
    r = result.request
    lines = [
        _t(
            args,
            "register.reply.logged",
            id=r.ref,
            type=_t(args, f"register.type.{r.type}"),
            article=r.article,
            org=r.organisation,
            received=r.received_on.isoformat(),
            deadline=r.deadline.isoformat(),
            extended_deadline=r.extended_deadline.isoformat(),
        )
    ]
    if result.duplicates:
        lines.append(_t(args, "register.reply.logged_duplicate", ids=", ".join(result.duplicates)))
    if r.overdue:
        lines.append(_t(args, "register.reply.logged_overdue", deadline=r.current_deadline.isoformat()))
    if args.json:
        _print_json(
            {"ok": True, "message": " ".join(lines), "request": r.to_dict(), "duplicates": list(result.duplicates)}
        )
        return 0
    print("\n".join(lines))
    return 0


def _list(args: argparse.Namespace, engine: Engine) -> int:
    """`requests list`."""
    from deadlines.register import list_requests

    if args.overdue:
        scope, within = "overdue", None
    elif args.due_within is not None:
        scope, within = "due", args.due_within
    elif args.all:
        scope, within = "all", None
    else:
        scope, within = "open", None
    page = list_requests(
        engine, clock, scope=scope, within_days=within, organisation=args.org, type=args.type, limit=args.limit
    )
    if args.json:
        _print_json({"ok": True, "requests": [v.to_dict() for v in page.items], "has_more": page.has_more})
        return 0
    if not page.items:
        print(_t(args, "register.reply.list_empty"))
        return 0
    rows = [("ID", "ORG", "TYPE", "STATUS", "RECEIVED", "DEADLINE", "DAYS LEFT")]
    for v in page.items:
        left = "" if v.days_left is None else str(v.days_left) + (" OVERDUE" if v.overdue else "")
        rows.append((v.ref, v.organisation, v.type, v.status, v.received_on.isoformat(), v.current_deadline.isoformat(), left))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    if page.has_more:
        print(_t(args, "register.reply.list_more"))
    return 0


def _show(args: argparse.Namespace, engine: Engine) -> int:
    """`requests show`: every field (the subject reference too: staff need it to act), why the
    deadline falls where it does, and the history."""
    from deadlines.register import get_request
    from deadlines.rules import compute_deadlines
    from handlers.wording.deadlines import describe_note

    details = get_request(engine, clock, args.id)
    r = details.request
    computed = compute_deadlines(r.received_on, r.country, paused_days=r.paused_days)
    notes = computed.extended_notes if r.extended_at is not None else computed.notes
    why = [describe_note(n, r.country, args.lang) for n in notes]
    if args.json:
        _print_json(
            {
                "ok": True,
                "request": r.to_dict(include_subject=True),
                "deadline_notes": why,
                "history": [e.to_dict() for e in details.history],
            }
        )
        return 0
    fields = r.to_dict(include_subject=True)
    width = max(len(k) for k in fields)
    for key, value in fields.items():
        if value is not None:
            print(f"{key.ljust(width)}  {value}")
    for line in why:
        print(f"{''.ljust(width)}  - {line}")
    print()
    for e in details.history:
        extra = ", ".join(f"{k}={v}" for k, v in e.details.items() if v not in (None, [], "") and k != "channel")
        print(f"{e.at.isoformat(timespec='minutes')}  {e.actor}  {e.action}  {extra}".rstrip())
    return 0


def _pause(args: argparse.Namespace, engine: Engine) -> int:
    """`requests pause`."""
    from deadlines.register import pause

    change = pause(engine, clock, _actor(args), args.id, reason=args.reason, note=args.note)
    view = change.request
    status = _t(args, f"register.status.{view.status}")
    return _reply(args, change, [_t(args, "register.reply.paused", id=view.ref, status=status)])


def _resume(args: argparse.Namespace, engine: Engine) -> int:
    """`requests resume`."""
    from deadlines.register import resume

    change = resume(engine, clock, _actor(args), args.id)
    view = change.request
    days = change.event.details["days"]
    lines = [_t(args, "register.reply.resumed", id=view.ref, days=days, deadline=view.current_deadline.isoformat())]
    if view.overdue:
        lines.append(_t(args, "register.reply.overdue", deadline=view.current_deadline.isoformat()))
    return _reply(args, change, lines)


def _extend(args: argparse.Namespace, engine: Engine) -> int:
    """`requests extend`."""
    from deadlines.register import extend

    change = extend(engine, clock, _actor(args), args.id, reason=args.reason)
    view = change.request
    line = _t(
        args,
        "register.reply.extended",
        id=view.ref,
        deadline=view.current_deadline.isoformat(),
        inform_by=view.deadline.isoformat(),
    )
    return _reply(args, change, [line])


def _close(args: argparse.Namespace, engine: Engine) -> int:
    """`requests close`: a refusal's reply reminds staff to give reasons and the right to complain."""
    from deadlines.register import close, complaint_authority

    change = close(engine, clock, _actor(args), args.id, outcome=args.outcome, note=args.note)
    view = change.request
    if view.status == "refused":
        authority = complaint_authority(view.organisation, view.country)
        lines = [_t(args, "register.reply.closed_refused", id=view.ref, authority=authority)]
    else:
        lines = [_t(args, "register.reply.closed_done", id=view.ref)]
    if change.event.details.get("late"):
        lines.append(_t(args, "register.reply.closed_late", deadline=view.current_deadline.isoformat()))
    return _reply(args, change, lines)


def _withdraw(args: argparse.Namespace, engine: Engine) -> int:
    """`requests withdraw`."""
    from deadlines.register import withdraw

    change = withdraw(engine, clock, _actor(args), args.id, note=args.note)
    return _reply(args, change, [_t(args, "register.reply.withdrawn", id=change.request.ref)])


def _reopen(args: argparse.Namespace, engine: Engine) -> int:
    """`requests reopen`."""
    from deadlines.register import reopen

    change = reopen(engine, clock, _actor(args), args.id, reason=args.reason)
    view = change.request
    status = _t(args, f"register.status.{view.status}")
    lines = [_t(args, "register.reply.reopened", id=view.ref, status=status, deadline=view.current_deadline.isoformat())]
    if view.overdue:
        lines.append(_t(args, "register.reply.overdue", deadline=view.current_deadline.isoformat()))
    return _reply(args, change, lines)


def _export(args: argparse.Namespace, engine: Engine) -> int:
    """`requests export`: to --output or standard output (the feed is CRLF-terminated as RFC 5545 wants)."""
    import logging

    from deadlines.export import write_csv, write_ics, write_json
    from deadlines.register import iter_requests

    open_only = args.open or (args.format == "ics" and not args.all)
    now = clock()
    requests = iter_requests(engine, clock, organisation=args.org, open_only=open_only)
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    try:
        if args.format == "csv":
            count = write_csv(requests, out, include_subject=args.include_subject)
        elif args.format == "json":
            count = write_json(requests, out, now=now, include_subject=args.include_subject)
        else:
            count = write_ics(requests, out, now=now, language=args.lang, include_subject=args.include_subject)
    finally:
        if out is not sys.stdout:
            out.close()
    logging.getLogger("gdpr_bot.register").info(
        "exported %d request(s) as %s (subject references %s)",
        count,
        args.format,
        "included" if args.include_subject else "left out",
    )
    if args.output:
        summary = {"ok": True, "format": args.format, "output": args.output, "count": count}
        if args.json:
            _print_json(summary)
        else:
            print(f"{count} request(s) written to {args.output}", file=sys.stderr)
    return 0


def _purge(args: argparse.Namespace, engine: Engine) -> int:
    """`requests purge`."""
    from bot.settings import retention_days
    from deadlines.register import purge

    days = retention_days() if args.older_than is None else args.older_than
    result = purge(engine, clock, _actor(args), older_than_days=days, dry_run=args.dry_run)
    key = "register.reply.purge_dry_run" if result.dry_run else "register.reply.purged"
    message = _t(args, key, count=result.count, cutoff=result.cutoff.date().isoformat())
    if args.json:
        _print_json(
            {
                "ok": True,
                "message": message,
                "dry_run": result.dry_run,
                "count": result.count,
                "ids": list(result.refs),
                "cutoff": result.cutoff.isoformat(),
                "older_than_days": days,
            }
        )
    else:
        print(message)
    return 0
