"""What a question asks for (retention, purpose, legal basis, recipients, data, rights, contact) and which right."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from rapidfuzz import process
from rapidfuzz.distance import OSA

from knowledge.text import AUTHORITY_WORDS, POLICE_WORDS, fold, is_common_word, raw_tokens

ASPECTS: tuple[str, ...] = (
    "retention",
    "purpose",
    "legal_basis",
    "recipients",
    "data",
    "rights",
    "contact",
    "overview",
)


def _rx(*patterns: str) -> re.Pattern[str]:
    """One case-insensitive regex over folded text (æ/ä→a, ø/ö→o, å→a), word-bounded alternatives."""
    return re.compile("|".join(f"(?:{p})" for p in patterns))


# Patterns run on the folded question (see knowledge.text.fold), so "længe"/"länge" are both "lange".

# Complaining, and withdrawing consent: shared by the request patterns and the rights they name.
_COMPLAINING = r"klage\w*|klagomal\w*|klaga\w*|complain\w*"
_WITHDRAWING = r"tilbagekald\w*|aterkall\w*|withdraw\w*|afmeld\w*|unsub\w*"
# "Do we (actually) …": a yes/no question whether the shop does something; shared by the data and activity patterns.
_DO_WE = r"(do|does|did) (we|you|they|\w+)( actually| even| really| ever)? "
# The start of a clause ("If someone leaves stuff in the basket, do we …?").
_CLAUSE = r"(^|[,;:.?!-] )\W*"

def _request_then_channel(request_words: str) -> str:
    """A request word followed by how it is sent ("begäran … per brev", "request … in writing")."""
    return (
        rf"\b({request_words})\b.{{0,60}}\b(mejl\w*|e-?mail\w*|e-?post|brev|letter|post|telefon\w*|phone|ringe|ringa|"
        r"call|skriftlig\w*|in writing|underskr\w*|signe\w*|signa\w*)"
    )


# A channel followed by a request word ("mejla sin begäran", "e-mail request").
_CHANNEL_THEN_REQUEST = (
    r"\b(mejl\w*|e-?mail\w*|e-?post|brev|letter|telefon\w*|phone|ringe|ringa|call)\b.{0,40}"
    r"\b(begaran|anmodning\w*|request|henvendelse)\b"
)

# The names of legal bases (GDPR Art. 6): in a legal-basis question, the answer asked for, not a topic.
_BASIS_NAMES = (
    r"samtyk\w*|samtyck\w*|consent\w*|kontrakt\w*|contract\w*|aftale\w*|avtal\w*|interesseafvejning\w*|"
    r"intresseavvagning\w*|legitim\w*|berettige\w*|berattigad\w*|interesse\w*|intresse\w*|interests?|"
    r"balancing|retlig forpligtelse|rattslig forpliktelse|legal obligation"
)
BASIS_NAME = re.compile(rf"^({_BASIS_NAMES})$")
LEGAL_BASIS = _rx(
    r"\bhjemmel", r"\bhjemlen\b", r"\bretsgrundlag", r"\bretlig\w* grundlag", r"\bjuridisk\w* grundlag",
    r"\blovgrundlag", r"\bbehandlingsgrundlag", r"\bgrundlag(et)? for", r"\bpa hvilket grundlag",
    r"\blegal (basis|ground)", r"\blawful (basis|ground)", r"\blegal bas[ie]s\b", r"\bbasis for (processing|the)",
    r"\bon what (legal )?(basis|grounds?)", r"\brattslig\w* (grund|stod)", r"\blaglig\w* (grund|stod)",
    r"\bgrund(en)? for (behandling|att)", r"\bpa vilken (rattslig )?grund", r"\bart(ikel|icle|\.)? ?6\b",
    r"\blegitim\w* interest", r"\bberettiget interesse",
    r"\b(hvilke[nt]?|vilke[nt]?|vilka|what|which) (lov|love|lovgivning|lag|lagar|lagstiftning|law|laws|legislation)\b",
    r"\b(lov|loven|lagen|law) (kraver|kraeve\w*|sig\w*|sag\w*|require\w*|say\w*)\b", r"\brequired by law\b",
    r"\b(legally|lawfully|lovligt|lagligt|lovlig|laglig|lovlige|lagliga|rattsligt|retligt)\b",
    r"\b(lagstod\w*|lovhjemmel|lagligt stod|legal support|legal footing)\b", r"\bstod i lagen\b", r"\bstotte i loven\b",
    r"\b(behover|behoves|kraever|kraver|kraeves|kravs|need|needs|needed|require\w*)\b.{0,40}"
    r"\b(samtyk\w*|samtyck\w*|consent)\b",
    r"\b(med hvilken ret|med vilken ratt|by what right)\b",
    r"\b(hvad|vad|what) (giver|ger|gives) (os|oss|us) (ret|ratt|the right)\b",
    # One legal basis or another ("Er det samtykke eller interesseafvejning …?", "consent or contract?")
    rf"\b({_BASIS_NAMES})\b.{{0,60}}\b(eller|or)\b.{{0,30}}\b({_BASIS_NAMES})\b",
    r"\b(som|as (the|our|a)?) ?(grundlag|grund|basis)\b", r"\bgrundar (vi|ni|de|man)\b",
    r"\b(bygger|baserer) (vi|i|de|man) (det|dette|den|det hele) pa\b", r"\bbased? (it )?on what\b",
)
# Permission ("Må vi sende …", "Får vi skicka … utan att fråga", "are we allowed to …"): the legal basis, unless it
# asks how long ("Hvor længe må vi gemme …").
PERMISSION = _rx(
    r"\b(far|ma|maa) vi( lov)?( til| att)? (sende|skicka|gemme|spara|bruge|anvanda|dele|dela|ringe|ringa|kontakte|"
    r"kontakta|beholde|behalla|videregive|lamna|salja|saelge|maile|mejla|registrere|registrera|logge|logga|tracke|"
    r"spore|overvage|overvaka|profilere|profilera|indsamle|samla)\w*",
    r"\b(are|am) (we|i) allowed to\b", r"\bmay we\b", r"\bis it (legal|allowed|lawful|ok|okay) (to|for us)\b",
)
RIGHTS = _rx(
    r"\b(ret|rettighed|rettigheder|rattighet\w*|right|rights|ratt|ratten) (til|till|at|to|att)\b",
    # A customer wanting something (not a customer's question relayed: "kunden vil vide", "customer asks whether").
    r"\b(kunde\w*|kund\w*|customer\w*|custmer\w*|han|hun|hon|he|she)\b.{0,30}\b(vil|vill|wants?|onsker|onskar|"
    r"beder|bad|ber|kraever|kraver|demands?|would like|vil gerne|vill gärna)\b"
    r"(?! (gerne |garna )?(vide|veta|know|to know)\b)",
    r"\b(anmod\w*|beder?|bede|begar\w*|ask\w*(?! (why|whether|if|how|what|when|which|who)\b)|request\w*|"
    r"want\w*|onsk\w*|vil ha\w*|vill ha\w*|kan|can)\b.{0,60}"
    r"\b(slet\w*|glemt|radera\w*|radering|delete\w*|deletion|eras\w*|forgotten|indsigt\w*|kopi\w*|registerutdrag|"
    r"access|copy|rette|rettet|rettelse|berigtig\w*|korriger\w*|ratta\w*|rattelse|correct\w*|rectif\w*|aendr\w*|chang\w*|fix\w*|"
    r"begrans\w*|restrict\w*|dataportab\w*|portab\w*|flytte|flytta|indsigelse|invand\w*|object\w*|"
    r"tilbagekald\w*|traekke|trakke|aterkalla\w*|withdraw\w*|afmeld\w*|unsubscrib\w*|avregistr\w*|"
    r"klage|klaga|complain\w*|spar\w* (av|sina)|blocker\w*|blockera\w*|fa veta|fa vide|find out|export\w*|eksport\w*|"
    r"see (what|which)|se (hvad|hvilke|vad|vilka))",
    r"\b(gor|gore|gora|make|makes|lodge|file|submit|send\w*|skicka\w*)\b.{0,40}"
    r"\b(indsigelse\w*|invand\w*|objection|protest|klage|klagomal|complaint|begaran|anmodning|request)\b",
    r"\b(get|fa)\b.{0,30}\b(slettet|raderade?|deleted|erased|rettet|rattade?|corrected|overfort|flyttet|udleveret)\b",
    r"\b(er|is|are|ar) (forkert\w*|wrong|incorrect|felaktig\w*|fel|outdated|out of date|foraeldet|foraldrad\w*)\b",
    _request_then_channel("begaran|anmodning\\w*|henvendelse\\w*|request|requests|ansogning"),
    _CHANNEL_THEN_REQUEST,
    r"\b(indsigtsanmodning|registeruddrag|sletteanmodning|sletningsanmodning|dsar|subject access)\b",
    r"\b(deletion|erasure|access|sletning\w*|radering\w*|indsigt\w*)\b (request|requests|anmodning\w*|begaran\w*)\b",
    r"\b(signed|signeret|signerad|underskrevet|underskreven|undertecknad|legitimation|identifikation|identifiering|"
    r"identification|id)\b.{0,60}\b(slet\w*|radera\w*|delet\w*|eras\w*|indsigt\w*|access|rette\w*|ratta\w*|correct\w*)",
    r"\b(begar\w* ut|fa ut|fa udleveret|fa en kopi|get a copy)\b",
    r"\b(klage\w*|klaga\w*|complain\w*)\b.{0,20}\b(to|til|till|hos|with|about|over|over)\b",
    r"\b(klage\w*|klaga\w*|complain\w*)\b.{0,40}\b(datatilsyn\w*|imy|integritetsskyddsmyndigheten|tilsyn\w*|tillsyn\w*|"
    r"supervisory|authority|authorities|myndighed\w*|myndighet\w*)",
    r"\b(datatilsyn\w*|imy|integritetsskyddsmyndigheten|tilsynsmyndighed\w*|tillsynsmyndighet\w*|supervisory)\b.{0,40}"
    rf"\b({_COMPLAINING})",
    r"\bhow (do|does|can|should|would) .{0,40}\b(exercise|use|invoke)\b",
    r"\b(hvordan|hur|how)\b.{0,50}\b(afmeld\w*|unsub\w*|avregistr\w*|withdraw\w*|tilbagekald\w*|aterkall\w*|"
    r"meld\w* (\w+ ){0,2}(sig |dig |mig )?(fra|af)|framel\w*|opt\w* out)\b",
)
RETENTION = _rx(
    r"\bhvor (lange|lang tid|mange (dage|maneder|ar|uger))\b",
    r"\b(keep|keeps|kept|store|stores|stored|save|saves|saved|retain\w*|gemmer|gemmes|opbevar\w*|beholder|sparar|sparas|"
    r"behaller|lagrar|lagras)\b.{0,40}\b(i|in|for|pa) (\d+|et|ett|en|one|two|three|five|six|ten|to|tva|tre|fem|seks|sex|"
    r"ti|tio) (ar|years?|maneder|manader|months?|dage|dagar|days?|uger|veckor|weeks?)\b",
    r"\bhur (lange|lang tid|manga (dagar|manader|ar))\b",
    r"\bhow long\b", r"\bhow many (days|weeks|months|years)\b", r"\bfor how long\b",
    r"\b(hvor|hur|how) (hurtigt|snart|snabbt|fort|fast|quickly|soon)\b.{0,60}\b(slet\w*|forsvind\w*|fjern\w*|rader\w*|"
    r"forsvinn\w*|forsvann\w*|tas bort|delet\w*|eras\w*|remov\w*|disappear\w*|gone|overwrit\w*|overskriv\w*|"
    r"skriv\w* over)",
    r"\bhvornar\b.{0,60}\b(slet\w*|overskriv\w*|anonymiser\w*|fjern\w*|forsvind\w*|forsvandt)",
    r"\b(minimum|maximum|minimal|maksimal|maximal|min|max|mindste|storste|langste|kortaste|shortest|longest)\w* "
    r"(period|periode|perioden|tid|tiden|time|duration)\b",
    r"\b(period|periode|perioden|tidsrum|tidsperiod)\b.{0,40}\b(keep|kept|store|stored|retain\w*|gemme\w*|opbevar\w*|"
    r"spara\w*|sparas|lagra\w*|bevara\w*)", r"\bnar\b.{0,60}\b(rader\w*|skriv\w* over|gallra\w*|anonymiser\w*|tas bort)",
    r"\bwhen\b.{0,60}\b(delet\w*|eras\w*|remov\w*|overwrit\w*|purg\w*|anonymi[sz]\w*|destroy\w*)",
    r"\b(opbevaringsperiode|opbevaringstid|opbevaringsfrist|slettefrist|sletningsfrist|slettepolitik|lagringstid|"
    r"lagringsperiod\w*|gallringsfrist|bevarandetid|retention|retained|retain)\b",
    r"\b(overskrives|overskrevet|overwritten|overwrite|rensas|rensas bort|ryddes op|wiped|get wiped|purged)\b",
    r"\b(lang tid|long time|lange)\b",
    r"\b(hvad sker|vad hander|what happens)\b",
    r"\b(for altid|for evigt|for evig tid|forever|for good|for alltid|indefinitely)\b",
    r"\b(hang|hanging|hold|holding) on to\b",
    r"\b(langere|langre|longer|kortere|kortare|shorter) (end|an|than)\b",  # "Gemmer vi X længere end Y?"
    r"\b(smidt ud|smides ud|kastas|slangs|thrown (away|out)|binned|shredded|makuleret|makulerat)\b",
    r"\b(ryger|forsvinder|forsvinner|forsvinna|disappears?|vanish\w*|goes away)\b.{0,40}\b(af sig selv|av sig sjalv|"
    r"automatisk\w*|automatically|by itself|on its own|pa et tidspunkt|nagon gang|at some point|efter)\b",
    r"\b(hvad|vad|what)\b.{0,12}\b(gor|does|do)\b.{0,40}\b(med|with)\b.{0,50}\b(nar|efter|after|once)\b.{0,40}"
    r"\b(gennemfort|genomford|gatt igenom|gaet igennem|completed|gone through|afsluttet|avslutad|lukket|stangd|closed)",
    r"\b(hvad|vad|what)\b.{0,30}\b(gor|gore|gora|do|does)\b.{0,40}\b(nar|when|if|hvis)\b.{0,40}"
    r"\b(luk\w*|slut\w*|avslut\w*|clos\w*|stop\w*|ophor\w*|opsig\w*|cancel\w*|unsubscrib\w*|afmeld\w*|avregistr\w*)",
)
# Bare "is deleted / is kept": retention unless the question asks which data ("Vilka uppgifter sparas …?").
WEAK_RETENTION = _rx(r"\b(slettes|slettet|raderas|anonymiseres|gemmes|sparas|lagras|bevaras|deleted|erased|kept)\b")
# Whether data may stay or should be gone by now ("Må vi beholde …?", "ligger kortnummeret stadig hos os?", "Should
# his account already be gone?", "Ska hans grejer bort då?"): a yes/no question about the retention rule.
KEEPING = _rx(
    r"\b(beholde|beholder|beholdes|behalla|behaller|behalls|ha kvar|har kvar|finnas kvar|finns kvar)\b",
    r"\b(stadig|stadigvaek|fortfarande|still)\b.{0,25}\b(har|have|has|ha|ligger|gemt|gemmer|opbevar\w*|sparad\w*|"
    r"sparar|lagrad\w*|stored|kept|keep|keeping|around)\b",
    r"\b(har|have|has|ligger|finns|gemmer|sparar|keep|keeping)\b.{0,30}\b(stadig|stadigvaek|fortfarande|still)\b",
    r"\b(already|allerede|redan)\b.{0,20}\b(gone|deleted|erased|slettet|raderad\w*|vaek|borte|bort)\b",
    r"\b(gone|deleted|erased|slettet|raderad\w*|vaek|borte|bort) (already|allerede|redan)\b",
    r"\b(ska|skal|skall|should|must)\b.{0,40}\b(bort|vaek|gone|deleted|erased|slettes|raderas|slettet|raderad\w*)"
    r"(\W+\w+)?\W*$",
)
PURPOSE = _rx(
    r"\bhvorfor\b", r"\bvarfor\b", r"\bwhy\b", r"\bformal(et)?\b", r"\bsyfte(t)?\b", r"\bandamal(et)?\b",
    r"\bpurposes?\b", r"\bused for\b", r"\buse .{0,40} for\b", r"\bbruges til\b", r"\bbruger vi\b.{0,40}\btil\b",
    r"\banvands till\b", r"\b(hvad|vad) (bruges|anvendes|anvands|anvandes) ([\w-]+ ){1,3}(til|till)\b", r"\banvander vi\b.{0,40}\btill\b", r"\bhvad (bruger|anvender) vi\b.{0,100}\btil\W*$",
    r"\bvad (anvander|anvands|anvanda) .{0,100}\btill\W*$", r"\bhvad .{0,60}\btil\W*$", r"\bvad .{0,60}\btill\W*$",
    r"\bhvad\b.{0,40}\b(bruge|bruger|bruges|anvende|anvender|anvendes)\b.{0,100}\btil\W*$",
    r"\bvad\b.{0,40}\b(anvanda|anvander|anvands|anvant)\b.{0,100}\btill\W*$",
    r"\b(hvad|vad) (bruger|anvender|anvander) ([\w-]+ ){1,5}(til|till)\b",
    r"\bwhat do(es)? ([\w-]+ ){1,5}use ([\w-]+ ){1,5}for\b",
    r"\bwhat for\b", r"\b(what's|whats|what is) the point\b", r"\b(what's|whats|what is|what are) .{0,50}\bfor\W*$",
    r"\bpoint of\b", r"\breason\b", r"\bgrund(en)? til\b", r"\bskal vi bruge\b",
    r"\bwhat\b.{0,80}\b(need|use|want|keep|have|collect)\b.{0,60}\bfor\W*$",
    r"\b(til hvad|till vad|for what)\b", r"\bmeningen med\b", r"\banledning\w*\b", r"\bhow do (we|you|they) use\b",
    r"\bvad (behover|ska|skall) vi\b.{0,40}\bfor\W*$",
    r"\b(hvad|vad) (skal|ska|skall|gor|gore|gora) vi (med|ha)\b", r"\bwhat do (we|you) do with\b",
)
CONTACT = _rx(
    r"\b(kontakt|kontakte|kontakter|kontakta|kontaktar|kontaktes|contact|contacting|contacted)\b"
    r"(?! ?(oplysninger|uppgifter|details|information|info|data|dem|them|kunde\w*|kund\w*|customers?)\b)",
    r"\b(dataansvarlig\w*|personuppgiftsansvarig\w*|controller|data controller|ansvarlig for)\b",
    r"\b(dpo|databeskyttelsesradgiver|dataskyddsombud|personuppgiftsombud\w*)\b",
    r"\bwho is responsible\b",
    r"\b(mailadresse\w*|e-?mailadresse\w*|e-?mail address\w*|e-?postadress\w*|mejladress\w*|telefonnummer\w*|"
    r"phone number|adressen?|adress(en)?|address)\b.{0,50}\b(skrive|skriva|write|ringe|ringa|call|kontakt\w*|contact|"
    r"sende|skicka|send|brev|letter|"
    r"questions?|sporgsmal|fragor|henvend\w*|persondata|personal data|personuppgifter)\b", r"\bhvem er ansvarlig\b", r"\bvem ar ansvarig\b",
    r"(?<![\w-])(postadresse|postadress|postal address|cvr|org\.? ?nr|company (number|id))\b",
    # … the asker or customer writing (not "where do we keep the e-mails customers send")
    r"\bhvor (skal|kan) (\S+ ){1,3}(skrive|sende|henvende)", r"\bvart (ska|kan) (\S+ ){1,3}(skriva|skicka)",
    r"\bwhere (do|does|can|should) (\S+ ){1,3}(write|send)",
    r"\b(vem|hvem|who)\b.{0,30}\b(ansvarar|ansvarlig|ansvarig|responsible|in charge)\b",
    r"\b(vem|hvem|who)\b.{0,15}\b(star bakom|star bag|is behind|are behind|runs|owns|ejer|ager|driver)\b",
    r"\b(den|dem|the one|those) (som|der|who) (ansvarar|har ansvar\w*|er ansvarlig|ar ansvarig|is responsible)\b",
    r"\b(ansvarar|ansvarlig|ansvarig|responsible) for\b.{0,30}\b(person\w*|behandling\w*|data|processing|oplysning\w*|"
    r"uppgift\w*|information)\b",
    r"\b(name|navn|navnet|namn|namnet) (of|pa) (the )?(company|firma\w*|virksomhed\w*|foretag\w*|controller|"
    r"dataansvarlig\w*|personuppgiftsansvarig\w*)",
    r"\bhur nar (man|kunden|kunderna|vi|jag|ni|en kund)\b",  # Swedish "når" (reach); Danish "når" is "when"
    r"\b(hvordan|how)\b.{0,30}\b(reach|get in touch|komme[r]? i kontakt)\b", r"\bkomma i kontakt\b",
    r"\bget in touch\b", r"\b(organisationsnummer|organisationsnr|orgnr|cvr-?\w*|vat number|registration number)\b",
    r"\b(vanda sig|vander sig|henvende sig|henvender sig|turn to|reach out)\b",
    r"\b(vilken|hvilken|hvilket|vilket|what|which|whats)( is the| er| ar)?\b.{0,12}\b(adress|adresse|address|mail|e-?mail|"
    r"mailadresse|e-?mailadresse|e-?mail address|e-?postadress|e-?post|mejl|mejladress|telefonnummer|phone number|"
    r"nummer|number)\b.{0,40}\b(skrive|skriva|write|ringe|ringa|call|kontakt\w*|contact)\b",
    r"\b(what is|whats) (the|our|your) (address|adress|adresse|phone number|e-?mail( address)?|number)\b(?! of\b)",
    r"\b(mail|e-?mail|mejl|e-?post|adresse|adress|address)\b (til|to|for|till) (persondata\w*|personal data|"
    r"personuppgift\w*|privacy|gdpr|databeskyttelse\w*|dataskydd\w*|data protection)",
    r"\bdata cont?rol+er\b", r"\b(vilken|hvilken|what|which) (adress|adresse|address)\W*$",
    r"\b(hvad|vad|what) (er|ar|is) (?!(kunde|kund|customer|brugere|user|the customer|en kunde|a customer)\w*\b)\S+ "
    r"(adresse|adress|address|e-?mail\w*|e-?mailadresse|mailadresse|e-?postadress|telefonnummer|phone number)\W*$",
    r"\b(skickar|skicka|sender|sende|send|sends)\b.{0,30}\b(brev|breve|letters?|post)\b.{0,60}\b(adress|adresse|address)\b",
    r"\b(hvilken|hvilket|vilken|vilket|what|which|what's|whats)\b.{0,12}"
    r"\b(adresse|adress|address|postadresse|postadress|"
    r"telefonnummer|phone number|e-?mailadresse|e-?postadress|mejladress|mailadresse|e-?mail address)\b"
    r" (har|has|does|is|er|ar)\b(?! (the |a |en |den )?(vi|we|kunde|kunden|kunder|kunderne|kundens|kund|kunds|kunderna|"
    r"kundernas|customer|customers|customer's|registrerede|they|de)\b)",
    r"\b(hvor|var|where)\b.{0,40}\b(hjemmehorende|beliggende|based|located|registered|registreret|registrerad)\b",
)
RECIPIENTS = _rx(
    r"\bhvem\b", r"\bvem\b", r"\bwho\b", r"\bmodtager\w*\b", r"\bmottagar\w*\b", r"\brecipient\w*\b",
    r"\breceiv\w*\b", r"\bvideregiv\w*\b", r"\budlever\w*\b", r"\butlamn\w*\b",
    r"^\W*(far|faar) (?!(vi|jeg|jag|man|du|ni|i|de|kunde\w*|kund\w*)\b)\w+",  # "Får fragtfirmaet …?"
    r"\bdeler vi\b", r"\bdele\w*\b", r"\bdelar\b", r"\bdelas\b",
    r"\bshar(e|ed|es|ing)\b", r"\btredjepart\w*\b", r"\bthird[- ]part\w*\b", r"\bdatabehandler\w*\b",
    r"\bpersonuppgiftsbitrad\w*\b", r"\bprocessors?\b", r"\bunderleverandor\w*\b", r"\bleverandor\w*\b",
    r"\bleverantor\w*\b", r"\bsuppliers?\b", r"\bvendors?\b", r"\bpartners?\b", r"\bsamarbejdspartner\w*\b",
    r"\bsamarbetspartner\w*\b", r"\boverfor\w*\b", r"\bover(fores|fort)\b", r"\btransfer\w*\b",
    r"\bsendes til\b", r"\bskickas till\b", r"\bsent to\b", r"\bpassed (on )?to\b", r"\bdisclos\w*\b",
    r"\bgiven to\b",
    r"\b(give|gives|giver|ger) (?!(to|til|till)\b).{1,30}\b(to|til|till)\b"
    r"(?! (each |every |the |a |our |vores |hver |varje )?(customer|kunde|kund)\w*)",  # not "… to each customer"
    r"\bvidare till\b",
    r"\blamnas (ut|vidare)\b", r"\busa\b",
    r"\btredjeland\w*\b", r"\bthird countr\w*\b", r"\b(adgang|tilgang|tillgang|access)\b",
    r"\b(vilka|vilken|vilket|hvilke|hvilken|hvilket|which|what)\b.{0,10}"
    r"\b\w*(foretag|foretagen|virksomhed\w*|firma\w*|firmor|bolag\w*|selskab\w*|compan\w*|myndighed\w*|myndighet\w*|"
    r"authorit\w*|instans\w*|bureau\w*|byra\w*|institut\w*|banker|banks?|tjenester|tjanster|services|parter|parterne|"
    r"parties|partnere|provider\w*|udbyder\w*|leverandor\w*|leverantor\w*|supplier\w*)\b",
    r"\b(vilka|vem|hvem|hvilke|who|which)\b.{0,40}\b(far|faar|gets?)\b",
    r"\blamnar\b.{0,30}\b(ut|vidare)\b", r"\b(sell|sells|selling|sold|saelge\w*|salger|salge|solgt|saljer|salja)\b",
    r"\b(vart|hvorhen|where)\b.{0,20}\b(skickas|sendes|sent|go|goes|gar|hamnar|ender)\b",
    r"\b(giver|giva|give|gives|sender|skickar|send|sends|pass|passes|lamnar)\b.{0,25}\b(videre|vidare|on|over|ut) "
    r"(til|till|to)\b", r"\bhamnar (hos|i|pa)\b", r"\bhand\w*\b.{0,40}\bover (to|til|till)\b",
    r"\b(get|gets|getting|receive\w*|far|faar)\b.{0,25}\b(fra os|fran oss|from us)\b",
    r"\b(andra|andre|other|external|eksterne|externa|fremmede|utomstaende|outside) (foretag\w*|virksomhed\w*|firma\w*|"
    r"compan\w*|parter|parterna|parties|aktorer|businesses)\b",
)
# A question about processors (data processing agreements), not every recipient.
PROCESSORS = _rx(
    r"\bdatabehandler\w*", r"\bpersonuppgiftsbitrad\w*", r"\bbitrad\w*", r"\bprocessors?\b",
    r"\bdata processing agreement\w*", r"\bdpas?\b", r"\bbehandlingsavtal\w*",
)
# "Which data …" outranks a contact word later in the question ("Vilken information behandlar vi om en kund när hon
# kontaktar kundtjänst?").
STRONG_DATA = _rx(
    r"^\W*(hvilke|vilka|which|what) (oplysninger|uppgifter|data|information|personoplysninger|personuppgifter|"
    r"persondata)\b",
    r"^\W*(hvilken|vilken) (information|data)\b",
    r"\b(hvad|vad|what)\b.{0,25}\b(af|av) (oplysninger|uppgifter|data|information|personoplysninger|personuppgifter)\b",
)
DATA = _rx(
    r"\bwhat counts as\b",
    r"\b(what'?s|what is|what are|what gets) (stored|kept|saved|recorded|logged|held|registered)\b",
    r"\bwhat (info|infos)\b",
    r"\b(hvad|vad|what) (vi|we) (gemmer|registrerer|opbevarer|logger|sparar|lagrar|registrerar|loggar|store|keep|log|"
    r"record|hold)\b",
    r"\b(hvad|vad) star (der )?(i|pa)\b(?! (vores |var |den )?(politik\w*|policy\w*|privatlivspolitik\w*))",
    r"\b(hvad|vad|what)\b.{0,12}\b(daekker|dakker|tacker|omfatter|omfattar|covers?)\b",
    r"\b(note|notes|noted|write|writes|jot|jots|put) down\b",
    r"^\W*" + _DO_WE + r"(store|save|record|log|collect|hold|register|track)\b",
    r"^\W*(gemmer|registrerer|opbevarer|logger|indsamler|lagrer|sparar|lagrar|registrerar|loggar|samlar) "
    r"(vi|i|de|man)\b",
    r"\b(hvilke|vilka|which|what) \w+ (oplysninger|uppgifter|personoplysninger|personuppgifter|information|details)\b",
    r"^\W*(hvad|vad) (gemmer|registrerer|opbevarer|sparar|lagrar|registrerar|samler|samlar|"
    r"logger|loggar) vi\b", r"\b(hvad|vad|what)\b.{0,10}\b(ingar|indgar|included|goes into|is in|horer (ind )?under|hor till)\b", r"\b(hvad|vad) (taller|regnes|raknas|hor) (som|med|till)\b",
    r"\b(hvilke|vilka|which)( af| av| of)( the)? (butik\w*|shops?|webshops?|stores?)\b",
    r"\bwhat (exactly )?(do|does) .{0,30}\b(log|logs|record|records|register|registers|collect|store|save)\b",
    r"\bhvilke (oplysninger|data|persondata|personoplysninger|typer|slags|kategorier)\b",
    r"\bvilka (uppgifter|data|personuppgifter|typer|slags|kategorier)\b", r"\bvad for (uppgifter|data)\b",
    r"\bwhat (data|information|personal|kind of data|kinds of data|types of data|categories)\b",
    r"\bwhich (data|information|personal|categories)\b", r"\bcollect(s|ed|ing)?\b",
    r"\bhvilke \w*oplysninger\b", r"\bvilka \w*uppgifter\b", r"\bindsaml\w*\b", r"\bsamler vi\b",
    r"\bsamlar (vi )?in\b", r"\bregistrer(er|ar)\b", r"\bhvad (registrerer|indsamler|ved) vi\b",
    r"\bvad (registrerar|samlar|vet) vi\b", r"\bwhat do we (know|hold|have)\b", r"\bdatakategori\w*\b",
    r"\b(what|which) (kind|kinds|sort|sorts|type|types) of (data|information|personal|details)\b",
    r"\b(hvilken|vilken) (information|slags|type|typ)\b",
    r"\b(hvad|vad) for (oplysninger|data|information|uppgifter|slags)\b",
    r"\b(hvad|vad|what)\b (gemmer|registrerer|opbevarer|har|ved|sparar|lagrar|registrerar|vet|"
    r"do we (keep|store|hold|have|record|know|collect)) (vi )?(om|about|on)\b",
    r"\b(hvad|vad|what)\b.{0,40}\b(indeholder|innehaller|contains?|includes?|bestar|consists?)\b",
    r"\b(hvilke|vilka|which|what) (detaljer|details|felter|falt|fields|typer af|typer av)\b",
    r"\b(hvad|vad|what)\b (registreres|registreras|indsamles|samles ind|samlas in|gemmes|sparas|lagras|opbevares|"
    r"(is|are|gets?) (collected|recorded|stored|kept|logged|saved))\b",
)

RIGHT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("complaint", _rx(rf"\b({_COMPLAINING}|datatilsynet|imy|integritetsskyddsmyndigheten|"
                      r"tilsynsmyndighed\w*|tillsynsmyndighet\w*|supervisory)\b")),
    ("consent_withdrawal", _rx(rf"\b({_WITHDRAWING}|"
                               r"meld\w* (\w+ ){0,2}(sig |dig |mig )?(fra|af)|framel\w*|"
                               r"avregistr\w*|avsluta prenumeration)\b",
                               r"\btr(a|ae)kk\w*\b.{0,40}\btilbage\b", r"\bsamtykke\w*\b.{0,40}\btilbage\b",
                               r"\b(ta|tar|tage|tager|take|takes|taking)\b.{0,12}\b(tillbaka|tilbage|back)\b.{0,30}"
                               r"\b(samtyk\w*|samtyck\w*|consent\w*|ok|okay|accept|approval|godkendelse|"
                               r"godkannande|ja)\b", r"\bsamtyck\w*\b.{0,40}\btillbaka\b",
                               r"\bconsent\w*\b.{0,30}\bback\b", r"\brevok\w*", r"\bregret\w*\b.{0,30}\bconsent")),
    ("portability", _rx(r"\b(dataportab\w*|portab\w*|maskinlas\w*|machine[- ]readable|transmitt\w*|csv|"
                        r"struktureret format|strukturerat format|structured format)\b",
                        r"\b(flytte|flytta|overfore|overfora|move|transfer|export)\b.{0,40}\b(oplysninger|uppgifter|data)\b",
                        r"\b(oplysninger|uppgifter|data)\b.{0,20}\b(export\w*|eksport\w*)",
                        r"\b(take|tage|ta) (it|them|dem|det|den|med sig)\b.{0,20}\b(elsewhere|andetsteds|nogen andre steder|"
                        r"nagon annanstans|till en annan|til en anden|to another)\b",
                        r"\b(oplysninger|uppgifter|data)\b.{0,20}\b(overfort|overforda?|flyttet|flyttade|moved|transferred)\b.{0,30}"
                        r"\b(anden|annan|another|ny|new)\b",
                        r"\b(oplysninger|uppgifter|data|persondata|personuppgifter)\b.{0,60}"
                        r"\b(til|till|to) (en |ett |an |a )?(anden|andet|annan|annat|another|ny|nyt|nytt|new) \w+")),
    ("restriction", _rx(r"\b(begrans\w*|restrict\w*|blocker\w*|blockera\w*|sparr\w*|limit\w*)\b",
                        r"\b(stop\w*|sluta\w*|pause\w*|pausa\w*|hold\w* op med|freeze|fryse|frysa)\b.{0,40}"
                        r"\b(until|indtil|tills|till dess|mens|medan|while)\b")),
    ("objection", _rx(r"\b(indsigelse\w*|invand\w*|object\w*|protest\w*|opt[- ]out|fravalg\w*)\b")),
    ("erasure", _rx(r"\b(slet\w*|glemt|glemmes|radera\w*|radering|delet\w*|eras\w*|forgotten|"
                    r"fjerne\w*|ta bort)\b")),
    ("access", _rx(r"\b(indsigt\w*|registerutdrag|registeruddrag|kopi\w*|copy|access\w*|insight|dsar|"
                   r"se (hvilke|hvad|sine|mine)|see (what|which|their|my)|tillgang|fa veta|begar\w* ut|fa ut|"
                   r"udlevering|udleveret|ta del av)\b",
                   r"\b(vil|vill|wants?|onsker|onskar)( to)? (have|ha|get|fa|receive|see|se) "
                   r"(sin|sine|sit|sina|sitt|his|her|their|alle|all)\b",
                   r"\b(registreret|registrerat|registered|gemt|sparat|stored|saved|har|have|has|hold|holds|keep|ved|vet|"
                   r"know|knows) "
                   r"(om|on|about) (ham|hende|dem|honom|henne|him|her|them|mig|me)\b")),
    ("rectification", _rx(r"\b(rette|rettet|rettelse\w*|berigtig\w*|korriger\w*|ratta\w*|rattelse\w*|correct\w*|"
                          r"rectif\w*|opdater\w*|uppdater\w*|update\w*|fix\w*|wrong|forkert\w*|felaktig\w*|aendr\w*|"
                          r"chang\w*|amend\w*)\b")),
)

# A question about how to make a request at all (no particular right): channel + request words.
_REQUEST_PROCEDURE = _rx(
    _request_then_channel("begaran|anmodning\\w*|henvendelse\\w*|request|requests"), _CHANNEL_THEN_REQUEST
)

_STRONG_RETENTION = _rx(r"\bhvor (lange|lang tid|hurtigt|snart|mange (dage|uger|maneder|ar))\b",
                        r"\bhur (lange|lang tid|snabbt|snart|fort|manga (dagar|veckor|manader|ar))\b",
                        r"\bhow (long|fast|quickly|soon|many (days|weeks|months|years))\b", r"\bhvornar\b", r"\bwhen\b",
                        r"\bnar\b")

_LEADING_RETENTION = _rx(r"^\W*(hvor (lange|lang tid)|hur (lange|lang tid)|how long|for how long)\b")
_FUZZY_RETENTION = ("lange", "long", "opbevaringsperiode", "lagringstid", "retention")
_QUESTION_LEADS = {"hvor", "hur", "how"}


def _fuzzy_retention(folded: str) -> bool:
    """Typo-tolerant "how long": a lead word followed by something close to længe/länge/long."""
    tokens = raw_tokens(folded)
    for lead, nxt in zip(tokens, tokens[1:], strict=False):
        if lead in _QUESTION_LEADS and len(nxt) >= 3 and fuzz.ratio(nxt, "lange" if lead != "how" else "long") >= 70:
            return True
    return any(len(t) >= 8 and fuzz.ratio(t, k) >= 85 for t in tokens for k in _FUZZY_RETENTION[2:])


# Words that name a right by themselves (not "change", "copy" or "wrong", which say other things too).
_NAMED_RIGHT = _rx(
    rf"\b({_WITHDRAWING}|avregistr\w*|framel\w*|dataportab\w*|portab\w*|"
    r"begraensning|begransning|restriction|indsigelse\w*|invandning\w*|objection|indsigtsret\w*|"
    r"ret til indsigt|ratt till tillgang|right of access|right to be forgotten|retten til at blive glemt|berigtig\w*|"
    r"rectification|korrigering)\b"
)
# The police or an authority asking for data: a disclosure, not a customer's request.
_AUTHORITY_ASKS = _rx(
    rf"\b({AUTHORITY_WORDS})\b.{{0,40}}"
    r"\b(beder|bad|ber|begar\w*|krav\w*|kraev\w*|ask\w*|request\w*|want\w*|demand\w*|vil|vill|onsk\w*)\b",
    rf"\b(beder|bad|ber|begar\w*|ask\w*|request\w*|demand\w*)\b.{{0,20}}\b({POLICE_WORDS})\b",
    rf"\b(far|faar|gets?) ({POLICE_WORDS}|skat)",
    rf"\b({POLICE_WORDS})\b.{{0,12}}\b(fa|far|faa|get|gets|receive\w*)\b",
)
_COMPLAINT_WORD = _rx(rf"\b({_COMPLAINING})\b")
_CONTROLLER_WORDS = ("dataansvarlig", "personuppgiftsansvarig")
_HOW = _rx(r"\b(hvordan|hur|how)\b")
# Someone asking for something (a request), as opposed to a question about the shop's own rules.
_ASKING = _rx(r"\b(anmod\w*|beder|bede|bad|ber|begar\w*|request\w*|asks?|asked|asking|want\w*|onsk\w*|vil|vill|"
              r"kraev\w*|krav\w*|demand\w*|would like|exercise|use (his|her|their) right)\b")


def _fuzzy_controller(folded: str) -> bool:
    """A typo of dataansvarlig/personuppgiftsansvarig ("dataansvarlg")."""
    return any(len(t) >= 10 and fuzz.ratio(t, w) >= 88 for t in raw_tokens(folded) for w in _CONTROLLER_WORDS)


@lru_cache(maxsize=256)
def fold_question(question: str) -> str:
    """The folded question, with "ændre"/"ändra" (change) kept apart from "andre"/"andra" (other), without
    "for example" ("till exempel" is no "vad … till"), and with typos of aspect words mended."""
    return _EXAMPLE.sub(" ", fold(_CHANGE.sub("aendr", _mended(question.casefold()))))


# Words the aspect patterns hinge on, to mend a typo of ("acess", "chnage", "purpse"); folded.
_ASPECT_WORDS: tuple[str, ...] = tuple(sorted(fold(w) for w in """
    access delete deleted change correct update receive receives recipients purpose legal basis consent keep store
    stored long what which where when hvor hvad hvem hvilke hvilken hvorfor hvordan hvornår vilka vilken varför
    længe gemmer gemme opbevarer sparar sparas radera slette slettes indsigt rette rätta modtager modtagere
    mottagare formål syfte ändamål hjemmel grundlag samtykke samtycke kontakt contact klage klaga complain
    unsubscribe withdraw object objection restrict restriction portability""".split()))


def _mended(text: str) -> str:
    """`text` with each uncommon word one typo from an aspect word (two for long words) replaced by that word."""
    words = {token: mended for token in set(raw_tokens(text)) if (mended := _mended_word(token)) is not None}
    if not words:
        return text
    return re.sub(r"\b(" + "|".join(map(re.escape, words)) + r")\b", lambda m: words[m[1]], text)


@lru_cache(maxsize=8192)
def _mended_word(token: str) -> str | None:
    """The aspect word an uncommon word is a typo of (None: no typo of one); cached, as words recur across questions."""
    if len(token) < 4 or not token.isalpha():
        return None
    folded = fold(token)
    best = process.extractOne(folded, _ASPECT_WORDS, scorer=OSA.distance, score_cutoff=1 if len(token) < 8 else 2)
    # Not an inflection ("raderad"), nor a word of its own ("dele" is no typo of "delete")
    if best is not None and best[1] > 0 and not folded.startswith(best[0]) and not is_common_word(token):
        return str(best[0])
    return None


_CHANGE = re.compile(r"[æä]ndr")
_EXAMPLE = re.compile(r"\b(till exempel|til eksempel|for eksempel|for exempel|for example|for instance)\b")


def analyse(question: str) -> tuple[str, str | None]:
    """The aspect a question asks about and the right it names: from the question sentences of a message that gives
    context first ("A customer called asking … When does an account get deleted?"), else from all of it."""
    folded = fold_question(question)
    right = _right_in(folded)
    asked = " ".join(s for s in _SENTENCE.split(folded) if s.rstrip().endswith("?"))
    # A short question refers back to its context ("Which company is it?", "Gör vi det?"): read the whole message.
    if asked and asked != folded.strip() and len(raw_tokens(asked)) >= _OWN_QUESTION_WORDS:
        asked_right = _right_in(asked) or right
        aspect = _aspect_in(asked, asked_right)
        # "… vill klaga. Vart ska han vända sig?": where to turn with a right named before is that right.
        if aspect not in ("overview", "contact") or aspect == "contact" and right is None:
            return aspect, asked_right
    return _aspect_in(folded, right), right


_OWN_QUESTION_WORDS = 5
_SENTENCE = re.compile(r"(?<=[.?!])\s+")


_NUMBERS = {
    **dict.fromkeys(("en", "et", "ett", "one", "a"), 1), **dict.fromkeys(("to", "tva", "two"), 2),
    **dict.fromkeys(("tre", "three"), 3), **dict.fromkeys(("fire", "fyra", "four"), 4),
    **dict.fromkeys(("fem", "five"), 5), **dict.fromkeys(("seks", "sex", "six"), 6),
    **dict.fromkeys(("ti", "tio", "ten"), 10),
}
_UNITS = {"ar": "Y", "year": "Y", "years": "Y", "maned": "M", "maneder": "M", "manad": "M", "manader": "M",
          "month": "M", "months": "M", "dag": "D", "dage": "D", "dagar": "D", "day": "D", "days": "D"}
_PERIOD = re.compile(rf"\b(i|in|for|pa) (\d+|{'|'.join(_NUMBERS)}) ({'|'.join(_UNITS)})\b")


def stated_period(question: str) -> str | None:
    """The period a question names ("gemmer fakturaer i 5 år", "for five years") as an ISO 8601 duration."""
    found = _PERIOD.search(fold_question(question))
    if found is None:
        return None
    count = found.group(2)
    return f"P{int(count) if count.isdigit() else _NUMBERS[count]}{_UNITS[found.group(3)]}"


def asks_for_procedure(question: str) -> bool:
    """Whether a question asks how requests are sent at all ("kan man sende en anmodning per e-mail?")."""
    return _REQUEST_PROCEDURE.search(fold_question(question)) is not None


def asks_for_processors(question: str) -> bool:
    """Whether a question asks about processors in particular ("hvem har vi databehandleraftaler med?")."""
    return PROCESSORS.search(fold_question(question)) is not None


def detect_aspect(question: str) -> str:
    """The aspect a question asks about (`overview` when it names none)."""
    return analyse(question)[0]


def detect_right(question: str) -> str | None:
    """The data-subject right a question is about, if it names one."""
    return _right_in(fold_question(question))


def _right_in(folded: str) -> str | None:
    """The first right whose pattern matches the folded question; data said to be wrong is to be corrected, unless a
    copy of it is asked for in so many words ("the phone number we have on her is wrong")."""
    for right, pattern in RIGHT_PATTERNS:
        if pattern.search(folded):
            if right == "access" and _WRONG.search(folded) and not _ACCESS_WORD.search(folded):
                return "rectification"
            return right
    return None


_WRONG = _rx(r"\b(forkert\w*|wrong|incorrect|felaktig\w*|fel|outdated|out of date|foraeldet|foraldrad\w*|"
             r"stavet forkert|misspel\w*|typo)\b")
_ACCESS_WORD = _rx(r"\b(indsigt\w*|registerutdrag|registeruddrag|kopi\w*|copy|dsar|subject access)\b")


def _aspect_in(folded: str, right: str | None) -> str:
    """The aspect of a folded question, given the right it names."""
    legal = LEGAL_BASIS.search(folded) is not None or (
        PERMISSION.search(folded) is not None
        and not _STRONG_RETENTION.search(folded)
        and not PURPOSE.search(folded)
        and not KEEPING.search(folded)
    )
    if _fuzzy_controller(folded) and not legal:
        return "contact"
    if legal:
        return "legal_basis"
    rights = RIGHTS.search(folded) is not None and not _AUTHORITY_ASKS.search(folded)
    # "When does an unused account get deleted?" asks about the rule, not about a customer's request.
    if rights and RETENTION.search(folded) and _STRONG_RETENTION.search(folded) and not _ASKING.search(folded):
        rights = False
    if rights and _LEADING_RETENTION.search(folded):  # "How long … after the customer asked to be deleted?"
        rights = False
    if rights and (right is not None or _REQUEST_PROCEDURE.search(folded)):
        return "rights"
    # "How does a customer …" + a right ("trække samtykke tilbage", "invändningar"), unless it asks how long / when.
    if _HOW.search(folded) and right is not None and not _STRONG_RETENTION.search(folded):
        if right != "complaint" or _COMPLAINT_WORD.search(folded):  # a bare "Datatilsynet" is not a complaint
            return "rights"
    if _WHO_USES.search(folded):  # "… og hvem bruger vi til det?": whom the data goes to
        return "recipients"
    if (tail := _WHAT_FOR_TAIL.search(folded)) and tail.start() > 0:  # "which shops use X, and what for?"
        return _aspect_in(folded[: tail.start()], right)
    for aspect, pattern in _ORDERED:
        if pattern.search(folded) or (aspect == "retention" and _fuzzy_retention(folded)):
            return aspect
    # A right named in so many words needs no request around it ("afmeld nyhedsbrev", "restriction of processing?").
    if rights or right is not None and _NAMED_RIGHT.search(folded):
        return "rights"
    # "hvis Skat spørger efter oplysninger om en kunde, må vi så give dem det?": a disclosure.
    return "recipients" if _AUTHORITY_ASKS.search(folded) else "overview"


_WHO_USES = _rx(
    r"\b(hvem|vem|who)\b (bruger|anvender|anvander|anlitar|(do|did|does|are) (we|you|they) (use|using|hire))\b"
)
_WHAT_FOR_TAIL = _rx(r",?\s*\b(og|och|and) (til hvad|till vad|what for|hvad til|vad till|for what)\W*$")
# "Do we nudge people about …?", "Tjekker vi folks alder …?" (at the start of a clause): whether, and why, the shop
# does something with the data.
ACTIVITY = _rx(
    _CLAUSE + _DO_WE + r"(check|verify|remind|nudge|ping|profile|analy[sz]e|monitor|watch|segment|target|"
    r"personali[sz]e|tailor|recommend|score|assess|screen)\b",
    _CLAUSE + r"(tjekker|kontrollerer|minder|paminder|profilerer|analyserer|overvager|segmenterer|malretter|"
    r"anbefaler|vurderer|screener) (vi|i|man)\b",
    _CLAUSE + r"(kollar|kontrollerar|paminner|profilerar|analyserar|overvakar|segmenterar|riktar|rekommenderar|"
    r"bedomer) (vi|ni|man)\b",
)

_ORDERED: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("retention", RETENTION),
    ("purpose", PURPOSE),
    ("data", STRONG_DATA),
    ("contact", CONTACT),
    ("data", DATA),
    ("retention", WEAK_RETENTION),
    ("retention", KEEPING),
    ("recipients", RECIPIENTS),
    ("purpose", ACTIVITY),
)
