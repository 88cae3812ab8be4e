"""Requests of the register as channel-neutral Replies: the open list, one request, results of changes.

Subject references appear only in `show` (staff open a request to act on it) and in the /log
confirmation; lists and change results name requests by id, type and organisation only. Strings
from users (subject, notes, reasons) go into the Reply as they are: adapters escape them.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from deadlines.register import Change, EventView, LogResult, RequestDetails, RequestView
from deadlines.rules import COUNTRY_TIMEZONES
from handlers.logflow import via_label
from handlers.reminders import can_extend, days_text
from handlers.reply import Action, Reply, Section
from handlers.wording import t

OPEN_LIST_LIMIT = 50  # requests in one /open reply
OPEN_LIST_ACTIONS = 30  # "show" buttons in it (chat keyboards stay usable)
SOON_DAYS = 7


def urgency_mark(request: RequestView) -> str:
    """A mark for the list: ⏸ paused, 🔴 overdue, 🟠 due within 3 days, 🟡 within a week, 🟢 later."""
    if request.paused:
        return "⏸"
    left = request.days_left or 0
    if left < 0:
        return "🔴"
    if left <= 3:
        return "🟠"
    return "🟡" if left <= SOON_DAYS else "🟢"


def _type(request: RequestView, lang: str) -> str:
    """The request type in `lang`."""
    return t(f"register.type.{request.type}", lang)


def open_line(request: RequestView, lang: str) -> str:
    """One request of the open list."""
    values = {"mark": urgency_mark(request), "id": request.ref, "type": _type(request, lang), "org": request.organisation}
    if request.paused:
        return t("core.open.line_paused", lang, status=t(f"register.status.{request.status}", lang), **values)
    left = request.days_left or 0
    return t("core.open.line", lang, deadline=request.current_deadline.isoformat(), days_text=days_text(left, lang), **values)


def open_list(requests: list[RequestView], lang: str, more: bool) -> Reply:
    """The open requests by deadline, a Show button each (the first OPEN_LIST_ACTIONS)."""
    if not requests:
        return Reply(lang, intro=t("core.open.empty", lang))
    lines = tuple(open_line(r, lang) for r in requests)
    outro = t("core.open.more", lang, count=len(requests)) if more else None
    actions = tuple(Action(r.ref, "show", r.ref) for r in requests[:OPEN_LIST_ACTIONS])
    return Reply(lang, intro=t("core.open.intro", lang, count=len(requests)), sections=(Section(lines=lines),), outro=outro, actions=actions)


def request_actions(request: RequestView, lang: str) -> tuple[Action, ...]:
    """The buttons for an open request: Done, Extend… (while possible), Resume (when paused)."""
    if request.closed:
        return ()
    actions = [Action(t("core.button.done", lang), "done", request.ref)]
    if request.paused:
        actions.append(Action(t("core.button.resume", lang), "resume", request.ref))
    elif can_extend(request, request.days_left or 0):
        actions.append(Action(t("core.button.extend", lang), "extend", request.ref))
    return tuple(actions)


def _received(r: RequestView, lang: str) -> str:
    """When and how the request arrived."""
    return t("core.show.received", lang, received=r.received_on.isoformat(), via=via_label(r.received_via, lang))


def _local(at: datetime, country: str) -> str:
    """A time in the organisation's zone, to the minute."""
    return at.astimezone(ZoneInfo(COUNTRY_TIMEZONES[country])).strftime("%Y-%m-%d %H:%M")


def _facts(r: RequestView, lang: str) -> list[str]:
    """The lines describing a request."""
    lines = [
        t("core.show.organisation", lang, org=r.organisation),
        t("core.show.status", lang, status=t(f"register.status.{r.status}", lang)),
        _received(r, lang),
    ]
    if r.closed:
        lines.append(t("core.show.deadline_closed", lang, deadline=r.current_deadline.isoformat()))
    else:
        lines.append(t("core.show.deadline", lang, deadline=r.current_deadline.isoformat(), days_text=days_text(r.days_left or 0, lang)))
    if r.extended_at is not None:
        lines.append(t("core.show.extended", lang, deadline=r.deadline.isoformat(), reason=r.extension_reason or ""))
    elif not r.closed:
        lines.append(t("core.show.extendable", lang, deadline=r.extended_deadline.isoformat()))
    if r.paused_days_so_far:
        lines.append(t("core.show.paused", lang, days=r.paused_days_so_far))
    if r.outcome:
        outcome = t(f"register.status.{r.outcome}", lang)
        lines.append(t("core.show.outcome", lang, outcome=f"{outcome}: {r.outcome_note}" if r.outcome_note else outcome))
    lines.append(t("core.show.subject", lang, subject=r.subject_ref))
    lines.append(t("core.show.logged_by", lang, actor=r.logged_by))
    return lines


def _event_line(event: EventView, country: str, lang: str) -> str:
    """One history entry: time, who, what (and its reason or note)."""
    action = t(f"core.history.{event.action}", lang) if event.action in _HISTORY else event.action
    detail = event.details.get("reason") or event.details.get("note") or event.details.get("outcome")
    if event.action == "paused" and event.details.get("reason"):
        detail = t(f"register.status.awaiting_{event.details['reason']}", lang)
        detail += f": {event.details['note']}" if event.details.get("note") else ""
    text = f"{_local(event.at, country)} {event.actor}: {action}"
    return f"{text} ({detail})" if detail and event.action != "logged" else text


_HISTORY = frozenset({"logged", "paused", "resumed", "extended", "closed", "withdrawn", "reopened"})


def show(details: RequestDetails, lang: str) -> Reply:
    """One request with its history and the buttons that act on it."""
    r = details.request
    heading = t("core.show.heading", lang, id=r.ref, type=_type(r, lang), article=r.article)
    history = tuple(_event_line(e, r.country, lang) for e in details.history)
    sections = (Section(heading, tuple(_facts(r, lang))), Section(t("core.show.history", lang), history, bullets=True))
    return Reply(lang, sections=sections, actions=request_actions(r, lang))


def logged(result: LogResult, lang: str) -> Reply:
    """The reply to a newly logged request."""
    r = result.request
    lines = [
        t(
            "register.reply.logged",
            lang,
            id=r.ref,
            type=_type(r, lang),
            article=r.article,
            org=r.organisation,
            received=r.received_on.isoformat(),
            deadline=r.deadline.isoformat(),
            extended_deadline=r.extended_deadline.isoformat(),
        ),
        _received(r, lang),
    ]
    if result.duplicates:
        lines.append(t("register.reply.logged_duplicate", lang, ids=", ".join(result.duplicates)))
    if r.overdue:
        lines.append(t("register.reply.logged_overdue", lang, deadline=r.current_deadline.isoformat()))
    return Reply(lang, intro="\n".join(lines), actions=(Action(r.ref, "show", r.ref),))


def changed(change: Change, lang: str, authority: str = "") -> Reply:
    """The reply to a pause, resume, extension, closing or withdrawal."""
    r = change.request
    action = change.event.action
    if action == "paused":
        lines = [t("register.reply.paused", lang, id=r.ref, status=t(f"register.status.{r.status}", lang))]
    elif action == "resumed":
        lines = [t("register.reply.resumed", lang, id=r.ref, days=change.event.details.get("days", 0), deadline=r.current_deadline.isoformat())]
    elif action == "extended":
        lines = [t("register.reply.extended", lang, id=r.ref, deadline=r.current_deadline.isoformat(), inform_by=r.deadline.isoformat())]
    elif action == "withdrawn":
        lines = [t("register.reply.withdrawn", lang, id=r.ref)]
    elif r.status == "refused":
        lines = [t("register.reply.closed_refused", lang, id=r.ref, authority=authority)]
    else:
        lines = [t("register.reply.closed_done", lang, id=r.ref)]
    if change.event.details.get("late"):
        lines.append(t("register.reply.closed_late", lang, deadline=r.current_deadline.isoformat()))
    elif r.overdue:
        lines.append(t("register.reply.overdue", lang, deadline=r.current_deadline.isoformat()))
    return Reply(lang, intro="\n".join(lines), actions=request_actions(r, lang))
