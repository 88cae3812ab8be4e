"""Reminder and digest messages as channel-neutral Replies (with Done / Extend actions).

`render_reminder` is what every notifier (Telegram, Slack, console, log) shows for a `Reminder`;
`render_digest` the weekly list of open requests. Neither shows the subject reference: reminders go
to group chats and logs, and staff open the request (`/show ID`, `requests show ID`) to see it.
"""

from __future__ import annotations

from datetime import date

from deadlines.register import RequestView
from deadlines.reminders import Reminder
from deadlines.rules import receipt_date
from handlers.reply import Action, Reply, Section
from handlers.wording import language_or_default, t

DIGEST_SOON_DAYS = 7  # "due within 7 days" in the digest
DIGEST_SECTION_LIMIT = 25  # lines per digest section before "… and N more" (chat messages stay short)


def _days_key(days_left: int) -> str:
    """The wording variant for a number of days left: in_days, tomorrow, today, overdue_one, overdue_days."""
    if days_left > 1:
        return "in_days"
    if days_left < -1:
        return "overdue_days"
    return {1: "tomorrow", 0: "today", -1: "overdue_one"}[days_left]


def days_text(days_left: int, language: str) -> str:
    """'3 days left', 'today', '2 days overdue' in `language`."""
    return t(f"reminders.days.{_days_key(days_left)}", language, days=abs(days_left))


def _when(days_left: int, language: str) -> str:
    """'is due in 3 days', 'is due today', 'is 2 days overdue' in `language`."""
    return t(f"reminders.when.{_days_key(days_left)}", language, days=abs(days_left))


def can_extend(request: RequestView, days_left: int) -> bool:
    """Whether an Extend button makes sense: not extended yet, and the first deadline has not passed."""
    return request.extended_at is None and not request.paused and days_left >= 0


def render_reminder(reminder: Reminder) -> Reply:
    """The reminder in its language: id, type, organisation, deadline, days left; actions done and extend.

    The Extend action is offered only while the request can still be extended (see `can_extend`);
    the register would refuse it otherwise.
    """
    lang = language_or_default(reminder.language)
    r = reminder.request
    kind = t(f"register.type.{r.type}", lang)
    key = "reminders.intro_escalation" if reminder.escalation else "reminders.intro"
    intro = t(key, lang, id=r.ref, type=kind, org=r.organisation, when=_when(reminder.days_left, lang))
    deadline_key = "reminders.line.deadline_extended" if r.extended_at is not None else "reminders.line.deadline"
    lines = (
        t("reminders.line.type", lang, type=kind, article=r.article),
        t("reminders.line.organisation", lang, org=r.organisation),
        t(deadline_key, lang, deadline=reminder.deadline.isoformat(), days_text=days_text(reminder.days_left, lang)),
        t("reminders.line.received", lang, received=r.received_on.isoformat()),
    )
    outro = None
    if reminder.stage == "extension-decision":
        outro = t("reminders.extension_decision", lang, deadline=r.deadline.isoformat())
    elif reminder.days_left < 0:
        outro = t("reminders.overdue_advice", lang)
    actions = [Action(t("reminders.action.done", lang), "done", r.ref)]
    if can_extend(r, reminder.days_left):
        actions.append(Action(t("reminders.action.extend", lang), "extend", r.ref))
    return Reply(lang, intro=intro, sections=(Section(lines=lines),), outro=outro, actions=tuple(actions))


def _days_left(request: RequestView) -> int:
    """Days to the current deadline from the snapshot's today (negative when overdue)."""
    return (request.current_deadline - request.today).days


def _group(request: RequestView) -> str | None:
    """The digest group of an open request (None for a closed one)."""
    if request.closed:
        return None
    if request.paused:
        return "paused"
    left = _days_left(request)
    if left < 0:
        return "overdue"
    return "week" if left <= DIGEST_SOON_DAYS else "later"


def _digest_line(request: RequestView, language: str) -> str:
    """One request in the digest."""
    kind = t(f"register.type.{request.type}", language)
    if request.paused:
        since: date = receipt_date(request.paused_at, request.country) if request.paused_at else request.today
        status = t(f"register.status.{request.status}", language)
        return t(
            "reminders.digest.line_paused",
            language,
            id=request.ref,
            type=kind,
            org=request.organisation,
            status=status,
            since=since.isoformat(),
        )
    return t(
        "reminders.digest.line",
        language,
        id=request.ref,
        type=kind,
        org=request.organisation,
        deadline=request.current_deadline.isoformat(),
        days_text=days_text(_days_left(request), language),
    )


def _digest_section(group: str, items: list[RequestView], language: str, limit: int) -> Section:
    """A digest section: heading with the count, one bullet per request (at most `limit`), then '… and N more'."""
    lines = [_digest_line(r, language) for r in items[:limit]]
    if len(items) > limit:
        lines.append(t("reminders.digest.more", language, count=len(items) - limit))
    return Section(heading=t(f"reminders.digest.{group}", language, count=len(items)), lines=tuple(lines), bullets=True)


def render_digest(
    requests: tuple[RequestView, ...], language: str, *, limit: int = DIGEST_SECTION_LIMIT
) -> Reply:
    """The weekly digest: open requests grouped by urgency (overdue, this week, later, paused)."""
    lang = language_or_default(language)
    groups: dict[str, list[RequestView]] = {"overdue": [], "week": [], "later": [], "paused": []}
    for request in requests:
        group = _group(request)
        if group is not None:
            groups[group].append(request)
    count = sum(len(items) for items in groups.values())
    if count == 0:
        return Reply(lang, intro=t("reminders.digest.empty", lang))
    intro = t("reminders.digest.intro_one", lang) if count == 1 else t("reminders.digest.intro", lang, count=count)
    sections = tuple(
        _digest_section(name, sorted(items, key=lambda r: (r.current_deadline, r.ref)), lang, limit)
        for name, items in groups.items()
        if items
    )
    return Reply(lang, intro=intro, sections=sections)
