"""Wording of the console channel."""

MESSAGES: dict[str, dict[str, str]] = {
    "console.welcome": {
        "da": "gdpr-bot (konsol). Stil et spørgsmål om persondata, fx »hvor længe gemmer vi fakturaer?«. "
        "Skriv »hjælp« for hjælp og »afslut« for at stoppe.",
        "sv": "gdpr-bot (konsol). Ställ en fråga om personuppgifter, t.ex. »hur länge sparar vi fakturor?«. "
        "Skriv »hjälp« för hjälp och »avsluta« för att sluta.",
        "en": "gdpr-bot (console). Ask a question about personal data, e.g. \"how long do we keep invoices?\". "
        "Type \"help\" for help and \"quit\" to stop.",
    },
    "console.help": {
        "da": "Skriv et spørgsmål (dansk, svensk eller engelsk), evt. med organisationen: "
        "»hvem modtager betalingsoplysninger hos iMusic?«. Kendte organisationer: {orgs}. "
        "Registeret over anmodninger bruges indtil videre med »gdpr-bot requests …«.",
        "sv": "Skriv en fråga (danska, svenska eller engelska), gärna med organisationen: "
        "»vem får betalningsuppgifter hos JAVI?«. Kända organisationer: {orgs}. "
        "Registret över begäranden används tills vidare med »gdpr-bot requests …«.",
        "en": "Type a question (Danish, Swedish or English), naming the organisation if you like: "
        "\"who receives payment data at iMusic?\". Known organisations: {orgs}. "
        "For now, the register of requests is used with \"gdpr-bot requests …\".",
    },
    "console.bye": {"da": "Farvel.", "sv": "Hej då.", "en": "Goodbye."},
}
