"""Wording of deadline reminders and the weekly digest (handlers.reminders renders them)."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- one reminder ---
    "reminders.intro": {
        "da": "Påmindelse: {id} ({type}, {org}) {when}.",
        "sv": "Påminnelse: {id} ({type}, {org}) {when}.",
        "en": "Reminder: {id} ({type}, {org}) {when}.",
    },
    "reminders.intro_escalation": {
        "da": "Eskalering: {id} ({type}, {org}) {when}.",
        "sv": "Eskalering: {id} ({type}, {org}) {when}.",
        "en": "Escalation: {id} ({type}, {org}) {when}.",
    },
    "reminders.when.in_days": {
        "da": "har frist om {days} dage",
        "sv": "har tidsfrist om {days} dagar",
        "en": "is due in {days} days",
    },
    "reminders.when.tomorrow": {
        "da": "har frist i morgen",
        "sv": "har tidsfrist i morgon",
        "en": "is due tomorrow",
    },
    "reminders.when.today": {
        "da": "har frist i dag",
        "sv": "har tidsfrist i dag",
        "en": "is due today",
    },
    "reminders.when.overdue_one": {
        "da": "er 1 dag over fristen",
        "sv": "är 1 dag försenad",
        "en": "is 1 day overdue",
    },
    "reminders.when.overdue_days": {
        "da": "er {days} dage over fristen",
        "sv": "är {days} dagar försenad",
        "en": "is {days} days overdue",
    },
    "reminders.line.type": {
        "da": "Type: {type} (art. {article})",
        "sv": "Typ: {type} (art. {article})",
        "en": "Type: {type} (Art. {article})",
    },
    "reminders.line.organisation": {
        "da": "Organisation: {org}",
        "sv": "Organisation: {org}",
        "en": "Organisation: {org}",
    },
    "reminders.line.deadline": {
        "da": "Frist: {deadline} ({days_text})",
        "sv": "Tidsfrist: {deadline} ({days_text})",
        "en": "Deadline: {deadline} ({days_text})",
    },
    "reminders.line.deadline_extended": {
        "da": "Forlænget frist: {deadline} ({days_text})",
        "sv": "Förlängd tidsfrist: {deadline} ({days_text})",
        "en": "Extended deadline: {deadline} ({days_text})",
    },
    "reminders.line.received": {
        "da": "Modtaget: {received}",
        "sv": "Mottagen: {received}",
        "en": "Received: {received}",
    },
    "reminders.days.in_days": {
        "da": "{days} dage tilbage",
        "sv": "{days} dagar kvar",
        "en": "{days} days left",
    },
    "reminders.days.tomorrow": {
        "da": "1 dag tilbage",
        "sv": "1 dag kvar",
        "en": "1 day left",
    },
    "reminders.days.today": {
        "da": "i dag",
        "sv": "i dag",
        "en": "today",
    },
    "reminders.days.overdue_one": {
        "da": "1 dag over",
        "sv": "1 dag sen",
        "en": "1 day overdue",
    },
    "reminders.days.overdue_days": {
        "da": "{days} dage over",
        "sv": "{days} dagar sen",
        "en": "{days} days overdue",
    },
    "reminders.extension_decision": {
        "da": "Beslut om fristen skal forlænges: kræver anmodningen mere tid (op til to måneder mere), så forlæng "
        "den og fortæl den registrerede hvorfor senest {deadline}.",
        "sv": "Bestäm om tidsfristen ska förlängas: behöver begäran mer tid (upp till två månader till), förläng "
        "den och meddela den registrerade varför senast {deadline}.",
        "en": "Decide whether to extend: if the request needs more time (up to two further months), extend it and "
        "tell the subject why by {deadline}.",
    },
    "reminders.overdue_advice": {
        "da": "Svar den registrerede hurtigst muligt, eller luk anmodningen, hvis den er besvaret.",
        "sv": "Svara den registrerade så snart som möjligt, eller stäng begäran om den är besvarad.",
        "en": "Answer the subject as soon as possible, or close the request if it has been answered.",
    },
    "reminders.action.done": {"da": "Udført", "sv": "Klar", "en": "Done"},
    "reminders.action.extend": {"da": "Forlæng…", "sv": "Förläng…", "en": "Extend…"},
    # --- the weekly digest ---
    "reminders.digest.intro": {
        "da": "Ugeoversigt: {count} åbne anmodninger.",
        "sv": "Veckoöversikt: {count} öppna begäranden.",
        "en": "Weekly digest: {count} open requests.",
    },
    "reminders.digest.intro_one": {
        "da": "Ugeoversigt: 1 åben anmodning.",
        "sv": "Veckoöversikt: 1 öppen begäran.",
        "en": "Weekly digest: 1 open request.",
    },
    "reminders.digest.empty": {
        "da": "Ugeoversigt: ingen åbne anmodninger.",
        "sv": "Veckoöversikt: inga öppna begäranden.",
        "en": "Weekly digest: no open requests.",
    },
    "reminders.digest.overdue": {
        "da": "Over fristen ({count})",
        "sv": "Försenade ({count})",
        "en": "Overdue ({count})",
    },
    "reminders.digest.week": {
        "da": "Frist inden for 7 dage ({count})",
        "sv": "Tidsfrist inom 7 dagar ({count})",
        "en": "Due within 7 days ({count})",
    },
    "reminders.digest.later": {
        "da": "Senere ({count})",
        "sv": "Senare ({count})",
        "en": "Later ({count})",
    },
    "reminders.digest.paused": {
        "da": "Sat på pause ({count})",
        "sv": "Pausade ({count})",
        "en": "Paused ({count})",
    },
    "reminders.digest.line": {
        "da": "{id} · {type} · {org} · {deadline} ({days_text})",
        "sv": "{id} · {type} · {org} · {deadline} ({days_text})",
        "en": "{id} · {type} · {org} · {deadline} ({days_text})",
    },
    "reminders.digest.line_paused": {
        "da": "{id} · {type} · {org} · {status} siden {since}",
        "sv": "{id} · {type} · {org} · {status} sedan {since}",
        "en": "{id} · {type} · {org} · {status} since {since}",
    },
    "reminders.digest.more": {
        "da": "… og {count} mere",
        "sv": "… och {count} till",
        "en": "… and {count} more",
    },
    # --- command line (bot/commands/reminders.py) ---
    "reminders.cli.invalid_at": {
        "da": "Ugyldigt tidspunkt: {value}. Brug fx 2026-12-14T09:30+01:00.",
        "sv": "Ogiltig tidpunkt: {value}. Använd t.ex. 2026-12-14T09:30+01:00.",
        "en": "Invalid time: {value}. Use e.g. 2026-12-14T09:30+01:00.",
    },
    "reminders.cli.none_due": {
        "da": "Ingen påmindelser skal sendes på det tidspunkt.",
        "sv": "Inga påminnelser ska skickas vid den tidpunkten.",
        "en": "No reminders are due at that time.",
    },
    "reminders.cli.no_database": {
        "da": "Registerets database kan ikke nås: {error}",
        "sv": "Registrets databas går inte att nå: {error}",
        "en": "The register's database cannot be reached: {error}",
    },
    "reminders.cli.summary": {
        "da": "Sendt: {sent}. Mislykkedes (prøves igen senere): {failed}. Overladt til chatkanalerne: {deferred}.",
        "sv": "Skickade: {sent}. Misslyckades (försöker igen senare): {failed}. Lämnade åt chattkanalerna: {deferred}.",
        "en": "Sent: {sent}. Failed (retried later): {failed}. Left for the chat channels: {deferred}.",
    },
}
