"""Wording of the register of data-subject requests: errors and replies every channel shows."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- errors (deadlines.register.RegisterError keys) ---
    "register.unknown_type": {
        "da": "Ukendt anmodningstype: {value}. Mulige: {known}.",
        "sv": "Okänd typ av begäran: {value}. Möjliga: {known}.",
        "en": "Unknown request type: {value}. Possible: {known}.",
    },
    "register.unknown_via": {
        "da": "Ukendt modtagelsesvej: {value}. Mulige: {known}.",
        "sv": "Okänt sätt att ta emot begäran: {value}. Möjliga: {known}.",
        "en": "Unknown way of receipt: {value}. Possible: {known}.",
    },
    "register.unknown_channel": {
        "da": "Ukendt kanal: {value}. Mulige: {known}.",
        "sv": "Okänd kanal: {value}. Möjliga: {known}.",
        "en": "Unknown channel: {value}. Possible: {known}.",
    },
    "register.unknown_scope": {
        "da": "Ukendt liste: {value}. Mulige: {known}.",
        "sv": "Okänd lista: {value}. Möjliga: {known}.",
        "en": "Unknown list: {value}. Possible: {known}.",
    },
    "register.unknown_pause_reason": {
        "da": "Ukendt grund til pause: {value}. Mulige: {known}.",
        "sv": "Okänt skäl för paus: {value}. Möjliga: {known}.",
        "en": "Unknown reason for a pause: {value}. Possible: {known}.",
    },
    "register.unknown_outcome": {
        "da": "Ukendt udfald: {value}. Mulige: {known}.",
        "sv": "Okänt utfall: {value}. Möjliga: {known}.",
        "en": "Unknown outcome: {value}. Possible: {known}.",
    },
    "register.field_required": {
        "da": "{field} mangler.",
        "sv": "{field} saknas.",
        "en": "The {field} is missing.",
    },
    "register.invalid_text": {
        "da": "{field} indeholder ugyldige tegn.",
        "sv": "{field} innehåller ogiltiga tecken.",
        "en": "The {field} contains invalid characters.",
    },
    "register.field_too_long": {
        "da": "{field} er for lang (højst {limit} tegn).",
        "sv": "{field} är för lång (högst {limit} tecken).",
        "en": "The {field} is too long (at most {limit} characters).",
    },
    "register.subject_too_long": {
        "da": "Referencen til den registrerede er for lang (højst {limit} tegn). Gem kun det, der skal til "
        "for at finde personen, fx et ordrenummer eller en e-mailadresse.",
        "sv": "Referensen till den registrerade är för lång (högst {limit} tecken). Spara bara det som behövs "
        "för att hitta personen, t.ex. ett ordernummer eller en e-postadress.",
        "en": "The subject reference is too long (at most {limit} characters). Store only what is needed to "
        "find the person, such as an order number or an e-mail address.",
    },
    "register.invalid_date": {
        "da": "Ugyldig dato eller tid: {value}. Brug fx 2026-11-20 eller 2026-11-20T14:30+01:00.",
        "sv": "Ogiltigt datum eller tid: {value}. Använd t.ex. 2026-11-20 eller 2026-11-20T14:30+01:00.",
        "en": "Invalid date or time: {value}. Use e.g. 2026-11-20 or 2026-11-20T14:30+01:00.",
    },
    "register.received_future": {
        "da": "Modtagelsen ({received}) ligger i fremtiden (i dag er {today}). Intet er gemt.",
        "sv": "Mottagandet ({received}) ligger i framtiden (i dag är det {today}). Inget har sparats.",
        "en": "The receipt ({received}) is in the future (today is {today}). Nothing was stored.",
    },
    "register.received_before_gdpr": {
        "da": "Modtagelsen ({received}) ligger før databeskyttelsesforordningen trådte i kraft (25. maj 2018). "
        "Tjek datoen.",
        "sv": "Mottagandet ({received}) ligger före dataskyddsförordningens tillämpning (25 maj 2018). "
        "Kontrollera datumet.",
        "en": "The receipt ({received}) is before the GDPR applied (25 May 2018). Check the date.",
    },
    "register.unknown_id": {
        "da": "Ingen anmodning med id {id}.",
        "sv": "Ingen begäran med id {id}.",
        "en": "No request with id {id}.",
    },
    "register.purged_id": {
        "da": "Anmodning {id} blev slettet {date}, da opbevaringsperioden var udløbet.",
        "sv": "Begäran {id} raderades {date} när lagringstiden hade löpt ut.",
        "en": "Request {id} was deleted on {date} when its retention period had ended.",
    },
    "register.duplicate": {
        "da": "Der findes allerede en åben anmodning af samme type for samme person: {ids}. Intet er gemt. "
        "Log den alligevel med --force, hvis det er en ny anmodning.",
        "sv": "Det finns redan en öppen begäran av samma typ för samma person: {ids}. Inget har sparats. "
        "Logga den ändå med --force om det är en ny begäran.",
        "en": "An open request of the same type for the same person already exists: {ids}. Nothing was "
        "stored. Log it anyway with --force if it is a new request.",
    },
    "register.already_paused": {
        "da": "{id} er allerede sat på pause ({status}).",
        "sv": "{id} är redan pausad ({status}).",
        "en": "{id} is already paused ({status}).",
    },
    "register.pause_after_deadline": {
        "da": "Fristen for {id} udløb {deadline}; uret kan ikke stoppes bagefter. Svar hurtigst muligt.",
        "sv": "Tidsfristen för {id} löpte ut {deadline}; klockan kan inte stoppas i efterhand. Svara så snart "
        "som möjligt.",
        "en": "The deadline of {id} passed on {deadline}; the clock cannot be stopped afterwards. Answer as "
        "soon as possible.",
    },
    "register.not_paused": {
        "da": "{id} er ikke sat på pause ({status}).",
        "sv": "{id} är inte pausad ({status}).",
        "en": "{id} is not paused ({status}).",
    },
    "register.already_extended": {
        "da": "{id} er allerede forlænget (til {deadline}); fristen kan kun forlænges én gang.",
        "sv": "{id} är redan förlängd (till {deadline}); tidsfristen kan bara förlängas en gång.",
        "en": "{id} is already extended (to {deadline}); the deadline can be extended only once.",
    },
    "register.extend_while_paused": {
        "da": "{id} er sat på pause. Genoptag den, før fristen forlænges.",
        "sv": "{id} är pausad. Återuppta den innan tidsfristen förlängs.",
        "en": "{id} is paused. Resume it before extending the deadline.",
    },
    "register.extension_too_late": {
        "da": "Fristen for {id} udløb {deadline}. Forlængelse skal meddeles inden for den første måned "
        "(art. 12, stk. 3); det er for sent nu.",
        "sv": "Tidsfristen för {id} löpte ut {deadline}. En förlängning måste meddelas inom den första "
        "månaden (art. 12.3); det är för sent nu.",
        "en": "The deadline of {id} passed on {deadline}. An extension must be notified within the first "
        "month (Art. 12(3)); it is too late now.",
    },
    "register.refusal_needs_reason": {
        "da": "Et afslag kræver en begrundelse (--note): den registrerede skal have at vide hvorfor.",
        "sv": "Ett avslag kräver en motivering (--note): den registrerade ska få veta varför.",
        "en": "A refusal needs its reason (--note): the data subject must be told why.",
    },
    "register.already_closed": {
        "da": "{id} er allerede lukket ({status}). Genåbn den først, hvis der skal ske mere.",
        "sv": "{id} är redan stängd ({status}). Öppna den igen först om något mer ska göras.",
        "en": "{id} is already closed ({status}). Reopen it first if more needs doing.",
    },
    "register.not_closed": {
        "da": "{id} er ikke lukket ({status}).",
        "sv": "{id} är inte stängd ({status}).",
        "en": "{id} is not closed ({status}).",
    },
    "register.invalid_days": {
        "da": "Ugyldigt antal dage: {value} (0 til {limit}).",
        "sv": "Ogiltigt antal dagar: {value} (0 till {limit}).",
        "en": "Invalid number of days: {value} (0 to {limit}).",
    },
    "register.invalid_limit": {
        "da": "Ugyldigt antal: {value} (1 til {limit}).",
        "sv": "Ogiltigt antal: {value} (1 till {limit}).",
        "en": "Invalid number: {value} (1 to {limit}).",
    },
    # --- field names used in the errors above ---
    "register.field.subject": {"da": "Referencen til den registrerede", "sv": "Referensen till den registrerade", "en": "subject reference"},
    "register.field.note": {"da": "Noten", "sv": "Anteckningen", "en": "note"},
    "register.field.reason": {"da": "Begrundelsen", "sv": "Motiveringen", "en": "reason"},
    "register.field.actor": {"da": "Navnet på den, der handler", "sv": "Namnet på den som agerar", "en": "name of the person acting"},
    "register.field.chat": {"da": "Chat-id'et", "sv": "Chatt-id:t", "en": "chat id"},
    # --- replies ---
    "register.reply.logged": {
        "da": "{id} er logget: {type} (art. {article}) for {org}, modtaget {received}. Svarfrist: {deadline} "
        "(kan forlænges til {extended_deadline}).",
        "sv": "{id} är loggad: {type} (art. {article}) för {org}, mottagen {received}. Tidsfrist: {deadline} "
        "(kan förlängas till {extended_deadline}).",
        "en": "{id} logged: {type} (Art. {article}) for {org}, received {received}. Deadline: {deadline} "
        "(extendable to {extended_deadline}).",
    },
    "register.reply.logged_overdue": {
        "da": "Bemærk: fristen {deadline} er allerede overskredet. Svar straks.",
        "sv": "Observera: tidsfristen {deadline} har redan passerats. Svara omedelbart.",
        "en": "Note: the deadline {deadline} has already passed. Answer at once.",
    },
    "register.reply.logged_duplicate": {
        "da": "Logget trods åben anmodning for samme person: {ids}.",
        "sv": "Loggad trots öppen begäran för samma person: {ids}.",
        "en": "Logged despite an open request for the same person: {ids}.",
    },
    "register.reply.paused": {
        "da": "{id} er sat på pause ({status}); fristen flyttes med pausens dage, når den genoptages.",
        "sv": "{id} är pausad ({status}); tidsfristen flyttas med pausens dagar när den återupptas.",
        "en": "{id} is paused ({status}); the deadline moves by the paused days when it is resumed.",
    },
    "register.reply.resumed": {
        "da": "{id} er genoptaget efter {days} dages pause. Ny frist: {deadline}.",
        "sv": "{id} är återupptagen efter {days} dagars paus. Ny tidsfrist: {deadline}.",
        "en": "{id} resumed after {days} paused day(s). New deadline: {deadline}.",
    },
    "register.reply.extended": {
        "da": "{id} er forlænget til {deadline}. Husk at fortælle den registrerede om forlængelsen og "
        "begrundelsen senest {inform_by} (art. 12, stk. 3).",
        "sv": "{id} är förlängd till {deadline}. Kom ihåg att meddela den registrerade förlängningen och "
        "skälen senast {inform_by} (art. 12.3).",
        "en": "{id} extended to {deadline}. Tell the data subject about the extension and its reasons by "
        "{inform_by} (Art. 12(3)).",
    },
    "register.reply.closed_done": {
        "da": "{id} er lukket som udført.",
        "sv": "{id} är stängd som utförd.",
        "en": "{id} closed as done.",
    },
    "register.reply.closed_refused": {
        "da": "{id} er lukket som afslået. Fortæl den registrerede begrundelsen og om retten til at klage til "
        "{authority} og til at gå til domstolene (art. 12, stk. 4).",
        "sv": "{id} är stängd som avslagen. Meddela den registrerade skälen och rätten att klaga till "
        "{authority} och att gå till domstol (art. 12.4).",
        "en": "{id} closed as refused. Tell the data subject the reasons and of the right to complain to "
        "{authority} and to seek a judicial remedy (Art. 12(4)).",
    },
    "register.reply.closed_late": {
        "da": "Bemærk: svaret kom efter fristen {deadline}.",
        "sv": "Observera: svaret kom efter tidsfristen {deadline}.",
        "en": "Note: the answer came after the deadline {deadline}.",
    },
    "register.reply.withdrawn": {
        "da": "{id} er trukket tilbage af den registrerede.",
        "sv": "{id} har återkallats av den registrerade.",
        "en": "{id} withdrawn by the data subject.",
    },
    "register.reply.reopened": {
        "da": "{id} er genåbnet ({status}). Frist: {deadline}.",
        "sv": "{id} är öppnad igen ({status}). Tidsfrist: {deadline}.",
        "en": "{id} reopened ({status}). Deadline: {deadline}.",
    },
    "register.reply.overdue": {
        "da": "Fristen {deadline} er overskredet.",
        "sv": "Tidsfristen {deadline} har passerats.",
        "en": "The deadline {deadline} has passed.",
    },
    "register.reply.purged": {
        "da": "{count} lukkede anmodninger (lukket før {cutoff}) er slettet.",
        "sv": "{count} stängda begäranden (stängda före {cutoff}) har raderats.",
        "en": "{count} closed request(s) (closed before {cutoff}) deleted.",
    },
    "register.reply.purge_dry_run": {
        "da": "{count} lukkede anmodninger (lukket før {cutoff}) ville blive slettet. Intet er slettet.",
        "sv": "{count} stängda begäranden (stängda före {cutoff}) skulle raderas. Inget har raderats.",
        "en": "{count} closed request(s) (closed before {cutoff}) would be deleted. Nothing was deleted.",
    },
    "register.reply.list_empty": {
        "da": "Ingen anmodninger.",
        "sv": "Inga begäranden.",
        "en": "No requests.",
    },
    "register.reply.list_more": {
        "da": "Flere findes; vis flere med --limit.",
        "sv": "Det finns fler; visa fler med --limit.",
        "en": "More exist; show more with --limit.",
    },
    # --- labels ---
    "register.type.access": {"da": "indsigt", "sv": "tillgång", "en": "access"},
    "register.type.rectification": {"da": "berigtigelse", "sv": "rättelse", "en": "rectification"},
    "register.type.erasure": {"da": "sletning", "sv": "radering", "en": "erasure"},
    "register.type.restriction": {"da": "begrænsning", "sv": "begränsning", "en": "restriction"},
    "register.type.portability": {"da": "dataportabilitet", "sv": "dataportabilitet", "en": "portability"},
    "register.type.objection": {"da": "indsigelse", "sv": "invändning", "en": "objection"},
    "register.type.consent_withdrawal": {
        "da": "tilbagetrækning af samtykke",
        "sv": "återkallelse av samtycke",
        "en": "consent withdrawal",
    },
    "register.status.open": {"da": "åben", "sv": "öppen", "en": "open"},
    "register.status.awaiting_identity": {
        "da": "afventer identitet",
        "sv": "inväntar identitet",
        "en": "awaiting identity",
    },
    "register.status.awaiting_clarification": {
        "da": "afventer præcisering",
        "sv": "inväntar förtydligande",
        "en": "awaiting clarification",
    },
    "register.status.extended": {"da": "forlænget", "sv": "förlängd", "en": "extended"},
    "register.status.done": {"da": "udført", "sv": "utförd", "en": "done"},
    "register.status.refused": {"da": "afslået", "sv": "avslagen", "en": "refused"},
    "register.status.withdrawn": {"da": "trukket tilbage", "sv": "återkallad", "en": "withdrawn"},
    # --- calendar feed (deadlines.export.write_ics) ---
    "register.ics.calendar": {
        "da": "Frister for registreredes anmodninger",
        "sv": "Tidsfrister för registrerades begäranden",
        "en": "Data-subject request deadlines",
    },
    "register.ics.summary": {
        "da": "Frist {id}: {type} (art. {article}), {org}",
        "sv": "Tidsfrist {id}: {type} (art. {article}), {org}",
        "en": "Deadline {id}: {type} (Art. {article}), {org}",
    },
    "register.ics.description": {
        "da": "Status: {status}\nModtaget: {received} ({via})\nFrist: {deadline}\nForlænget frist: "
        "{extended_deadline}\nPausedage: {paused_days}",
        "sv": "Status: {status}\nMottagen: {received} ({via})\nTidsfrist: {deadline}\nFörlängd tidsfrist: "
        "{extended_deadline}\nPausdagar: {paused_days}",
        "en": "Status: {status}\nReceived: {received} ({via})\nDeadline: {deadline}\nExtended deadline: "
        "{extended_deadline}\nPaused days: {paused_days}",
    },
    "register.ics.subject": {
        "da": "Registreret: {subject}",
        "sv": "Registrerad: {subject}",
        "en": "Subject: {subject}",
    },
}
