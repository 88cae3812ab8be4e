"""Wording of the Telegram channel: the command menu Telegram shows (set_my_commands), per language."""

MESSAGES: dict[str, dict[str, str]] = {
    "telegram.command.start": {
        "da": "Kom i gang",
        "sv": "Kom igång",
        "en": "Get started",
    },
    "telegram.command.help": {
        "da": "Hvad botten kan",
        "sv": "Vad boten kan",
        "en": "What the bot can do",
    },
    "telegram.command.ask": {
        "da": "Stil et spørgsmål om persondata",
        "sv": "Ställ en fråga om personuppgifter",
        "en": "Ask a question about personal data",
    },
    "telegram.command.log": {
        "da": "Registrér en anmodning fra en registreret",
        "sv": "Registrera en begäran från en registrerad",
        "en": "Log a data-subject request",
    },
    "telegram.command.open": {
        "da": "Åbne anmodninger efter frist",
        "sv": "Öppna begäranden efter tidsfrist",
        "en": "Open requests by deadline",
    },
    "telegram.command.show": {
        "da": "Vis en anmodning: /show ID",
        "sv": "Visa en begäran: /show ID",
        "en": "Show a request: /show ID",
    },
    "telegram.command.pause": {
        "da": "Sæt fristen på pause: /pause ID årsag",
        "sv": "Pausa tidsfristen: /pause ID orsak",
        "en": "Pause the deadline: /pause ID reason",
    },
    "telegram.command.resume": {
        "da": "Genoptag fristen: /resume ID",
        "sv": "Återuppta tidsfristen: /resume ID",
        "en": "Resume the deadline: /resume ID",
    },
    "telegram.command.extend": {
        "da": "Forlæng fristen: /extend ID begrundelse",
        "sv": "Förläng tidsfristen: /extend ID motivering",
        "en": "Extend the deadline: /extend ID reason",
    },
    "telegram.command.done": {
        "da": "Markér som besvaret: /done ID note",
        "sv": "Markera som besvarad: /done ID anteckning",
        "en": "Mark as answered: /done ID note",
    },
    "telegram.command.refuse": {
        "da": "Afvis anmodningen: /refuse ID begrundelse",
        "sv": "Avslå begäran: /refuse ID motivering",
        "en": "Refuse the request: /refuse ID reason",
    },
    "telegram.command.withdraw": {
        "da": "Den registrerede trak anmodningen tilbage: /withdraw ID",
        "sv": "Den registrerade återkallade begäran: /withdraw ID",
        "en": "The data subject withdrew it: /withdraw ID",
    },
    "telegram.command.cancel": {
        "da": "Afbryd det igangværende forløb",
        "sv": "Avbryt pågående steg",
        "en": "Cancel the current step",
    },
}
