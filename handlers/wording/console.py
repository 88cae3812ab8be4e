"""Wording of the console channel."""

MESSAGES: dict[str, dict[str, str]] = {
    "console.welcome": {
        "da": "gdpr-bot (konsol). Stil et spørgsmål om persondata, fx »hvor længe gemmer vi fakturaer?«, "
        "eller brug registeret: log, open, show ID … Skriv »hjælp« for hjælp og »afslut« for at stoppe.",
        "sv": "gdpr-bot (konsol). Ställ en fråga om personuppgifter, t.ex. »hur länge sparar vi fakturor?«, "
        "eller använd registret: log, open, show ID … Skriv »hjälp« för hjälp och »avsluta« för att sluta.",
        "en": "gdpr-bot (console). Ask a question about personal data, e.g. \"how long do we keep invoices?\", "
        "or use the register: log, open, show ID … Type \"help\" for help and \"quit\" to stop.",
    },
    "console.help": {
        "da": "I konsollen virker kommandoerne også uden skråstreg (log, open, show ID …). Knapper vises som "
        "nummererede valg: skriv tallet for at vælge. Kendte organisationer: {orgs}. »afslut« stopper.",
        "sv": "I konsolen fungerar kommandona också utan snedstreck (log, open, show ID …). Knappar visas som "
        "numrerade val: skriv siffran för att välja. Kända organisationer: {orgs}. »avsluta« stoppar.",
        "en": "In the console the commands work without the slash too (log, open, show ID …). Buttons show as "
        "numbered options: type the number to choose one. Known organisations: {orgs}. \"quit\" stops.",
    },
    "console.bye": {"da": "Farvel.", "sv": "Hej då.", "en": "Goodbye."},
}
