"""The ask handler: a question in, a Reply (and the JSON contract object) out."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from handlers.reply import Reply, Section
from handlers.wording import t
from knowledge.answer import Answerer, Match, QuestionError, Result
from knowledge.model import Channel, Organisation, SourceRef, Topic
from knowledge.text import detect_language

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NUMBERED = re.compile(r"^\d+[a-z]?(?:\.\d+)*\.?$")


class AskError(Exception):
    """A question that cannot be answered as asked; `reply` says why in the user's language."""

    def __init__(self, reply: Reply, key: str) -> None:
        super().__init__(key)
        self.reply, self.key = reply, key


def validate_question(question: str, language: str | None = None) -> None:
    """Refuse control characters up front (the engine refuses empty and over-long questions)."""
    if _CONTROL.search(question or ""):
        lang = language or detect_language(_CONTROL.sub(" ", question))
        raise AskError(Reply(lang, intro=t("ask.error.control_chars", lang), error=True), "ask.error.control_chars")


def ask(
    answerer: Answerer,
    question: str,
    org: str | None = None,
    language: str | None = None,
    among: Sequence[str] | None = None,
) -> tuple[Result, Reply]:
    """Answer a question (for `org`, or `among` some organisations unless it names one); AskError for bad input."""
    validate_question(question, language)
    try:
        result = answerer.answer(question, org=org, language=language, among=among)
    except QuestionError as exc:
        text = (question or "").strip()
        lang = language or (detect_language(text[:500]) if text else "en")
        raise AskError(Reply(lang, intro=t(exc.key, lang, **exc.values), error=True), exc.key) from exc
    return result, render(result)


def _source(ref: SourceRef, lang: str) -> str:
    """'Source: policy, section X' in the reply language."""
    section = ref.section if _NUMBERED.match(ref.section) else f"«{ref.section}»"
    return t("ask.source", lang, policy=ref.policy, section=section)


def _retention_text(topic: Topic, lang: str) -> str:
    """The retention sentence for a topic."""
    return topic.retention.text.get(lang)


def _channels(channels: tuple[Channel, ...], lang: str) -> str:
    """Channels as 'e-mail info@…, phone 86 …'."""
    return ", ".join(f"{t(f'ask.channel.{c.kind}', lang)} {c.value}" for c in channels)


def _topic_section(m: Match, aspect: str, lang: str) -> Section:
    """A section answering `aspect` for a matched topic."""
    topic = m.topic
    assert topic is not None
    lines: list[str] = []
    purposes = _listing(p.get(lang) for p in topic.purposes)
    bases = "; ".join(f"{b.ref} ({b.label.get(lang)})" for b in topic.legal_basis)
    recipients = _listing(t("ask.recipient.line", lang, name=r.name, purpose=r.purpose.get(lang)) for r in topic.recipients)
    if aspect == "retention":
        lines.append(t("ask.label.retention", lang, text=_retention_text(topic, lang)))
    elif aspect == "purpose":
        lines.append(t("ask.label.purposes", lang, text=purposes) if purposes else t("ask.none.purposes", lang))
    elif aspect == "legal_basis":
        lines.append(t("ask.label.legal_basis", lang, text=bases) if bases else t("ask.none.legal_basis", lang))
    elif aspect == "recipients":
        lines.append(t("ask.label.recipients", lang, text=recipients) if recipients else t("ask.none.recipients", lang))
    elif aspect == "data":
        lines.append(t("ask.label.data", lang, text=topic.data.get(lang)))
    else:
        lines.append(t("ask.label.data", lang, text=topic.data.get(lang)))
        if purposes:
            lines.append(t("ask.label.purposes", lang, text=purposes))
        lines.append(t("ask.label.retention", lang, text=_retention_text(topic, lang)))
        if bases:
            lines.append(t("ask.label.legal_basis", lang, text=bases))
        if recipients:
            lines.append(t("ask.label.recipients", lang, text=recipients))
    heading = t("ask.heading", lang, org=m.org.display_name, title=topic.title.get(lang))
    return Section(heading, tuple(lines), _source(topic.source, lang))


def _recipient_section(m: Match, lang: str) -> Section:
    """A section about one named recipient."""
    rec = m.recipient
    assert rec is not None
    lines = [rec.purpose.get(lang), t("ask.recipient.role", lang, role=t(f"ask.role.{rec.role}", lang))]
    if rec.data:
        lines.append(t("ask.recipient.data", lang, data=rec.data.get(lang)))
    if rec.country:
        lines.append(t("ask.recipient.country", lang, country=rec.country))
    if rec.transfer:
        lines.append(t("ask.recipient.transfer", lang, transfer=rec.transfer))
    return Section(t("ask.heading", lang, org=m.org.display_name, title=rec.name), tuple(lines), _source(rec.source, lang))


def _requests_lines(org: Organisation, lang: str) -> list[str]:
    """The general request procedure of an organisation."""
    lines = [org.requests.get(lang)]
    if org.request_channels:
        lines.append(t("ask.channels", lang, text=_channels(org.request_channels, lang)))
    if org.identification:
        lines.append(t("ask.identification", lang, text=org.identification.get(lang)))
    return lines


def _right_section(m: Match, right: str | None, lang: str) -> Section:
    """A section on how a right is exercised at one organisation."""
    org = m.org
    if m.right is not None:
        r = m.right
        lines = [r.how.get(lang)]
        if r.channels:
            lines.append(t("ask.channels", lang, text=_channels(r.channels, lang)))
        ident = r.identification or org.identification
        lines.append(t("ask.identification", lang, text=ident.get(lang)) if ident else t("ask.identification.none", lang))
        title = t(f"ask.right.{r.right}", lang)
        return Section(t("ask.heading", lang, org=org.display_name, title=title), tuple(lines), _source(r.source, lang))
    title = t(f"ask.right.{right}", lang) if right else t("ask.requests.heading", lang)
    lines = ([t("ask.right.not_described", lang)] if right else []) + _requests_lines(org, lang)
    if not org.identification:
        lines.append(t("ask.identification.none", lang))
    source = org.general_source or org.controller.source
    return Section(t("ask.heading", lang, org=org.display_name, title=title), tuple(lines), _source(source, lang))


def _controller_section(org: Organisation, lang: str) -> Section:
    """A section with the data controller's contact details."""
    c = org.controller
    lines = [c.name, c.address]
    for key in ("phone", "email", "website", "company_id"):
        value = getattr(c, key)
        if value:
            lines.append(t(f"ask.controller.{key}", lang, value=value))
    lines.append(t("ask.controller.complaint", lang, value=org.complaint.authority))
    return Section(t("ask.controller.heading", lang, org=org.display_name), tuple(lines), _source(c.source, lang))


def _recipients_heading(m: Match, lang: str) -> str:
    """The heading of a recipients overview: every recipient, or only the processors."""
    return t("ask.processors.heading" if m.roles else "ask.recipients.heading", lang, org=m.org.display_name)


def _listing(items: Iterable[str]) -> str:
    """Sentences joined into one line with semicolons ("A; B"), without a full stop before each semicolon."""
    return "; ".join(i.strip().rstrip(".") for i in items if i.strip())


def _overview_sections(m: Match, aspect: str, lang: str) -> list[Section]:
    """Every topic of an organisation, answering `aspect` (for generic questions about one organisation)."""
    org = m.org
    if m.kind == "recipients":
        heading = _recipients_heading(m, lang)
        if not m.recipients:
            return [Section(heading, (t("ask.none.recipients_org", lang),))]
        lines = tuple(t("ask.recipient.line", lang, name=r.name, purpose=r.purpose.get(lang)) for r in m.recipients)
        return [Section(heading, lines, bullets=True)]
    lines = []
    for topic in org.topics:
        if aspect == "retention":
            detail = _retention_text(topic, lang)
        elif aspect == "purpose":
            detail = _listing(p.get(lang) for p in topic.purposes) or t("ask.none.purposes", lang)
        elif aspect == "legal_basis":
            detail = "; ".join(f"{b.ref} ({b.label.get(lang)})" for b in topic.legal_basis) or t("ask.none.legal_basis", lang)
        else:
            detail = topic.data.get(lang)
        lines.append(f"{topic.title.get(lang)}: {detail}")
    return [Section(t("ask.overview.heading", lang, org=org.display_name), tuple(lines), bullets=True)]


def render(result: Result) -> Reply:
    """The reply for an engine result, in the result's language."""
    lang = result.language
    if result.abstained:
        if result.reason == "vague":
            orgs = ", ".join(sorted({m.org.display_name for m in result.suggestions} or {"iMusic", "JAVI"}))
            return Reply(lang, intro=t("ask.abstain.vague", lang, orgs=orgs))
        if result.org:
            intro = t("ask.abstain.org", lang, org=result.suggestions[0].org.display_name if result.suggestions else result.org)
        else:
            intro = t("ask.abstain", lang)
        parts = []
        if result.unknown_words:
            parts.append(t("ask.abstain.unknown_words", lang, words=", ".join(result.unknown_words[:5])))
        if result.suggestions:
            topics = "; ".join(f"{m.org.display_name}: {m.topic.title.get(lang)}" for m in result.suggestions if m.topic)
            parts.append(t("ask.suggestions", lang, topics=topics))
        return Reply(lang, intro=intro, outro=" ".join(parts) or None)
    sections: list[Section] = []
    for m in result.matches:
        if m.kind == "topic":
            sections.append(_topic_section(m, result.aspect, lang))
        elif m.kind == "recipient":
            sections.append(_recipient_section(m, lang))
        elif m.kind in ("right", "requests"):
            sections.append(_right_section(m, result.right, lang))
        elif m.kind == "controller":
            sections.append(_controller_section(m.org, lang))
        else:
            sections.extend(_overview_sections(m, result.aspect, lang))
    return Reply(lang, sections=tuple(sections))


def _answer_objects(m: Match, lang: str) -> list[dict[str, Any]]:
    """The contract's answer objects for one match (an overview expands to one per topic)."""
    if m.kind == "overview":
        return [_topic_object(Match(m.org, "topic", m.score, topic=topic), lang) for topic in m.org.topics]
    if m.kind == "topic":
        return [_topic_object(m, lang)]
    base: dict[str, Any] = {
        "org": m.org.slug,
        "topic": m.topic_id,
        "kind": m.kind,
        "score": round(m.score, 4),
        "retention": None,
        "purposes": [],
        "legal_basis": [],
        "recipients": [],
    }
    if m.kind == "recipient" and m.recipient is not None:
        rec = m.recipient
        base.update(title=rec.name, purposes=[rec.purpose.get(lang)], recipients=[rec.name])
        base["recipient_details"] = [_recipient_object(rec, lang)]
        base["source"] = rec.source.as_dict()
    elif m.kind == "right" and m.right is not None:
        r = m.right
        ident = r.identification or m.org.identification
        base.update(title=t(f"ask.right.{r.right}", lang), right=r.right, how=r.how.get(lang))
        base["channels"] = [c.as_dict() for c in r.channels]
        base["identification"] = ident.get(lang) if ident else None
        base["source"] = r.source.as_dict()
    elif m.kind == "requests":
        org = m.org
        base.update(title=t("ask.requests.heading", lang), how=org.requests.get(lang))
        base["channels"] = [c.as_dict() for c in org.request_channels]
        base["identification"] = org.identification.get(lang) if org.identification else None
        base["source"] = (org.general_source or org.controller.source).as_dict()
    elif m.kind == "controller":
        c = m.org.controller
        base.update(title=c.name)
        base["controller"] = {
            k: getattr(c, k) for k in ("name", "address", "phone", "email", "website", "company_id") if getattr(c, k)
        }
        base["complaint_authority"] = m.org.complaint.authority
        base["source"] = c.source.as_dict()
    elif m.kind == "recipients":
        base.update(title=_recipients_heading(m, lang))
        base["recipients"] = [r.name for r in m.recipients]
        base["recipient_details"] = [_recipient_object(r, lang) for r in m.recipients]
        base["source"] = m.org.controller.source.as_dict()
    return [base]


def _recipient_object(rec: Any, lang: str) -> dict[str, Any]:
    """One recipient in detail."""
    return {
        "name": rec.name,
        "role": rec.role,
        "purpose": rec.purpose.get(lang),
        "country": rec.country,
        "transfer": rec.transfer,
    }


def _topic_object(m: Match, lang: str) -> dict[str, Any]:
    """The contract's answer object for a topic."""
    topic = m.topic
    assert topic is not None
    return {
        "org": m.org.slug,
        "topic": topic.id,
        "kind": "topic",
        "title": topic.title.get(lang),
        "score": round(m.score, 4),
        "retention": topic.retention.as_contract(lang),
        "retention_stated": topic.retention.stated,
        "retention_text": topic.retention.text.get(lang),
        "purposes": [p.get(lang) for p in topic.purposes],
        "legal_basis": [f"{b.ref} ({b.label.get(lang)})" for b in topic.legal_basis],
        "recipients": [r.name for r in topic.recipients],
        "recipient_details": [_recipient_object(r, lang) for r in topic.recipients],
        "data": topic.data.get(lang),
        "source": topic.source.as_dict(),
    }


def contract(result: Result, reply: Reply) -> dict[str, Any]:
    """The `gdpr-bot ask --json` object (keys of the contract first, extensions after)."""
    lang = result.language
    org = result.org or (result.orgs_in_question[0] if len(result.orgs_in_question) == 1 else None)
    answers = [obj for m in result.matches for obj in _answer_objects(m, lang)]
    return {
        "question": result.question,
        "org": org,
        "language": lang,
        "aspect": result.aspect,
        "abstained": result.abstained,
        "answers": answers,
        "reply": reply.plain(),
        "right": result.right,
        "orgs_in_question": list(result.orgs_in_question),
        "suggestions": [
            {"org": m.org.slug, "topic": m.topic.id, "title": m.topic.title.get(lang)} for m in result.suggestions if m.topic
        ],
    }


def error_contract(question: Any, org: Any, reply: Reply, key: str) -> dict[str, Any]:
    """The JSON object for a question that could not be asked."""
    return {
        "question": question,
        "org": org,
        "language": reply.language,
        "aspect": None,
        "abstained": True,
        "answers": [],
        "reply": reply.plain(),
        "error": key,
    }
