"""The knowledge base's data model: organisations, topics, retention, recipients and rights."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LANGUAGES: tuple[str, ...] = ("da", "sv", "en")

# Events a retention period can run from (the JSON contract's `retention.from`). Documented in
# docs/knowledge-base.md; extend here and there together.
RETENTION_EVENTS: tuple[str, ...] = (
    "collection",  # the data was collected / logged
    "purchase",  # the purchase it belongs to
    "transaction_completed",  # the payment transaction completed
    "end_of_financial_year",  # end of the financial year the record belongs to
    "end_of_relationship",  # the customer (or supplier) relationship ended
    "last_activity",  # last activity on the account (purchase, change, login)
    "consent_withdrawn",  # the data subject withdrew consent / unsubscribed
    "account_closed",  # the data subject closed the account
    "notification_sent",  # the requested notification was sent
    "receipt",  # the message (e-mail) was received
    "backup_created",  # the backup copy was made (backups are overwritten in cycles)
    "session_end",  # the browser session ended (session cookies)
    "unspecified",  # the policy states a period but not the event it runs from
)

RIGHTS: tuple[str, ...] = (
    "access",  # Art. 15
    "rectification",  # Art. 16
    "erasure",  # Art. 17
    "restriction",  # Art. 18
    "portability",  # Art. 20
    "objection",  # Art. 21
    "consent_withdrawal",  # Art. 7(3)
    "complaint",  # Art. 77 (to the supervisory authority)
)

RECIPIENT_ROLES: tuple[str, ...] = ("processor", "controller", "recipient", "authority")

CHANNEL_KINDS: tuple[str, ...] = (
    "email",
    "phone",
    "letter",
    "web_form",
    "self_service",
    "in_person",
    "chat",
    "social_media",
)


@dataclass(frozen=True, slots=True)
class Text:
    """A string in each supported language (proper names may be the same in all)."""

    da: str
    sv: str
    en: str

    def get(self, language: str) -> str:
        """The text in `language`, English for an unknown language."""
        return str(getattr(self, language, self.en)) if language in LANGUAGES else self.en

    def as_dict(self) -> dict[str, str]:
        """All languages as a plain dict."""
        return {"da": self.da, "sv": self.sv, "en": self.en}


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a fact comes from: the policy file, its section (number or heading) and a short anchor."""

    policy: str
    section: str
    quote: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON form (the contract's `source`)."""
        out: dict[str, Any] = {"policy": self.policy, "section": self.section}
        if self.quote:
            out["quote"] = self.quote
        return out


@dataclass(frozen=True, slots=True)
class Retention:
    """How long data is kept: a period from an event, or an explicit "not stated"."""

    stated: bool
    text: Text
    duration: str | None = None  # ISO 8601, e.g. "P60D", "P5Y"; "P0D" = deleted at the event
    start: str | None = None  # one of RETENTION_EVENTS (the contract's `from`)
    minimum: bool = False  # "at least" (e.g. "mindst 5 år")
    quotes: tuple[SourceRef, ...] = ()  # the sentences that state it (also used by `kb check`)

    def as_contract(self, language: str) -> dict[str, Any] | None:
        """The contract's `retention` object, or None when the policy states no period."""
        if not self.stated or self.duration is None:
            return None
        return {
            "duration": self.duration,
            "from": self.start,
            "text": self.text.get(language),
            "minimum": self.minimum,
        }


@dataclass(frozen=True, slots=True)
class LegalBasis:
    """A legal basis: GDPR article or national law, with a localised label."""

    code: str
    ref: str  # e.g. "GDPR Art. 6(1)(f)", "Bogføringsloven"
    label: Text


@dataclass(frozen=True, slots=True)
class Recipient:
    """A named recipient or processor of the organisation's personal data."""

    id: str
    name: str
    role: str  # one of RECIPIENT_ROLES
    purpose: Text
    source: SourceRef
    country: str | None = None
    transfer: str | None = None  # transfer basis for third countries, as the policy states it
    data: Text | None = None
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # optional everyday names per language


@dataclass(frozen=True, slots=True)
class Channel:
    """A way to reach the organisation (kind + address/number, or a description)."""

    kind: str  # one of CHANNEL_KINDS
    value: str

    def as_dict(self) -> dict[str, str]:
        """JSON form."""
        return {"kind": self.kind, "value": self.value}


@dataclass(frozen=True, slots=True)
class Right:
    """How a data subject exercises one right at this organisation."""

    right: str  # one of RIGHTS
    how: Text
    source: SourceRef
    channels: tuple[Channel, ...] = ()
    identification: Text | None = None  # None: the policy demands nothing specific / says nothing


@dataclass(frozen=True, slots=True)
class Topic:
    """A kind of data or processing, with everything the policy says about it."""

    id: str
    title: Text
    aliases: dict[str, tuple[str, ...]]
    data: Text
    purposes: tuple[Text, ...]
    legal_basis: tuple[LegalBasis, ...]
    recipients: tuple[Recipient, ...]
    retention: Retention
    source: SourceRef


@dataclass(frozen=True, slots=True)
class Controller:
    """The data controller's identity and contact details."""

    name: str
    address: str
    source: SourceRef
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    company_id: str | None = None


@dataclass(frozen=True, slots=True)
class Complaint:
    """The supervisory authority a data subject can complain to."""

    authority: str
    source: SourceRef
    address: str | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class NotRetention:
    """A sentence that looks like a retention statement but is not one, with the reviewer's reason."""

    source: SourceRef
    reason: str


@dataclass(frozen=True, slots=True)
class Organisation:
    """One organisation's curated knowledge base."""

    slug: str
    display_name: str
    names: tuple[str, ...]
    country: str  # "DK" | "SE"
    language: str  # default language of its staff
    policy: str  # policy file name
    policy_updated: str | None
    controller: Controller
    requests: Text  # how customers exercise their rights, in general
    request_channels: tuple[Channel, ...]
    identification: Text | None  # identification demanded in general (None: not stated)
    complaint: Complaint
    rights: tuple[Right, ...]
    recipients: tuple[Recipient, ...]
    topics: tuple[Topic, ...]
    not_retention: tuple[NotRetention, ...] = ()
    path: str = ""
    general_source: SourceRef | None = None

    def topic(self, topic_id: str) -> Topic | None:
        """The topic with this id, if any."""
        return next((t for t in self.topics if t.id == topic_id), None)

    def right(self, name: str) -> Right | None:
        """How this organisation handles the named right, if the policy says."""
        return next((r for r in self.rights if r.right == name), None)


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """All organisations, by slug."""

    organisations: dict[str, Organisation] = field(default_factory=dict)

    def get(self, slug: str) -> Organisation | None:
        """The organisation with this slug, if any."""
        return self.organisations.get(slug)

    @property
    def slugs(self) -> tuple[str, ...]:
        """All organisation slugs, sorted."""
        return tuple(sorted(self.organisations))
