"""Wording shared by every channel and the command line."""

MESSAGES: dict[str, dict[str, str]] = {
    "error.internal": {
        "da": "Beklager, noget gik galt. Prøv igen om lidt.",
        "sv": "Tyvärr gick något fel. Försök igen om en stund.",
        "en": "Sorry, something went wrong. Please try again in a moment.",
    },
    "error.too_long": {
        "da": "Beskeden er for lang (højst {limit} tegn).",
        "sv": "Meddelandet är för långt (högst {limit} tecken).",
        "en": "The message is too long (at most {limit} characters).",
    },
    "error.empty": {
        "da": "Beskeden er tom.",
        "sv": "Meddelandet är tomt.",
        "en": "The message is empty.",
    },
    "error.unknown_org": {
        "da": "Ukendt organisation: {org}. Kendte: {known}.",
        "sv": "Okänd organisation: {org}. Kända: {known}.",
        "en": "Unknown organisation: {org}. Known: {known}.",
    },
}
