"""Loads and validates the knowledge base's TOML files; errors name the file, the entry and the field."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from knowledge.model import (
    CHANNEL_KINDS,
    LANGUAGES,
    RECIPIENT_ROLES,
    RETENTION_EVENTS,
    RIGHTS,
    Channel,
    Complaint,
    Controller,
    KnowledgeBase,
    LegalBasis,
    NotRetention,
    Organisation,
    Recipient,
    Retention,
    Right,
    SourceRef,
    Text,
    Topic,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
LEGAL_FILE = "_legal.toml"
ISO_DURATION = re.compile(r"^P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_QUOTE = 160

T = TypeVar("T")


class KnowledgeBaseError(ValueError):
    """An invalid knowledge-base file: the message names the file, the entry and the field."""

    def __init__(self, file: str, entry: str, field: str, problem: str) -> None:
        super().__init__(f"{file}: {entry}: field '{field}': {problem}")
        self.file, self.entry, self.field, self.problem = file, entry, field, problem


class _Entry:
    """A view of one TOML table that reports problems with its file, entry and field path."""

    def __init__(self, file: str, entry: str, table: Any, prefix: str = "") -> None:
        self.file, self.entry, self.prefix = file, entry, prefix
        if not isinstance(table, dict):
            raise KnowledgeBaseError(file, entry, prefix or "(entry)", "must be a table")
        self.table: dict[str, Any] = table

    def fail(self, key: str, problem: str) -> KnowledgeBaseError:
        """An error about `key` of this entry."""
        return KnowledgeBaseError(self.file, self.entry, self.prefix + key, problem)

    def sub(self, key: str, *, required: bool = True) -> _Entry | None:
        """A nested table as an entry view."""
        value = self.table.get(key)
        if value is None:
            if required:
                raise self.fail(key, "is missing")
            return None
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        return _Entry(self.file, self.entry, value, f"{self.prefix}{key}.")

    def check_keys(self, allowed: Iterable[str]) -> None:
        """Reject unknown keys (typos would otherwise be silently ignored)."""
        unknown = sorted(set(self.table) - set(allowed))
        if unknown:
            raise self.fail(unknown[0], "is not a known field")

    def string(self, key: str, *, required: bool = True, max_len: int = 2000) -> str | None:
        """A non-empty string field."""
        value = self.table.get(key)
        if value is None:
            if required:
                raise self.fail(key, "is missing")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "must be a non-empty string")
        if len(value) > max_len:
            raise self.fail(key, f"is longer than {max_len} characters")
        return value.strip()

    def req(self, key: str, **kw: Any) -> str:
        """A required non-empty string field."""
        value = self.string(key, required=True, **kw)
        assert value is not None
        return value

    def choice(self, key: str, options: Iterable[str], *, required: bool = True) -> str | None:
        """A string field that must be one of `options`."""
        value = self.string(key, required=required)
        options = tuple(options)
        if value is not None and value not in options:
            raise self.fail(key, f"{value!r} is not one of {', '.join(options)}")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        """A boolean field with a default."""
        value = self.table.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "must be true or false")
        return value

    def text(self, key: str, *, required: bool = True) -> Text | None:
        """A localised text: a table with da, sv and en (or one string for a proper name)."""
        value = self.table.get(key)
        if value is None:
            if required:
                raise self.fail(key, "is missing")
            return None
        return _text(value, lambda p: self.fail(key, p))

    def texts(self, key: str) -> tuple[Text, ...]:
        """A list of localised texts (may be empty)."""
        value = self.table.get(key, [])
        if not isinstance(value, list):
            raise self.fail(key, "must be a list")
        return tuple(_text(v, lambda p, i=i: self.fail(f"{key}[{i}]", p)) for i, v in enumerate(value))

    def strings(self, key: str) -> tuple[str, ...]:
        """A list of non-empty strings (may be empty)."""
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(key, "must be a list of non-empty strings")
        return tuple(v.strip() for v in value)

    def tables(self, key: str) -> list[Any]:
        """A list of tables (may be empty)."""
        value = self.table.get(key, [])
        if not isinstance(value, list):
            raise self.fail(key, "must be a list of tables")
        return value


def _text(value: Any, fail: Callable[[str], KnowledgeBaseError]) -> Text:
    """Build a Text from a string or a {da, sv, en} table."""
    if isinstance(value, str):
        if not value.strip():
            raise fail("must not be empty")
        return Text(value.strip(), value.strip(), value.strip())
    if not isinstance(value, dict):
        raise fail("must be a string or a table with da, sv and en")
    missing = [lang for lang in LANGUAGES if not isinstance(value.get(lang), str) or not value[lang].strip()]
    if missing:
        raise fail(f"has no text for {', '.join(missing)}")
    extra = sorted(set(value) - set(LANGUAGES))
    if extra:
        raise fail(f"has an unknown language {extra[0]!r}")
    return Text(*(value[lang].strip() for lang in LANGUAGES))


def _source(entry: _Entry, key: str, policy: str, *, required: bool = True) -> SourceRef | None:
    """A source reference {section, quote?} in `policy`."""
    sub = entry.sub(key, required=required)
    if sub is None:
        return None
    sub.check_keys(("section", "quote"))
    return SourceRef(policy, sub.req("section", max_len=200), sub.string("quote", required=False, max_len=MAX_QUOTE))


def _channels(entry: _Entry, key: str) -> tuple[Channel, ...]:
    """A list of channels {kind, value}."""
    out = []
    for i, raw in enumerate(entry.tables(key)):
        ch = _Entry(entry.file, entry.entry, raw, f"{entry.prefix}{key}[{i}].")
        ch.check_keys(("kind", "value"))
        kind = ch.choice("kind", CHANNEL_KINDS)
        assert kind is not None
        out.append(Channel(kind, ch.req("value")))
    return tuple(out)


def load_legal(path: Path) -> dict[str, LegalBasis]:
    """Load the shared catalogue of legal bases (GDPR articles and national laws)."""
    data = _read(path)
    out: dict[str, LegalBasis] = {}
    raw = data.get("legal_basis")
    if not isinstance(raw, dict) or not raw:
        raise KnowledgeBaseError(path.name, "(file)", "legal_basis", "must be a table of legal bases")
    for code, table in raw.items():
        entry = _Entry(path.name, f"legal basis {code!r}", table)
        entry.check_keys(("ref", "label"))
        label = entry.text("label")
        assert label is not None
        out[code] = LegalBasis(code, entry.req("ref"), label)
    return out


def _read(path: Path) -> dict[str, Any]:
    """Parse a TOML file, naming the file on a syntax error."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeBaseError(path.name, "(file)", "(syntax)", str(exc)) from exc
    except OSError as exc:
        raise KnowledgeBaseError(path.name, "(file)", "(file)", exc.strerror or str(exc)) from exc


def load_organisation(path: Path, legal: dict[str, LegalBasis]) -> Organisation:
    """Load and validate one organisation's file."""
    data = _read(path)
    file = path.name
    root = _Entry(file, "(file)", data)
    root.check_keys(
        ("schema", "organisation", "controller", "requests", "complaint", "right", "recipient", "topic", "not_retention")
    )
    if data.get("schema") != 1:
        raise root.fail("schema", "must be 1")

    org = root.sub("organisation")
    assert org is not None
    org.entry = "organisation"
    org.prefix = ""
    org.check_keys(("slug", "display_name", "names", "country", "language", "policy", "policy_updated"))
    slug = org.req("slug")
    if not SLUG.match(slug):
        raise org.fail("slug", "must be lower-case letters, digits and dashes")
    if path.stem != slug:
        raise org.fail("slug", f"must match the file name ({path.stem!r})")
    policy = org.req("policy")
    country = org.choice("country", ("DK", "SE"))
    language = org.choice("language", LANGUAGES)

    ctl = _Entry(file, "controller", data.get("controller"))
    ctl.check_keys(("name", "address", "phone", "email", "website", "company_id", "source"))
    controller = Controller(
        name=ctl.req("name"),
        address=ctl.req("address"),
        source=_req_source(ctl, policy),
        phone=ctl.string("phone", required=False),
        email=ctl.string("email", required=False),
        website=ctl.string("website", required=False),
        company_id=ctl.string("company_id", required=False),
    )

    req = _Entry(file, "requests", data.get("requests"))
    req.check_keys(("how", "channels", "identification", "source"))
    req_how = req.text("how")
    assert req_how is not None
    req_source = _req_source(req, policy)

    cpl = _Entry(file, "complaint", data.get("complaint"))
    cpl.check_keys(("authority", "address", "website", "email", "phone", "source"))
    complaint = Complaint(
        authority=cpl.req("authority"),
        source=_req_source(cpl, policy),
        address=cpl.string("address", required=False),
        website=cpl.string("website", required=False),
        email=cpl.string("email", required=False),
        phone=cpl.string("phone", required=False),
    )

    recipients: dict[str, Recipient] = {}
    for i, raw in enumerate(root.tables("recipient")):
        rid = raw.get("id") if isinstance(raw, dict) else None
        entry = _Entry(file, f"recipient {rid!r}" if rid else f"recipient #{i + 1}", raw)
        entry.check_keys(("id", "name", "aliases", "role", "purpose", "country", "transfer", "data", "source"))
        rec_id = entry.req("id")
        if not SLUG.match(rec_id):
            raise entry.fail("id", "must be lower-case letters, digits and dashes")
        if rec_id in recipients:
            raise entry.fail("id", "is used by another recipient")
        role = entry.choice("role", RECIPIENT_ROLES)
        purpose = entry.text("purpose")
        assert role is not None and purpose is not None
        recipients[rec_id] = Recipient(
            id=rec_id,
            name=entry.req("name"),
            role=role,
            purpose=purpose,
            source=_req_source(entry, policy),
            country=entry.string("country", required=False),
            transfer=entry.string("transfer", required=False),
            data=entry.text("data", required=False),
            aliases=_aliases(entry, required=False),
        )

    rights: list[Right] = []
    for i, raw in enumerate(root.tables("right")):
        name = raw.get("right") if isinstance(raw, dict) else None
        entry = _Entry(file, f"right {name!r}" if name else f"right #{i + 1}", raw)
        entry.check_keys(("right", "how", "channels", "identification", "source"))
        right = entry.choice("right", RIGHTS)
        how = entry.text("how")
        assert right is not None and how is not None
        if any(r.right == right for r in rights):
            raise entry.fail("right", "is described twice")
        rights.append(
            Right(
                right=right,
                how=how,
                source=_req_source(entry, policy),
                channels=_channels(entry, "channels"),
                identification=entry.text("identification", required=False),
            )
        )

    topics: list[Topic] = []
    for i, raw in enumerate(root.tables("topic")):
        tid = raw.get("id") if isinstance(raw, dict) else None
        entry = _Entry(file, f"topic {tid!r}" if tid else f"topic #{i + 1}", raw)
        topics.append(_topic(entry, policy, legal, recipients))
        if sum(t.id == topics[-1].id for t in topics) > 1:
            raise entry.fail("id", "is used by another topic")
    if not topics:
        raise root.fail("topic", "the organisation has no topics")

    not_retention = []
    for i, raw in enumerate(root.tables("not_retention")):
        entry = _Entry(file, f"not_retention #{i + 1}", raw)
        entry.check_keys(("section", "quote", "reason"))
        quote = entry.req("quote", max_len=MAX_QUOTE)
        not_retention.append(NotRetention(SourceRef(policy, entry.req("section"), quote), entry.req("reason")))

    names = org.strings("names")
    if not names:
        raise org.fail("names", "needs at least one name staff would use")
    assert country is not None and language is not None
    return Organisation(
        slug=slug,
        display_name=org.req("display_name"),
        names=names,
        country=country,
        language=language,
        policy=policy,
        policy_updated=org.string("policy_updated", required=False),
        controller=controller,
        requests=req_how,
        request_channels=_channels(req, "channels"),
        identification=req.text("identification", required=False),
        complaint=complaint,
        rights=tuple(rights),
        recipients=tuple(recipients.values()),
        topics=tuple(topics),
        not_retention=tuple(not_retention),
        path=str(path),
        general_source=req_source,
    )


def _req_source(entry: _Entry, policy: str) -> SourceRef:
    """A required `source` of an entry."""
    src = _source(entry, "source", policy)
    assert src is not None
    return src


def _aliases(entry: _Entry, required: bool) -> dict[str, tuple[str, ...]]:
    """The `aliases` table: a list of names per language (a topic needs one in each; a recipient may have none)."""
    aliases_entry = entry.sub("aliases", required=required)
    if aliases_entry is None:
        return {}
    aliases_entry.check_keys(LANGUAGES)
    aliases: dict[str, tuple[str, ...]] = {}
    for lang in LANGUAGES:
        values = aliases_entry.strings(lang)
        if required and not values:
            raise aliases_entry.fail(lang, "needs at least one alias")
        aliases[lang] = values
    return aliases


def _topic(entry: _Entry, policy: str, legal: dict[str, LegalBasis], recipients: dict[str, Recipient]) -> Topic:
    """Validate one topic entry."""
    entry.check_keys(("id", "title", "aliases", "data", "purposes", "legal_basis", "recipients", "retention", "source"))
    tid = entry.req("id")
    if not SLUG.match(tid):
        raise entry.fail("id", "must be lower-case letters, digits and dashes")
    source = _req_source(entry, policy)

    aliases = _aliases(entry, required=True)

    bases = []
    for code in entry.strings("legal_basis"):
        if code not in legal:
            raise entry.fail("legal_basis", f"{code!r} is not in {LEGAL_FILE}")
        bases.append(legal[code])
    recs = []
    for rid in entry.strings("recipients"):
        if rid not in recipients:
            raise entry.fail("recipients", f"{rid!r} is not a recipient of this organisation")
        recs.append(recipients[rid])

    ret = entry.sub("retention")
    assert ret is not None
    ret.check_keys(("stated", "duration", "from", "minimum", "text", "quotes"))
    stated = ret.boolean("stated", True)
    text = ret.text("text")
    assert text is not None
    duration = ret.string("duration", required=stated)
    start = ret.choice("from", RETENTION_EVENTS, required=stated)
    if duration is not None and not ISO_DURATION.match(duration):
        raise ret.fail("duration", f"{duration!r} is not an ISO 8601 duration such as P60D or P5Y")
    if not stated and (duration is not None or start is not None):
        raise ret.fail("stated", "is false, so duration and from must be left out")
    quotes = []
    for i, raw in enumerate(ret.tables("quotes")):
        q = _Entry(entry.file, entry.entry, raw, f"retention.quotes[{i}].")
        q.check_keys(("section", "quote"))
        quotes.append(SourceRef(policy, q.req("section"), q.req("quote", max_len=MAX_QUOTE)))

    title = entry.text("title")
    data = entry.text("data")
    assert title is not None and data is not None
    return Topic(
        id=tid,
        title=title,
        aliases=aliases,
        data=data,
        purposes=entry.texts("purposes"),
        legal_basis=tuple(bases),
        recipients=tuple(recs),
        retention=Retention(
            stated=stated,
            text=text,
            duration=duration,
            start=start,
            minimum=ret.boolean("minimum", False),
            quotes=tuple(quotes),
        ),
        source=source,
    )


def load_knowledge_base(data_dir: Path | None = None) -> KnowledgeBase:
    """Load every organisation file in `data_dir` (default: the bundled knowledge base)."""
    directory = data_dir or DATA_DIR
    legal = load_legal(directory / LEGAL_FILE)
    orgs: dict[str, Organisation] = {}
    for path in sorted(directory.glob("*.toml")):
        if path.name.startswith("_"):
            continue
        org = load_organisation(path, legal)
        orgs[org.slug] = org
    return KnowledgeBase(orgs)


_DEFAULT: KnowledgeBase | None = None


def default_knowledge_base() -> KnowledgeBase:
    """The bundled knowledge base, loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_knowledge_base()
    return _DEFAULT


def loaded_default() -> KnowledgeBase | None:
    """The bundled knowledge base if this process has it already (loaded or adopted), else None."""
    return _DEFAULT


def adopt_default(kb: KnowledgeBase) -> None:
    """Use `kb` (the engine cache's copy of the bundled files) as this process's bundled knowledge base."""
    global _DEFAULT
    _DEFAULT = kb
