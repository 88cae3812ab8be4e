"""Slack rendering: a Reply as mrkdwn text + Block Kit blocks, the App Home view, and the log/extend modals.

Every user and knowledge-base string that lands in a mrkdwn field is escaped (`&`, `<`, `>`), so a
subject reference like "<!channel> & co" shows as typed and can neither ping nor link. plain_text
fields (button labels, options, titles) are shown verbatim by Slack and are only cut to Slack's limits.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from deadlines.models import MAX_NOTE, MAX_SUBJECT_REF, RECEIVED_VIA, REQUEST_TYPES
from handlers.commands_parse import COMMANDS
from handlers.core import encode_action
from handlers.reply import Action, Reply, Section
from handlers.wording import t

Block = dict[str, Any]

# Slack's limits (https://api.slack.com/reference/block-kit): blocks per surface, characters per field.
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
SECTION_TEXT = 3000
CONTEXT_TEXT = 2000
FALLBACK_TEXT = 3000  # the notification text; Slack's own cap is 40,000
BUTTON_TEXT = 75
OPTION_TEXT = 75
TITLE_TEXT = 24
BUTTONS_PER_BLOCK = 25
METADATA_TEXT = 3000

ACTION_PREFIX = "gdpr_action"  # action_id of every reply button: gdpr_action:N
LOG_OPEN_ACTION = "gdpr_log_open"  # the App Home's "log a request" button
LOG_CALLBACK = "gdpr_log"
EXTEND_CALLBACK = "gdpr_extend"
REPLY_CALLBACK = "gdpr_reply"  # a modal showing a Reply (a request opened from the App Home)
VALUE = "value"  # action_id of every input element in the modals
LOG_FIELDS = ("type", "organisation", "received", "via", "subject")
FORCE = "force"  # block id and option value of the log modal's "log it anyway" box (shown for a duplicate)
REASON = "reason"

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
SLASH_COMMAND = "/gdpr"
# The core's commands ("/done ID") as Slack users type them ("/gdpr done ID").
_COMMAND_WORD = re.compile(r"(?<![\w/])/(" + "|".join(COMMANDS) + r")\b")


def slack_commands(text: str) -> str:
    """The core's "/done ID" written the Slack way: "/gdpr done ID"."""
    return _COMMAND_WORD.sub(lambda m: f"{SLASH_COMMAND} {m.group(1)}", text)


def for_slack(reply: Reply) -> Reply:
    """The Reply with every command mention written the Slack way."""

    def fix(text: str | None) -> str | None:
        """One string, fixed (None stays None)."""
        return slack_commands(text) if text else text

    sections = tuple(
        Section(fix(s.heading), tuple(slack_commands(line) for line in s.lines), fix(s.note), s.bullets) for s in reply.sections
    )
    return Reply(reply.language, fix(reply.intro), sections, fix(reply.outro), reply.actions, reply.error)


def escape(text: str) -> str:
    """Text made safe for a mrkdwn field: &, < and > as Slack's HTML entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cut(text: str, limit: int) -> str:
    """Plain text cut to `limit` characters (with an ellipsis when cut)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(text: str, limit: int) -> dict[str, Any]:
    """A plain_text object (shown verbatim by Slack)."""
    return {"type": "plain_text", "text": cut(text, limit), "emoji": True}


def _mrkdwn(text: str) -> dict[str, Any]:
    """A mrkdwn object from already escaped text."""
    return {"type": "mrkdwn", "text": text}


def _pieces(raw: str, limit: int) -> Iterator[str]:
    """`raw` escaped, in pieces of at most `limit` characters that never split an entity."""
    escaped = escape(raw)
    if len(escaped) <= limit:  # the usual case
        yield escaped
        return
    piece: list[str] = []
    size = 0
    for ch in raw:
        out = _ESCAPES.get(ch, ch)
        if size + len(out) > limit:
            yield "".join(piece)
            piece, size = [], 0
        piece.append(out)
        size += len(out)
    yield "".join(piece)


def _chunks(lines: Sequence[str], limit: int = SECTION_TEXT) -> Iterator[str]:
    """Raw lines escaped and packed into section texts of at most `limit` characters."""
    current = ""
    for line in lines:
        for piece in _pieces(line, limit):
            joined = f"{current}\n{piece}" if current else piece
            if len(joined) > limit:
                yield current
                joined = piece
            current = joined
    if current:
        yield current


def _section_lines(section: Section) -> list[str]:
    """The raw lines of a Section (bullets marked), without its heading and note."""
    return [f"• {line}" if section.bullets else line for line in section.lines]


def _section_blocks(section: Section) -> list[Block]:
    """One Section as section blocks (heading in bold) and a context block for its note (the source)."""
    texts = list(_chunks(_section_lines(section)))
    if section.heading:
        heading = f"*{escape(section.heading)}*"
        if texts and len(heading) + 1 + len(texts[0]) <= SECTION_TEXT:
            texts[0] = f"{heading}\n{texts[0]}"
        else:
            texts.insert(0, next(_chunks([section.heading])) if len(heading) > SECTION_TEXT else heading)
    blocks: list[Block] = [{"type": "section", "text": _mrkdwn(text)} for text in texts]
    if section.note:
        notes = [_mrkdwn(text) for text in _chunks([section.note], CONTEXT_TEXT)]
        blocks.append({"type": "context", "elements": notes[:10]})
    return blocks


def _text_blocks(text: str | None, error: bool = False) -> list[Block]:
    """An intro or outro paragraph as section blocks (a warning sign on errors)."""
    if not text:
        return []
    texts = list(_chunks(text.split("\n")))
    if error and texts:
        texts[0] = f":warning: {texts[0]}"
    return [{"type": "section", "text": _mrkdwn(chunk)} for chunk in texts]


def buttons(actions: Sequence[Action], prefix: str = "") -> list[Block]:
    """Reply actions as actions blocks (25 buttons each); a button's value is "command:argument"."""
    blocks: list[Block] = []
    for start in range(0, len(actions), BUTTONS_PER_BLOCK):
        elements = [
            {
                "type": "button",
                "action_id": f"{ACTION_PREFIX}:{prefix}{start + i}",
                "text": _plain(action.label, BUTTON_TEXT),
                "value": encode_action(action.command, action.argument),
            }
            for i, action in enumerate(actions[start : start + BUTTONS_PER_BLOCK])
        ]
        blocks.append({"type": "actions", "block_id": f"actions:{prefix}{start}", "elements": elements})
    return blocks


def reply_blocks(reply: Reply, limit: int = MESSAGE_BLOCKS) -> list[Block]:
    """The Reply as at most `limit` blocks: intro, sections (divided), outro, buttons; cut with a note if too long."""
    reply = for_slack(reply)
    body = _text_blocks(reply.intro, reply.error)
    for section in reply.sections:
        if body:
            body.append({"type": "divider"})
        body += _section_blocks(section)
    body += _text_blocks(reply.outro)
    tail = buttons(reply.actions)
    room = limit - len(tail)
    if len(body) > room:
        body = body[: room - 1] + [{"type": "context", "elements": [_mrkdwn(escape(t("slack.truncated", reply.language)))]}]
    return body + tail


def fallback_text(reply: Reply) -> str:
    """The message's notification text: the reply as escaped plain text, cut to FALLBACK_TEXT."""
    return next(_chunks([cut(for_slack(reply).plain(), FALLBACK_TEXT)], FALLBACK_TEXT), "") or "…"


def render(reply: Reply) -> tuple[str, list[Block]]:
    """(text, blocks) for chat.postMessage / chat.update / response_url."""
    return fallback_text(reply), reply_blocks(reply)


def home_view(reply: Reply, metadata: str = "", log_button: bool = False) -> dict[str, Any]:
    """The App Home tab: a heading, a hint, a "log a request" button for staff, then the open-requests Reply."""
    lang = reply.language
    head: list[Block] = [
        {"type": "header", "text": _plain(t("slack.home.heading", lang), 150)},
        {"type": "context", "elements": [_mrkdwn(escape(t("slack.home.hint", lang)))]},
    ]
    if log_button:
        button = {
            "type": "button",
            "action_id": LOG_OPEN_ACTION,
            "text": _plain(t("slack.log.title", lang), BUTTON_TEXT),
            "style": "primary",
        }
        head.append({"type": "actions", "block_id": "home:log", "elements": [button]})
    head.append({"type": "divider"})
    return {"type": "home", "private_metadata": metadata, "blocks": head + reply_blocks(reply, VIEW_BLOCKS - len(head))}


def reply_modal(reply: Reply, metadata: str = "") -> dict[str, Any]:
    """A Reply in a modal without a submit button (what a button on the App Home shows)."""
    lang = reply.language
    return {
        "type": "modal",
        "callback_id": REPLY_CALLBACK,
        "title": _plain(t("slack.modal.title", lang), TITLE_TEXT),
        "close": _plain(t("slack.close", lang), TITLE_TEXT),
        "private_metadata": metadata,
        "blocks": reply_blocks(reply, VIEW_BLOCKS),
    }


def _option(value: str, label: str) -> dict[str, Any]:
    """An option of a static select."""
    return {"text": _plain(label, OPTION_TEXT), "value": value}


def _select(block_id: str, label: str, options: list[dict[str, Any]], lang: str, initial: str | None = None) -> Block:
    """An input block holding a static select (preselected when `initial` is given)."""
    element: dict[str, Any] = {
        "type": "static_select",
        "action_id": VALUE,
        "options": options,
        "placeholder": _plain(t("slack.choose", lang), 150),
    }
    chosen = [o for o in options if o["value"] == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return {"type": "input", "block_id": block_id, "label": _plain(label, 2000), "element": element}


def _modal(callback_id: str, title: str, submit: str, lang: str, blocks: list[Block], metadata: str) -> dict[str, Any]:
    """A modal view with Slack's title/submit/close limits applied."""
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": _plain(title, TITLE_TEXT),
        "submit": _plain(submit, TITLE_TEXT),
        "close": _plain(t("slack.cancel", lang), TITLE_TEXT),
        "private_metadata": metadata,
        "blocks": blocks,
    }


def error_blocks(error: str | None) -> list[Block]:
    """A warning section at the top of a modal that was submitted with a problem."""
    return _text_blocks(error, error=True)[:1] if error else []


def force_block(lang: str) -> Block:
    """The optional "log it anyway" checkbox of a log modal whose submission found an open duplicate."""
    box = {"text": _plain(t("slack.log.force", lang), OPTION_TEXT), "value": FORCE}
    return {
        "type": "input",
        "block_id": FORCE,
        "optional": True,
        "label": _plain(t("slack.log.duplicate", lang), 2000),
        "element": {"type": "checkboxes", "action_id": VALUE, "options": [box]},
    }


def log_modal(
    lang: str, orgs: Mapping[str, str], today: date, metadata: str, error: str | None = None, duplicate: bool = False
) -> dict[str, Any]:
    """The "log a request" modal: type, organisation, received, how it arrived, subject; `duplicate` adds the "log anyway" box."""
    types = [_option(kind, t(f"register.type.{kind}", lang)) for kind in REQUEST_TYPES]
    vias = [_option(kind, t(f"ask.channel.{kind}", lang)) for kind in RECEIVED_VIA]
    organisations = [_option(slug, name) for slug, name in orgs.items()]
    subject = {
        "type": "input",
        "block_id": "subject",
        "label": _plain(t("slack.log.subject", lang), 2000),
        "hint": _plain(t("slack.log.subject_hint", lang), 2000),
        "element": {"type": "plain_text_input", "action_id": VALUE, "max_length": MAX_SUBJECT_REF},
    }
    received = {
        "type": "input",
        "block_id": "received",
        "label": _plain(t("slack.log.received", lang), 2000),
        "element": {"type": "datepicker", "action_id": VALUE, "initial_date": today.isoformat()},
    }
    blocks = [
        *error_blocks(error),
        *([force_block(lang)] if duplicate else []),
        _select("type", t("slack.log.type", lang), types, lang),
        _select(
            "organisation", t("slack.log.organisation", lang), organisations, lang, next(iter(orgs)) if len(orgs) == 1 else None
        ),
        received,
        _select("via", t("slack.log.via", lang), vias, lang),
        subject,
    ]
    return _modal(LOG_CALLBACK, t("slack.log.title", lang), t("slack.log.submit", lang), lang, blocks, metadata)


def extend_modal(lang: str, ref: str, metadata: str, error: str | None = None) -> dict[str, Any]:
    """The "extend the deadline" modal: which request, and the reason (required)."""
    blocks = [
        *error_blocks(error),
        {"type": "section", "text": _mrkdwn(t("slack.extend.request", lang, ref=escape(ref)))},
        {
            "type": "input",
            "block_id": REASON,
            "label": _plain(t("slack.extend.reason", lang), 2000),
            "hint": _plain(t("slack.extend.hint", lang), 2000),
            "element": {"type": "plain_text_input", "action_id": VALUE, "multiline": True, "max_length": MAX_NOTE},
        },
    ]
    return _modal(EXTEND_CALLBACK, t("slack.extend.title", lang), t("slack.extend.submit", lang), lang, blocks, metadata)


def view_values(view: Mapping[str, Any]) -> dict[str, str]:
    """The submitted values of a modal by block id: a select's value, a picked date, typed text, or ticked boxes' values."""
    values: dict[str, str] = {}
    for block_id, fields in (view.get("state") or {}).get("values", {}).items():
        field = fields.get(VALUE) or {}
        option = field.get("selected_option") or {}
        value = option.get("value") or field.get("selected_date") or field.get("value")
        ticked = [o.get("value") for o in field.get("selected_options") or [] if isinstance(o, dict)]
        if value is None and ticked:
            value = " ".join(v for v in ticked if isinstance(v, str))
        values[block_id] = value if isinstance(value, str) else ""
    return values


def pack_metadata(data: Mapping[str, str]) -> str:
    """A view's private_metadata (JSON; fields that would not fit are dropped, the response URL first)."""
    fields = dict(data)
    text = json.dumps(fields, separators=(",", ":"))
    if len(text) > METADATA_TEXT:
        fields.pop("response_url", None)
        text = json.dumps(fields, separators=(",", ":"))
    return text


def unpack_metadata(text: str | None) -> dict[str, str]:
    """A view's private_metadata back as a dict (empty when absent or not ours)."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
