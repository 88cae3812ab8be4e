"""Parsing of chat input in one place: command words, request types, dates, channels, the one-line /log.

Everything here is pure (no database, no clock reads): callers pass `today` in the organisation's
time zone. Words are accepted in Danish, Swedish and English, case-insensitively.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from deadlines.models import PAUSE_REASONS, RECEIVED_VIA, REQUEST_TYPES

# Every command the chat understands; the first group needs no staff rights.
PUBLIC_COMMANDS: tuple[str, ...] = ("start", "help", "ask", "cancel")
STAFF_COMMANDS: tuple[str, ...] = ("log", "open", "show", "pause", "resume", "extend", "done", "refuse", "withdraw")
COMMANDS: tuple[str, ...] = PUBLIC_COMMANDS + STAFF_COMMANDS

# Any letters after the slash ("/hjælp" is a mistyped command, not a question); the command must start with one.
_SLASH = re.compile(r"^/([^\W\d_]\w*)(?:@\w+)?(?=\s|$)(.*)$", re.DOTALL)
_BARE = re.compile(r"^([A-Za-z]+)(?=\s|$)(.*)$", re.DOTALL)
_DATEISH = re.compile(r"^\d{1,4}[-./]\d{1,2}(?:[-./]\d{1,4})?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")

TYPE_WORDS: dict[str, str] = {
    **{kind: kind for kind in REQUEST_TYPES},
    "indsigt": "access", "tillgang": "access", "tilgang": "access", "registerutdrag": "access",
    "dsar": "access", "sar": "access", "insight": "access",
    "berigtigelse": "rectification", "rettelse": "rectification", "rattelse": "rectification",
    "correction": "rectification", "rectify": "rectification",
    "sletning": "erasure", "slet": "erasure", "radering": "erasure", "radera": "erasure",
    "deletion": "erasure", "delete": "erasure", "erase": "erasure",
    "begraensning": "restriction", "begransning": "restriction", "restrict": "restriction",
    "dataportabilitet": "portability", "portabilitet": "portability",
    "indsigelse": "objection", "invandning": "objection", "object": "objection",
    "consent": "consent_withdrawal", "samtykke": "consent_withdrawal", "samtycke": "consent_withdrawal",
    "tilbagetraekning": "consent_withdrawal", "aterkallelse": "consent_withdrawal",
}
VIA_WORDS: dict[str, str] = {
    **{kind: kind for kind in RECEIVED_VIA},
    "e_mail": "email", "mail": "email", "e_post": "email", "epost": "email",
    "telefon": "phone", "tlf": "phone", "telephone": "phone", "call": "phone",
    "brev": "letter", "post": "letter",
    "web": "web_form", "webform": "web_form", "webb": "web_form", "form": "web_form",
    "formular": "web_form", "formularen": "web_form", "webbformular": "web_form",
    "selvbetjening": "self_service", "sjalvbetjaning": "self_service", "self": "self_service",
    "personligt": "in_person", "personligen": "in_person", "person": "in_person", "butik": "in_person",
    "chatt": "chat", "social": "social_media", "some": "social_media", "facebook": "social_media",
    "instagram": "social_media",
}
PAUSE_WORDS: dict[str, str] = {
    **{reason: reason for reason in PAUSE_REASONS},
    "id": "identity", "identitet": "identity", "legitimation": "identity", "ident": "identity",
    "praecisering": "clarification", "uddybning": "clarification", "afklaring": "clarification",
    "fortydligande": "clarification", "klargoring": "clarification", "clarify": "clarification",
    "precisering": "clarification",
}
TODAY_WORDS: frozenset[str] = frozenset({"today", "idag", "i dag", "nu", "now"})
YESTERDAY_WORDS: frozenset[str] = frozenset({"yesterday", "igar", "i gar", "igaar", "i gaar"})
VIA_MARKERS: frozenset[str] = frozenset({"via"})
# Words that may follow a type word as part of its name ("consent withdrawal", "tilbagetrækning af samtykke").
TYPE_TAIL_WORDS: frozenset[str] = frozenset({"withdrawal", "of", "af", "av", "consent", "samtykke", "samtycke", "request"})
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # C0/C1 controls and DEL
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # the same but tab and line breaks
_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o"})


class ParseError(Exception):
    """Input that does not parse: `key` names the wording, `values` fill it in."""

    def __init__(self, key: str, **values: object) -> None:
        """The error `key` with the values its wording needs."""
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True, slots=True)
class Command:
    """A command as typed: its name (lower case, no slash or @bot), the rest, and the word as typed."""

    name: str
    args: str
    typed: str


def fold(word: str) -> str:
    """A word folded for matching: NFC, lower case, Danish/Swedish letters to ASCII, hyphens to underscores."""
    return _letters(word).replace("-", "_")


def _letters(word: str) -> str:
    """NFC, lower case, Danish/Swedish letters to ASCII, surrounding punctuation dropped."""
    return unicodedata.normalize("NFC", word).strip().casefold().translate(_LETTERS).strip(",;:!?")


def parse_command(text: str, *, bare: bool = False) -> Command | None:
    """The command in `text` ("/log@bot x" → log, "x"); with `bare`, a known command word without slash too."""
    stripped = text.strip()
    match = _SLASH.match(stripped)
    if match:
        return Command(match.group(1).lower(), match.group(2).strip(), stripped.split(maxsplit=1)[0])
    if bare:
        match = _BARE.match(stripped)
        if match and match.group(1).lower() in COMMANDS:
            return Command(match.group(1).lower(), match.group(2).strip(), match.group(1))
    return None


def closest_command(word: str, choices: Iterable[str]) -> str | None:
    """The command closest to a mistyped one (rapidfuzz), or None when nothing is close."""
    from rapidfuzz import fuzz, process

    found = process.extractOne(word.lower(), list(choices), scorer=fuzz.ratio, score_cutoff=50)
    return found[0] if found else None


def word_choice(word: str, words: Mapping[str, str]) -> str | None:
    """The canonical value a (da/sv/en) word stands for in `words`, or None."""
    return words.get(fold(word))


def parse_date(text: str, today: date) -> date:
    """A date: ISO (2026-11-20), day.month.year (20.11.2026), today / i dag / idag, yesterday / i går / igår."""
    word = " ".join(_letters(part) for part in text.split()).rstrip(".")
    if word in TODAY_WORDS:
        return today
    if word in YESTERDAY_WORDS:
        return today - timedelta(days=1)
    iso, dmy = _ISO.match(word), _DMY.match(word)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if dmy:
            return date(int(dmy.group(3)), int(dmy.group(2)), int(dmy.group(1)))
    except ValueError:
        pass
    raise ParseError("core.error.not_a_date", value=text.strip()[:40])


def looks_like_date(word: str) -> bool:
    """Whether a token is meant as a date (digits with separators), valid or not."""
    return bool(_DATEISH.match(word.strip()))


@dataclass(frozen=True, slots=True)
class LogLine:
    """What the one-line /log gave: type and date always, the rest when typed (None otherwise)."""

    type: str
    received: date
    subject: str
    via: str | None = None
    org: str | None = None


def _take_date(tokens: list[str], today: date) -> tuple[date, list[str]]:
    """The date at the front of `tokens` (one or two words) and the tokens after it."""
    if not tokens:
        raise ParseError("core.usage", command="log")
    if len(tokens) > 1 and " ".join(fold(t) for t in tokens[:2]) in TODAY_WORDS | YESTERDAY_WORDS:
        return parse_date(" ".join(tokens[:2]), today), tokens[2:]
    first = tokens[0]
    if fold(first) in TODAY_WORDS | YESTERDAY_WORDS or looks_like_date(first):
        return parse_date(first, today), tokens[1:]
    raise ParseError("core.error.date_expected", value=first[:40])


def _take_options(tokens: list[str], orgs: Iterable[str]) -> tuple[str | None, str | None, list[str]]:
    """Optional `via WORD` (or a bare channel word) and an organisation slug, in either order, from the front."""
    known = {slug.lower(): slug for slug in orgs}
    via = org = None
    while len(tokens) > 1:  # the subject must keep at least one word
        word = fold(tokens[0])
        if via is None and word in VIA_MARKERS and len(tokens) > 2:
            via = word_choice(tokens[1], VIA_WORDS)
            if via is None:
                raise ParseError("register.unknown_via", value=tokens[1][:40], known=", ".join(RECEIVED_VIA))
            tokens = tokens[2:]
        elif via is None and word in VIA_WORDS:
            via, tokens = VIA_WORDS[word], tokens[1:]
        elif org is None and tokens[0].lower() in known:
            org, tokens = known[tokens[0].lower()], tokens[1:]
        else:
            break
    return via, org, tokens


def parse_log_line(args: str, today: date, orgs: Iterable[str]) -> LogLine:
    """`erasure 2026-11-20 [via email] [imusic] order 1234` → LogLine; ParseError on bad input."""
    tokens = args.split()
    kind = word_choice(tokens[0], TYPE_WORDS) if tokens else None
    if kind is None:
        raise ParseError("register.unknown_type", value=(tokens[0] if tokens else "")[:40], known=", ".join(REQUEST_TYPES))
    tail = 1
    while tail < len(tokens) and fold(tokens[tail]) in TYPE_TAIL_WORDS:
        tail += 1
    received, rest = _take_date(tokens[tail:], today)
    via, org, rest = _take_options(rest, orgs)
    subject = _subject_after(args, rest)
    if not subject:
        raise ParseError("core.error.subject_missing")
    return LogLine(kind, received, subject, via, org)


def _subject_after(args: str, rest: list[str]) -> str:
    """The subject as typed (inner spacing kept): the text from the first remaining token on."""
    if not rest:
        return ""
    count = len(rest)
    parts = args.strip().split(None, len(args.split()) - count)
    return parts[-1].strip() if parts else ""


def has_control_chars(text: str, *, multiline: bool = True) -> bool:
    """Whether `text` holds control characters (escape codes, NUL …); tabs and line breaks pass when `multiline`."""
    return bool((_CONTROL_IN_TEXT if multiline else _ANY_CONTROL).search(text))


def one_line(text: str) -> str:
    """`text` with every control character (tabs and newlines too) as a space, runs of spaces folded."""
    return " ".join(_ANY_CONTROL.sub(" ", text).split())


def split_id(args: str) -> tuple[str, str]:
    """("DSR-2026-0001", rest) from "dsr-2026-0001 rest"; ("", "") for nothing."""
    parts = args.strip().split(None, 1)
    if not parts:
        return "", ""
    return parts[0].upper(), parts[1].strip() if len(parts) > 1 else ""
