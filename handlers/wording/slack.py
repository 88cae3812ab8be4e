"""Wording of the Slack channel: modal titles and labels, the App Home (Slack caps titles at 24 characters)."""

MESSAGES: dict[str, dict[str, str]] = {
    "slack.cancel": {"da": "Annullér", "sv": "Avbryt", "en": "Cancel"},
    "slack.close": {"da": "Luk", "sv": "Stäng", "en": "Close"},
    "slack.modal.title": {"da": "GDPR-anmodning", "sv": "GDPR-begäran", "en": "GDPR request"},
    "slack.choose": {"da": "Vælg …", "sv": "Välj …", "en": "Choose …"},
    "slack.log.title": {"da": "Registrér anmodning", "sv": "Registrera begäran", "en": "Log a request"},
    "slack.log.submit": {"da": "Registrér", "sv": "Registrera", "en": "Log"},
    "slack.log.type": {"da": "Type anmodning", "sv": "Typ av begäran", "en": "Type of request"},
    "slack.log.organisation": {"da": "Organisation", "sv": "Organisation", "en": "Organisation"},
    "slack.log.received": {"da": "Modtaget", "sv": "Mottagen", "en": "Received"},
    "slack.log.via": {"da": "Hvordan den kom ind", "sv": "Hur den kom in", "en": "How it arrived"},
    "slack.log.subject": {
        "da": "Reference til den registrerede",
        "sv": "Referens till den registrerade",
        "en": "Subject reference",
    },
    "slack.log.subject_hint": {
        "da": "Fx et ordrenummer eller en e-mailadresse – ikke flere personoplysninger end nødvendigt.",
        "sv": "T.ex. ett ordernummer eller en e-postadress – inte fler personuppgifter än nödvändigt.",
        "en": "E.g. an order number or an e-mail address – no more personal data than needed.",
    },
    "slack.log.duplicate": {"da": "Mulig dublet", "sv": "Möjlig dubblett", "en": "Possible duplicate"},
    "slack.log.force": {"da": "Registrér alligevel", "sv": "Registrera ändå", "en": "Log it anyway"},
    "slack.extend.title": {"da": "Forlæng fristen", "sv": "Förläng fristen", "en": "Extend the deadline"},
    "slack.extend.submit": {"da": "Forlæng", "sv": "Förläng", "en": "Extend"},
    "slack.extend.request": {"da": "Anmodning *{ref}*", "sv": "Begäran *{ref}*", "en": "Request *{ref}*"},
    "slack.extend.reason": {
        "da": "Begrundelse for forlængelsen",
        "sv": "Skäl för förlängningen",
        "en": "Reason for the extension",
    },
    "slack.extend.hint": {
        "da": "Den registrerede skal have besked om forlængelsen og begrundelsen inden for den første måned.",
        "sv": "Den registrerade ska få veta om förlängningen och skälen inom den första månaden.",
        "en": "The data subject must be told of the extension and the reasons within the first month.",
    },
    "slack.home.heading": {"da": "Åbne anmodninger", "sv": "Öppna begäranden", "en": "Open requests"},
    "slack.home.hint": {
        "da": "Stil spørgsmål i en direkte besked, med @-omtale eller med /gdpr ask. /gdpr help viser kommandoerne.",
        "sv": "Ställ frågor i ett direktmeddelande, med @-omnämnande eller med /gdpr ask. /gdpr help visar kommandona.",
        "en": "Ask questions in a direct message, with an @mention or with /gdpr ask. /gdpr help lists the commands.",
    },
    "slack.truncated": {
        "da": "… (forkortet; brug /gdpr show ID for én anmodning)",
        "sv": "… (förkortat; använd /gdpr show ID för en begäran)",
        "en": "… (shortened; use /gdpr show ID for one request)",
    },
}
