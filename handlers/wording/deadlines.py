"""Wording for GDPR deadlines: the notes that explain a deadline, and the CLI summary.

`describe_note()` turns a structured `deadlines.rules.DeadlineNote` into a sentence in Danish,
Swedish or English; channels and the command line share it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from deadlines.rules import DeadlineNote

MESSAGES: dict[str, dict[str, str]] = {
    "deadline.note.timezone_date_shift": {
        "da": "Modtaget {day} efter lokal tid ({timezone}); fristen regnes fra den dato.",
        "sv": "Mottogs {day} enligt lokal tid ({timezone}); fristen räknas från det datumet.",
        "en": "Received on {day} in local time ({timezone}); the period is counted from that date.",
    },
    "deadline.note.month_end_clamped": {
        "da": "Måneden har ikke den dato, så perioden slutter på dens sidste dag, {day}.",
        "sv": "Månaden har inte det datumet, så perioden slutar på dess sista dag, {day}.",
        "en": "The month has no such date, so the period ends on its last day, {day}.",
    },
    "deadline.note.paused": {
        "da": "Fristen var sat i bero i {days} dag(e) (venter på identitet eller præcisering): skubbet til {day}.",
        "sv": "Fristen var vilande i {days} dag(ar) (i väntan på identitet eller förtydligande): flyttad till {day}.",
        "en": "The clock was paused for {days} day(s) (waiting for identity or clarification): pushed to {day}.",
    },
    "deadline.note.weekend": {
        "da": "{day} er en {weekday}: fristen flyttes til næste arbejdsdag.",
        "sv": "{day} är en {weekday}: fristen flyttas till nästa arbetsdag.",
        "en": "{day} is a {weekday}: the deadline moves to the next working day.",
    },
    "deadline.note.public_holiday": {
        "da": "{day} er en helligdag ({holiday}): fristen flyttes til næste arbejdsdag.",
        "sv": "{day} är en allmän helgdag ({holiday}): fristen flyttas till nästa arbetsdag.",
        "en": "{day} is a public holiday ({holiday}): the deadline moves to the next working day.",
    },
    "deadline.note.caution_not_public_holiday": {
        "da": "Bemærk: {day} ({holiday}) er ikke en officiel helligdag, så fristen flyttes ikke; "
        "mange holder dog fri, så svar gerne før.",
        "sv": "Obs: {day} ({holiday}) är inte en allmän helgdag, så fristen flyttas inte; "
        "många är dock lediga, så svara gärna före.",
        "en": "Caution: {day} ({holiday}) is not a public holiday, so the deadline does not move; "
        "many people are off that day, so consider answering earlier.",
    },
    "deadline.note.extended_prefix": {
        "da": "Forlænget frist: {note}",
        "sv": "Förlängd frist: {note}",
        "en": "Extended deadline: {note}",
    },
    "deadline.weekday.saturday": {"da": "lørdag", "sv": "lördag", "en": "Saturday"},
    "deadline.weekday.sunday": {"da": "søndag", "sv": "söndag", "en": "Sunday"},
    "deadline.summary.deadline": {
        "da": "Frist (1 måned): {deadline}",
        "sv": "Frist (1 månad): {deadline}",
        "en": "Deadline (1 month): {deadline}",
    },
    "deadline.summary.extended": {
        "da": "Forlænget frist (3 måneder): {extended_deadline} — "
        "forlængelsen skal meddeles med begrundelse inden for den første måned",
        "sv": "Förlängd frist (3 månader): {extended_deadline} — "
        "förlängningen ska meddelas med skäl inom den första månaden",
        "en": "Extended deadline (3 months): {extended_deadline} — "
        "the extension must be notified, with reasons, within the first month",
    },
    "deadline.summary.received": {
        "da": "Modtaget: {receipt_date} ({country}, {timezone})",
        "sv": "Mottagen: {receipt_date} ({country}, {timezone})",
        "en": "Received: {receipt_date} ({country}, {timezone})",
    },
    "deadline.summary.paused": {
        "da": "Sat i bero: {days} dag(e)",
        "sv": "Vilande: {days} dag(ar)",
        "en": "Paused: {days} day(s)",
    },
    "deadline.error.bad_received": {
        "da": "ugyldig modtagelsesdato {value}: angiv ÅÅÅÅ-MM-DD eller et ISO 8601-tidspunkt med tidszone, "
        "f.eks. 2025-01-31T23:30:00+01:00",
        "sv": "ogiltigt mottagningsdatum {value}: ange ÅÅÅÅ-MM-DD eller en ISO 8601-tidpunkt med tidszon, "
        "t.ex. 2025-01-31T23:30:00+01:00",
        "en": "invalid RECEIVED {value}: expected YYYY-MM-DD or an ISO 8601 date-time with offset, "
        "e.g. 2025-01-31T23:30:00+01:00",
    },
    "deadline.error.no_such_date": {
        "da": "ugyldig modtagelsesdato {value}: den dato findes ikke",
        "sv": "ogiltigt mottagningsdatum {value}: det datumet finns inte",
        "en": "invalid RECEIVED {value}: no such date",
    },
    "deadline.error.no_offset": {
        "da": "tidspunktet {value} mangler tidszone: tilføj f.eks. +01:00 eller Z, eller angiv kun datoen",
        "sv": "tidpunkten {value} saknar tidszon: lägg till t.ex. +01:00 eller Z, eller ange bara datumet",
        "en": "the date-time {value} has no UTC offset: add one such as +01:00 or Z, or give a plain date",
    },
    "deadline.error.empty": {
        "da": "modtagelsesdatoen er tom: angiv ÅÅÅÅ-MM-DD",
        "sv": "mottagningsdatumet är tomt: ange ÅÅÅÅ-MM-DD",
        "en": "RECEIVED is empty: expected YYYY-MM-DD or an ISO 8601 date-time with offset",
    },
    "deadline.error.too_long": {
        "da": "modtagelsesdatoen er for lang ({length} tegn): angiv ÅÅÅÅ-MM-DD",
        "sv": "mottagningsdatumet är för långt ({length} tecken): ange ÅÅÅÅ-MM-DD",
        "en": "RECEIVED is too long ({length} characters): expected YYYY-MM-DD or an ISO 8601 date-time with offset",
    },
    "deadline.error.unknown_country": {
        "da": "ukendt land {value}: vælg DK eller SE",
        "sv": "okänt land {value}: välj DK eller SE",
        "en": "unknown country {value}: expected DK or SE",
    },
    "deadline.error.bad_paused_days": {
        "da": "--paused-days skal være et helt tal mellem 0 og {limit}, ikke {value}",
        "sv": "--paused-days ska vara ett heltal mellan 0 och {limit}, inte {value}",
        "en": "--paused-days must be a whole number from 0 to {limit}, not {value}",
    },
    "deadline.error.out_of_range": {
        "da": "kan ikke beregne en frist for {value}: datoen ligger uden for kalenderen",
        "sv": "kan inte beräkna en frist för {value}: datumet ligger utanför kalendern",
        "en": "cannot compute a deadline for {value}: the date is outside the supported calendar",
    },
}


def describe_note(note: DeadlineNote, country: str, language: str | None = "en", *, timezone: str = "") -> str:
    """One deadline note as a sentence in `language` (holiday names localised where the package can)."""
    from deadlines.rules import caution_day_name, public_holiday_name

    from handlers.wording import t

    day = note.day.isoformat()
    code = note.code
    key = f"deadline.note.{code}"
    if code == "weekend":
        weekday = t("deadline.weekday.saturday" if note.day.weekday() == 5 else "deadline.weekday.sunday", language)
        return t(key, language, day=day, weekday=weekday)
    if code == "public_holiday":
        holiday = public_holiday_name(note.day, country, language) or note.holiday or ""
        return t(key, language, day=day, holiday=holiday)
    if code == "caution_not_public_holiday":
        holiday = caution_day_name(note.day, country, language) or note.holiday or ""
        return t(key, language, day=day, holiday=holiday)
    if code == "paused":
        return t(key, language, day=day, days=note.days if note.days is not None else "?")
    if code == "timezone_date_shift":
        if not timezone:
            from deadlines.rules import COUNTRY_TIMEZONES

            timezone = COUNTRY_TIMEZONES.get(country, "")
        return t(key, language, day=day, timezone=timezone)
    return t(key, language, day=day)
