"""Wording of the chat core (handlers.core): help, register commands, the guided /log, errors."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- help ---
    "core.help.intro": {
        "da": "Jeg besvarer spørgsmål om persondata ud fra virksomhedens privatlivspolitikker.",
        "sv": "Jag svarar på frågor om personuppgifter utifrån företagets integritetspolicyer.",
        "en": "I answer questions about personal data from the company's privacy policies.",
    },
    "core.help.ask": {
        "da": "/ask SPØRGSMÅL – stil et spørgsmål (i en privat chat kan du bare skrive det)",
        "sv": "/ask FRÅGA – ställ en fråga (i en privat chatt kan du bara skriva den)",
        "en": "/ask QUESTION – ask a question (in a private chat just type it)",
    },
    "core.help.staff_heading": {
        "da": "Registeret over anmodninger fra registrerede:",
        "sv": "Registret över begäranden från registrerade:",
        "en": "The register of data-subject requests:",
    },
    "core.help.staff": {
        "da": "/log – registrér en anmodning trin for trin (eller på én linje: /log sletning i dag ordre 1234)\n"
        "/open – åbne anmodninger efter frist\n"
        "/show ID – vis en anmodning med historik\n"
        "/pause ID identitet|præcisering – stop uret, mens I venter på den registrerede\n"
        "/resume ID – start uret igen\n"
        "/extend ID BEGRUNDELSE – forlæng fristen med to måneder\n"
        "/done ID [NOTE] – luk som udført\n"
        "/refuse ID BEGRUNDELSE – luk som afslået\n"
        "/withdraw ID – den registrerede har trukket anmodningen tilbage\n"
        "/cancel – afbryd det, du er i gang med",
        "sv": "/log – registrera en begäran steg för steg (eller på en rad: /log radering idag order 1234)\n"
        "/open – öppna begäranden efter tidsfrist\n"
        "/show ID – visa en begäran med historik\n"
        "/pause ID identitet|förtydligande – stoppa klockan medan ni väntar på den registrerade\n"
        "/resume ID – starta klockan igen\n"
        "/extend ID MOTIVERING – förläng tidsfristen med två månader\n"
        "/done ID [ANTECKNING] – stäng som utförd\n"
        "/refuse ID MOTIVERING – stäng som avslagen\n"
        "/withdraw ID – den registrerade har återkallat begäran\n"
        "/cancel – avbryt det du håller på med",
        "en": "/log – log a request step by step (or in one line: /log erasure today order 1234)\n"
        "/open – open requests by deadline\n"
        "/show ID – show a request with its history\n"
        "/pause ID identity|clarification – stop the clock while you wait for the data subject\n"
        "/resume ID – restart the clock\n"
        "/extend ID REASON – extend the deadline by two months\n"
        "/done ID [NOTE] – close as done\n"
        "/refuse ID REASON – close as refused\n"
        "/withdraw ID – the data subject withdrew the request\n"
        "/cancel – cancel what you are doing",
    },
    # --- access and bad input ---
    "core.refused": {
        "da": "Beklager, det kan kun kundeservice-teamet bruge.",
        "sv": "Tyvärr kan bara kundtjänstteamet använda det.",
        "en": "Sorry, only the customer-service team can use that.",
    },
    "core.ask_refused": {
        "da": "Beklager, jeg besvarer kun spørgsmål fra teamet her.",
        "sv": "Tyvärr svarar jag bara på frågor från teamet här.",
        "en": "Sorry, I only answer questions from the team here.",
    },
    "core.unknown_command": {
        "da": "Ukendt kommando: {command}. Mente du {suggestion}? /help viser kommandoerne.",
        "sv": "Okänt kommando: {command}. Menade du {suggestion}? /help visar kommandona.",
        "en": "Unknown command: {command}. Did you mean {suggestion}? /help lists the commands.",
    },
    "core.unknown_command_plain": {
        "da": "Ukendt kommando: {command}. /help viser kommandoerne.",
        "sv": "Okänt kommando: {command}. /help visar kommandona.",
        "en": "Unknown command: {command}. /help lists the commands.",
    },
    "core.usage": {
        "da": "Sådan bruges den: {usage}",
        "sv": "Så här används det: {usage}",
        "en": "Usage: {usage}",
    },
    "core.usage.log": {
        "da": "/log (trin for trin) eller /log TYPE DATO [via KANAL] [ORGANISATION] REFERENCE, "
        "fx /log sletning 2026-11-20 ordre 1234",
        "sv": "/log (steg för steg) eller /log TYP DATUM [via KANAL] [ORGANISATION] REFERENS, "
        "t.ex. /log radering 2026-11-20 order 1234",
        "en": "/log (step by step) or /log TYPE DATE [via CHANNEL] [ORGANISATION] REFERENCE, "
        "e.g. /log erasure 2026-11-20 order 1234",
    },
    "core.usage.show": {"da": "/show ID", "sv": "/show ID", "en": "/show ID"},
    "core.usage.pause": {
        "da": "/pause ID identitet|præcisering [NOTE]",
        "sv": "/pause ID identitet|förtydligande [ANTECKNING]",
        "en": "/pause ID identity|clarification [NOTE]",
    },
    "core.usage.resume": {"da": "/resume ID", "sv": "/resume ID", "en": "/resume ID"},
    "core.usage.extend": {
        "da": "/extend ID BEGRUNDELSE",
        "sv": "/extend ID MOTIVERING",
        "en": "/extend ID REASON",
    },
    "core.usage.done": {"da": "/done ID [NOTE]", "sv": "/done ID [ANTECKNING]", "en": "/done ID [NOTE]"},
    "core.usage.refuse": {
        "da": "/refuse ID BEGRUNDELSE",
        "sv": "/refuse ID MOTIVERING",
        "en": "/refuse ID REASON",
    },
    "core.usage.withdraw": {"da": "/withdraw ID [NOTE]", "sv": "/withdraw ID [ANTECKNING]", "en": "/withdraw ID [NOTE]"},
    "core.usage.ask": {"da": "/ask SPØRGSMÅL", "sv": "/ask FRÅGA", "en": "/ask QUESTION"},
    "core.error.not_a_date": {
        "da": "{value} er ikke en dato. Skriv fx 2026-11-20, i dag eller i går.",
        "sv": "{value} är inte ett datum. Skriv t.ex. 2026-11-20, idag eller igår.",
        "en": "{value} is not a date. Write e.g. 2026-11-20, today or yesterday.",
    },
    "core.error.date_expected": {
        "da": "Efter typen skal datoen komme ({value} er ikke en dato). Skriv fx 2026-11-20, i dag eller i går.",
        "sv": "Efter typen ska datumet komma ({value} är inte ett datum). Skriv t.ex. 2026-11-20, idag eller igår.",
        "en": "The date comes after the type ({value} is not a date). Write e.g. 2026-11-20, today or yesterday.",
    },
    "core.error.subject_missing": {
        "da": "Referencen til den registrerede mangler (fx et ordrenummer).",
        "sv": "Referensen till den registrerade saknas (t.ex. ett ordernummer).",
        "en": "The subject reference is missing (e.g. an order number).",
    },
    "core.error.empty": {
        "da": "Beskeden er tom. Skriv dit spørgsmål, eller /help for at se, hvad jeg kan.",
        "sv": "Meddelandet är tomt. Skriv din fråga, eller /help för att se vad jag kan.",
        "en": "The message is empty. Type your question, or /help to see what I can do.",
    },
    "core.error.control_chars": {
        "da": "Beskeden indeholder kontroltegn. Skriv den som almindelig tekst.",
        "sv": "Meddelandet innehåller kontrolltecken. Skriv det som vanlig text.",
        "en": "The message contains control characters. Please write it as plain text.",
    },
    "core.error.org_not_served": {
        "da": "Organisationen {org} hører ikke til denne chat. Mulige: {known}.",
        "sv": "Organisationen {org} hör inte till den här chatten. Möjliga: {known}.",
        "en": "The organisation {org} is not served in this chat. Possible: {known}.",
    },
    # --- conversations ---
    "core.cancelled": {
        "da": "Afbrudt. Intet er gemt.",
        "sv": "Avbrutet. Inget har sparats.",
        "en": "Cancelled. Nothing was stored.",
    },
    "core.nothing_to_cancel": {
        "da": "Der er intet at afbryde.",
        "sv": "Det finns inget att avbryta.",
        "en": "There is nothing to cancel.",
    },
    "core.flow.expired": {
        "da": "Du har ingen registrering i gang (den udløber efter {minutes} minutter). Start igen med /log.",
        "sv": "Du har ingen registrering på gång (den går ut efter {minutes} minuter). Börja om med /log.",
        "en": "You have no /log in progress (it expires after {minutes} minutes). Start again with /log.",
    },
    "core.flow.choose": {
        "da": "Vælg en af knapperne, eller skriv /cancel.",
        "sv": "Välj en av knapparna, eller skriv /cancel.",
        "en": "Choose one of the buttons, or type /cancel.",
    },
    "core.log.ask_type": {
        "da": "Ny anmodning. Hvilken type?",
        "sv": "Ny begäran. Vilken typ?",
        "en": "New request. What type?",
    },
    "core.log.ask_org": {
        "da": "Hvilken organisation?",
        "sv": "Vilken organisation?",
        "en": "Which organisation?",
    },
    "core.log.ask_received": {
        "da": "Hvornår blev den modtaget?",
        "sv": "När togs den emot?",
        "en": "When was it received?",
    },
    "core.log.ask_date": {
        "da": "Skriv datoen, fx 2026-11-20.",
        "sv": "Skriv datumet, t.ex. 2026-11-20.",
        "en": "Type the date, e.g. 2026-11-20.",
    },
    "core.log.ask_via": {
        "da": "Hvordan kom den ind?",
        "sv": "Hur kom den in?",
        "en": "How did it arrive?",
    },
    "core.log.ask_subject": {
        "da": "Skriv referencen til den registrerede: kun det, der finder personen, fx et ordrenummer eller en "
        "e-mailadresse.",
        "sv": "Skriv referensen till den registrerade: bara det som hittar personen, t.ex. ett ordernummer eller "
        "en e-postadress.",
        "en": "Type the subject reference: only what finds the person, e.g. an order number or an e-mail address.",
    },
    "core.log.confirm": {
        "da": "Registrér denne anmodning?",
        "sv": "Registrera den här begäran?",
        "en": "Log this request?",
    },
    "core.log.summary": {
        "da": "Type: {type}\nOrganisation: {org}\nModtaget: {received} ({via})\nReference: {subject}",
        "sv": "Typ: {type}\nOrganisation: {org}\nMottagen: {received} ({via})\nReferens: {subject}",
        "en": "Type: {type}\nOrganisation: {org}\nReceived: {received} ({via})\nReference: {subject}",
    },
    "core.log.duplicate": {
        "da": "Der findes allerede en åben anmodning af samme type for samme person: {ids}. Intet er gemt. "
        "Registrér alligevel, hvis det er en ny anmodning.",
        "sv": "Det finns redan en öppen begäran av samma typ för samma person: {ids}. Inget har sparats. "
        "Registrera ändå om det är en ny begäran.",
        "en": "An open request of the same type for the same person already exists: {ids}. Nothing was "
        "stored. Log it anyway if it is a new request.",
    },
    "core.log.failed": {
        "da": "{error} Intet er gemt; start forfra med /log.",
        "sv": "{error} Inget har sparats; börja om med /log.",
        "en": "{error} Nothing was stored; start again with /log.",
    },
    "core.button.today": {"da": "I dag", "sv": "Idag", "en": "Today"},
    "core.button.yesterday": {"da": "I går", "sv": "Igår", "en": "Yesterday"},
    "core.button.other_date": {"da": "Anden dato…", "sv": "Annat datum…", "en": "Other date…"},
    "core.button.confirm": {"da": "Registrér", "sv": "Registrera", "en": "Log it"},
    "core.button.cancel": {"da": "Afbryd", "sv": "Avbryt", "en": "Cancel"},
    "core.button.force": {"da": "Registrér alligevel", "sv": "Registrera ändå", "en": "Log anyway"},
    "core.button.done": {"da": "Udført", "sv": "Utförd", "en": "Done"},
    "core.button.extend": {"da": "Forlæng…", "sv": "Förläng…", "en": "Extend…"},
    "core.button.resume": {"da": "Genoptag", "sv": "Återuppta", "en": "Resume"},
    "core.extend.ask_reason": {
        "da": "Hvorfor forlænges {id}? Skriv begrundelsen (den registrerede skal have den at vide), eller /cancel.",
        "sv": "Varför förlängs {id}? Skriv motiveringen (den registrerade ska få veta den), eller /cancel.",
        "en": "Why is {id} extended? Type the reason (the data subject must be told it), or /cancel.",
    },
    # --- open list and show ---
    "core.open.empty": {
        "da": "Ingen åbne anmodninger.",
        "sv": "Inga öppna begäranden.",
        "en": "No open requests.",
    },
    "core.open.intro": {
        "da": "Åbne anmodninger efter frist ({count}):",
        "sv": "Öppna begäranden efter tidsfrist ({count}):",
        "en": "Open requests by deadline ({count}):",
    },
    "core.open.line": {
        "da": "{mark} {id} · {type} · {org} · frist {deadline} ({days_text})",
        "sv": "{mark} {id} · {type} · {org} · tidsfrist {deadline} ({days_text})",
        "en": "{mark} {id} · {type} · {org} · deadline {deadline} ({days_text})",
    },
    "core.open.line_paused": {
        "da": "{mark} {id} · {type} · {org} · {status}",
        "sv": "{mark} {id} · {type} · {org} · {status}",
        "en": "{mark} {id} · {type} · {org} · {status}",
    },
    "core.open.more": {
        "da": "… og flere; de første {count} er vist.",
        "sv": "… och fler; de första {count} visas.",
        "en": "… and more; the first {count} are shown.",
    },
    "core.show.heading": {
        "da": "{id}: {type} (art. {article})",
        "sv": "{id}: {type} (art. {article})",
        "en": "{id}: {type} (Art. {article})",
    },
    "core.show.organisation": {"da": "Organisation: {org}", "sv": "Organisation: {org}", "en": "Organisation: {org}"},
    "core.show.status": {"da": "Status: {status}", "sv": "Status: {status}", "en": "Status: {status}"},
    "core.show.received": {
        "da": "Modtaget: {received} ({via})",
        "sv": "Mottagen: {received} ({via})",
        "en": "Received: {received} ({via})",
    },
    "core.show.deadline": {
        "da": "Frist: {deadline} ({days_text})",
        "sv": "Tidsfrist: {deadline} ({days_text})",
        "en": "Deadline: {deadline} ({days_text})",
    },
    "core.show.deadline_closed": {"da": "Frist: {deadline}", "sv": "Tidsfrist: {deadline}", "en": "Deadline: {deadline}"},
    "core.show.extendable": {
        "da": "Kan forlænges til {deadline}",
        "sv": "Kan förlängas till {deadline}",
        "en": "Extendable to {deadline}",
    },
    "core.show.extended": {
        "da": "Forlænget fra {deadline}: {reason}",
        "sv": "Förlängd från {deadline}: {reason}",
        "en": "Extended from {deadline}: {reason}",
    },
    "core.show.paused": {
        "da": "Pausedage: {days}",
        "sv": "Pausdagar: {days}",
        "en": "Paused days: {days}",
    },
    "core.show.outcome": {"da": "Udfald: {outcome}", "sv": "Utfall: {outcome}", "en": "Outcome: {outcome}"},
    "core.show.subject": {"da": "Reference: {subject}", "sv": "Referens: {subject}", "en": "Reference: {subject}"},
    "core.show.logged_by": {"da": "Registreret af: {actor}", "sv": "Registrerad av: {actor}", "en": "Logged by: {actor}"},
    "core.show.history": {"da": "Historik", "sv": "Historik", "en": "History"},
    "core.history.logged": {"da": "registreret", "sv": "registrerad", "en": "logged"},
    "core.history.paused": {"da": "sat på pause", "sv": "pausad", "en": "paused"},
    "core.history.resumed": {"da": "genoptaget", "sv": "återupptagen", "en": "resumed"},
    "core.history.extended": {"da": "forlænget", "sv": "förlängd", "en": "extended"},
    "core.history.closed": {"da": "lukket", "sv": "stängd", "en": "closed"},
    "core.history.withdrawn": {"da": "trukket tilbage", "sv": "återkallad", "en": "withdrawn"},
    "core.history.reopened": {"da": "genåbnet", "sv": "öppnad igen", "en": "reopened"},
}
