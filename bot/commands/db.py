"""`gdpr-bot db ...`: apply the register's schema migrations (Alembic, configured in code)."""

from __future__ import annotations

import argparse
import json
from typing import Any


def register(subparsers: Any) -> None:
    """Add `db` and its actions to the top-level parser."""
    parser = subparsers.add_parser("db", help="database schema: upgrade, check", description="The register's database schema.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", metavar="URL", help="SQLAlchemy URL (default: GDPR_BOT_DATABASE_URL or a per-user SQLite file)")
    common.add_argument("--json", action="store_true", help="print one JSON document")

    p = actions.add_parser("upgrade", parents=[common], help="apply pending migrations (also done by every register command)")
    p.set_defaults(func=_upgrade)
    p = actions.add_parser("check", parents=[common], help="fail when the models and the migrated database differ")
    p.set_defaults(func=_check)


def _engine(args: argparse.Namespace) -> Any:
    """An engine for --database (no migration yet)."""
    from bot.commands import open_database
    from bot.settings import database_url

    return open_database(database_url(args.database), migrate=False)


def _upgrade(args: argparse.Namespace) -> int:
    """`db upgrade`: migrate to the newest revision and say from where to where."""
    from bot.cli import CliError
    from bot.commands import first_line
    from deadlines.db import upgrade

    engine = _engine(args)
    try:
        before, after = upgrade(engine)
    except Exception as exc:
        raise CliError(f"migration failed: {type(exc).__name__}: {first_line(exc)}") from exc
    finally:
        engine.dispose()
    url = engine.url.render_as_string(hide_password=True)
    if args.json:
        print(json.dumps({"ok": True, "database": url, "from": before, "to": after, "changed": before != after}))
    elif before == after:
        print(f"{url}: already at {after}")
    else:
        print(f"{url}: upgraded from {before or 'empty'} to {after}")
    return 0


def _check(args: argparse.Namespace) -> int:
    """`db check`: exit 1 when the database schema and the models disagree."""
    from deadlines.db import current_revision, head_revision, schema_diff

    engine = _engine(args)
    try:
        current, head = current_revision(engine), head_revision()
        diff = [repr(d) for d in schema_diff(engine)] if current == head else []
    finally:
        engine.dispose()
    ok = current == head and not diff
    if args.json:
        print(json.dumps({"ok": ok, "current": current, "head": head, "differences": diff}))
    else:
        print(f"revision {current or 'none'} (newest {head}); " + ("schema matches the models" if ok else "NOT up to date"))
        for line in diff:
            print(f"  {line}")
    return 0 if ok else 1
