"""Text handling for questions and aliases in Danish, Swedish and English: folding, tokens, stems, language."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import Stemmer  # PyStemmer: Snowball stemmers in C

# Folding makes "længe", "laenge" and "lange" close, and "köphistorik" equal to "kophistorik".
_FOLD = str.maketrans({"æ": "a", "ø": "o", "å": "a", "ä": "a", "ö": "o", "é": "e", "è": "e", "ü": "u", "ß": "ss"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_TOKEN = re.compile(r"[0-9a-zæøåäöéèüß]+(?:[-.'’&][0-9a-zæøåäöéèüß]+)*")
_STEMMER_NAMES = {"da": "danish", "sv": "swedish", "en": "english"}


def clean(text: str) -> str:
    """Normalise Unicode (NFC), drop control and invisible characters, collapse white space."""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def fold(text: str) -> str:
    """Case-fold and map Nordic letters to plain ones (for typo- and keyboard-tolerant matching)."""
    return text.casefold().translate(_FOLD)


@lru_cache(maxsize=3)
def _stemmer(language: str) -> Stemmer.Stemmer:
    """The Snowball stemmer for a language code."""
    return Stemmer.Stemmer(_STEMMER_NAMES[language])


@lru_cache(maxsize=65536)
def stem(word: str, language: str) -> str:
    """The folded Snowball stem of a (case-folded, unfolded) word."""
    return fold(_stemmer(language).stemWord(word))


def raw_tokens(text: str) -> list[str]:
    """Case-folded word tokens as written (hyphenated and dotted words kept whole: "ip-adresse", "renewed.dk")."""
    return _TOKEN.findall(text.casefold())


_JOINERS = "-.'’&"
_JOIN = str.maketrans("", "", _JOINERS)
_SPLIT = re.compile(r"[-.'’&]")


def join_token(token: str) -> str:
    """A hyphenated or dotted token written as one word ("ip-adresse" → "ipadresse")."""
    return token.translate(_JOIN)


def split_token(token: str) -> list[str]:
    """The parts of a hyphenated or dotted token ("ip-adresse" → ["ip", "adresse"])."""
    if _SPLIT.search(token) is None:
        return [token] if token else []
    return [p for p in _SPLIT.split(token) if p]


# Words that carry no topic: question words, pronouns, auxiliaries, fillers, and the words that ask
# for an aspect (those are read by the aspect detector on the raw text before they are dropped).
STOP_WORDS: frozenset[str] = frozenset(
    fold(w)
    for w in """
    hvor længe lang langt tid hvornår hvad hvem hvorfor hvordan hvilke hvilken hvilket hvis
    nobody noone somebody anybody everybody ingenting nothing
    vi du jeg de den det der er var være været og eller i på af til for om med uden ved fra efter før mod
    en et som at kan skal må bør vil ville bliver blive blev bruger bruge brugt have har havde os
    vores vor vort vore man sådan nogen noget nogle alle alt får få fik gør gøre gjort også kun bare
    mon lige egentlig mere mest meget hos hans hendes deres dem dig mig min mit mine din dit dine sin sit sine
    han hun ham hende henne hen hon honom hens him her his hers
    gemmer gemme gemt opbevarer opbevare opbevaret beholder beholde sletter slette slettet slettes
    ikke nej ja tak venligst hej godt hele disse denne dette dét
    hur länge lång tid när vad vem varför hur vilka vilken vilket
    jag ni är var vara varit och eller på av till för om med utan vid från efter före mot
    ett som att kan ska skall måste bör vill blir bli blev använder använda har hade oss
    våra vår vårt man sådan någon något några allt få fick gör göra gjort också bara
    mer mest mycket hos hans hennes deras dem dig mig min mitt mina din ditt dina sin sitt sina
    sparar spara sparat lagrar lagra lagrat behåller behålla raderar radera raderat raderas
    inte nej ja tack snälla hej hela dessa denna detta
    gemmes opbevares arkiveres arkiverer gemte opbevarede sparas sparade sparad lagras lagrade lagrad
    bevaras bevarar behålls arkiveras arkiverar saved save saves archived archive
    gemmer gemmende beholdt beholdes slettede sletning sletningen slettende fjerner fjernes fjernet fjernede
    raderade raderad raderades radering raderingen behöll behållit bevarad bevarade bevarat tas bort tog togs
    storing deletes deleting erases erasing erased removes removing saving archiving archives keeping retaining
    slänga slänger slängs slängt slängde slängas kastas kastat rensa rensar rensas rensat rensades
    smide smider smides smidt makulere makuleres makuleret
    throw throws thrown binned trashed purge purges purged purging wipe wipes wiped discard discards discarded
    dispose disposes disposed shred shredded
    how long when what who why which whose whom where
    we you i they he she it us our ours your the a an of to for on in at by from with without about against
    after before and or is are was were be been being do does did done doing can could should would will
    shall may might must have has had having get gets got keep keeps kept keeping store stores stored
    storing retain retains retained hold holds held delete deleted deletes erase erased remove removed
    not no yes please thanks hi hello any all some this that these those there here its their them
    really actually exactly just also only much many more most under generelt generellt generally overall
    overordnet overordnede overordnat as
    up out off down
    hver hvert op ud ind inde inne rundt videre sig tilbage igen så da når mange allerede stadig altid normalt
    typisk fx osv
    varje upp ut vidare tillbaka igen så då många redan fortfarande alltid normalt typiskt kvar ur
    nån nåt nåra nånsin någonsin nogensinde dom mej dej sej sån sånt såna flera flere gång gången gang gangen
    if once over something someone anything everything anyone everyone whats ever each every per via then
    im ive id ill youre youve youd theyre theyve weve were hes shes its thats theres heres lets wheres whos hows whys
    than so such other others own same typically usually normally always still already again
    andre andet anden andra annat annan another
    dag dage dagen døgn uge uger måned måneder år året årene time timer periode perioden skulle kunne burde
    dagar veckor vecka månad månader året åren timmar period perioden skulle kunna borde
    day days week weeks month months year years hour hours period periods
    """.split()
)

# Shorthand of chat messages, read as the word it stands for ("ku spørger", "adresse og tlf").
ABBREVIATIONS: dict[str, str] = {
    "ku": "kunde", "kd": "kunde", "tlf": "telefonnummer", "tlfnr": "telefonnummer", "telnr": "telefonnummer",
    "mobilnr": "mobilnummer", "nr": "nummer", "adr": "adresse", "info": "information", "pers": "person",
}

# Everyday phrases for a thing the policies name in one word ("old enough" is the age, "gammal nog" the ålder): the
# phrase is read as that word ("": as nothing). Keys are folded word pairs; a phrase of PERSON_PHRASES only when it
# is about a person ("how old people are", not "how old the invoices are").
PHRASES: dict[tuple[str, str], str] = {
    ("old", "enough"): "age", ("gammel", "nok"): "alder", ("gammal", "nog"): "ålder",
    ("hvilken", "by"): "lokation", ("vilken", "stad"): "plats", ("which", "city"): "location",
    ("what", "city"): "location", ("styr", "pa"): "",  # "har styr på" (keep track of) asks nothing more
    # "for fire år siden" (ago) is no "siden" (the page)
    **{(unit, ago): "" for ago in ("siden", "sedan") for unit in (
        "ar", "aar", "dage", "dagar", "uge", "uger", "vecka", "veckor", "maned", "maneder", "manad", "manader", "tid")},
}
PERSON_PHRASES: dict[tuple[str, str], str] = {
    ("how", "old"): "age", ("hvor", "gammel"): "alder", ("hur", "gammal"): "ålder",
}
_PERSONS = frozenset(
    "people folk someone somebody he she they customer customers kunde kunden kunder kunderne kund kunderna han hun "
    "hon de dom man nogen nagon barn barnet born children child kids".split()
)


def merge_phrases(tokens: list[str]) -> list[str]:
    """Tokens with each everyday phrase of PHRASES (and PERSON_PHRASES) replaced by the word it stands for."""
    folded = [fold(t) for t in tokens]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        word = None
        if i + 1 < len(tokens):
            pair = (folded[i], folded[i + 1])
            word = PHRASES.get(pair)
            if pair in PERSON_PHRASES and not _PERSONS.isdisjoint(folded[i + 2 : i + 4]):
                word = PERSON_PHRASES[pair]
        if word is not None:
            out += [word] if word else []
            i += 2
        else:
            out.append(tokens[i])
            i += 1
    return out


# Verbs of what a customer does and the noun the policies use for it ("when someone buys something" ~ purchase):
# read as the noun only when a question names nothing else ("What do we record when someone buys something?").
_ACTIONS: dict[str, str] = {
    "purchase": "buy buys buying bought purchases purchased purchasing",
    "køb": "køber købte købt købe handler handlede handlet",
    "köp": "köper köpte köpt köpa handlar handlade handlat handla",
    "order": "orders ordered ordering",
    "bestilling": "bestiller bestilte bestilt bestille",
    "beställning": "beställer beställde beställt beställa",
    "payment": "pay pays paid paying",
    "betaling": "betaler betalte betalt betale",
    "betalning": "betalar betalade betalat betala",
    "registration": "register registers registered registering",
    "oprettelse": "opretter oprettede oprettet oprette",
    "registrering": "registrerar registrerade registrerat registrera",
    "subscription": "subscribe subscribes subscribed subscribing",
    "tilmelding": "tilmelder tilmeldte tilmeldt tilmelde",
    "anmälan": "anmäler anmälde anmält anmäla",
    "returns": "return returned returning",
    "returnering": "returnerer returnerede returneret returnere",
    "retur": "returnerar returnerade returnerat returnera",
    "complaint": "complain complains complained complaining",
    "klage": "klager klagede klaget klage",
    "klagomål": "klagar klagade klagat klaga",
    "browsing": "browse browses browsed",
    "besøg": "besøger besøgte besøgt besøge kigger kiggede kigget",
    "besök": "besöker besökte besökt besöka tittar tittade tittat",
}
ACTION_NOUNS: dict[str, str] = {fold(verb): noun for noun, verbs in _ACTIONS.items() for verb in verbs.split()}


# Everyday words of a staff question that name no kind of data ("on our website", "people"): they weigh little.
EVERYDAY_WORDS: frozenset[str] = frozenset(
    fold(w)
    for w in """revisor revisoren revisorn auditor auditors accountant bogholder bogholderen bogholderiet bokförare
    bokföraren ejer ejeren ägare ägaren owner chef chefen boss manager
    sådan sådant sådanne sådana such
    liste listen lister list lists lista listan listor listorna oversigt oversigten overblik overblikket
    overview översikt översikten samlet samlede samlad samlade
    hjemmeside hjemmesiden hjemmesider nettet online internet website websites site webbplats webbplatsen
    webbplatser sajt sajten hemsida hemsidan hemsidor homepage folk folks folket people peoples människor mennesker
    butik butikken butikker butikkerne butiker butikerna butiken webshop webshoppen webshops webshoppene webbutik
    webbutiken webbutiker shop shoppen shops shoppene shopperne stores
    slut gammel gamle gammelt ældre gammal gamla ny nye nyt nya nytt new newer recent latest nyeste senaste
    gammalt äldre old older frem fram forth
    automatisk automatiskt automatically automatic evig evigt evighed forever
    issue issues problem problemer problemet problems sag sagen ärende ärendet case flow planning today idag
    nu now somewhere else någonstans nogensteds sted stedet engang ens even
    ansvar ansvaret responsibility inhouse internt internally
    """.split()
)

# Everyday words that take a question away from personal data ("Hvad koster fragten?", "What does shipping cost?"):
# nothing in a privacy policy answers them, so they weigh as much as the rarest word.
OFF_TOPIC_WORDS: frozenset[str] = frozenset(
    fold(w)
    for w in """pris priser prisen koster kostede kostar kostade kostnad kostnader kostnaden cost costs costing
    price prices priced fee fees gebyr gebyret gebyrer avgift avgiften avgifter porto""".split()
)

# The last part of a compound that only says what kind of thing the first part is handled in ("nyhedsbrevsværktøj",
# "faktureringsprogram", "anmeldelseskampagne"): the compound stands for its first part.
KIND_WORDS: frozenset[str] = frozenset(
    fold(w)
    for w in """værktøj værktøjet værktøjer verktyg verktyget tool tools program programmet programmer programmen
    software softwaren system systemet systemer systemen platform platformen plattform plattformen løsning løsningen
    lösning lösningen modul modulet modulen kampagne kampagnen kampagner kampanj kampanjen kampanjer""".split()
)

# Words that ask for an aspect or talk about the policy itself: never topic content (optional in an alias:
# "legal claims" is matched by "claim").
META_WORDS: frozenset[str] = frozenset(
    fold(w)
    for w in """modtager modtagere modtage modtages mottagare mottar tar emot recipient recipients receive receives
    received receiving videregiver videregives videregivet videregive deler dele deles delt delar dela delas
    share shares shared sharing process processes processed processing processor processors behandler behandles
    behandle behandla behandling behandlar behandlas behandlingen databehandler databehandlere personuppgiftsbitraden
    formal formalet formalene syfte syftet syften andamal andamalet purpose purposes reason reasons why
    hjemmel hjemlen hjemmelen retsgrundlag retsgrundlaget grundlag grundlaget grund grunden grundar grundas
    baseret baserer baserad baseras based legal lawful basis bases
    ground grounds rattslig rattsliga article artikel art gdpr paragraf
    indsamler indsamle indsamles samler samle samlar in collect collects collected collecting registrerer
    registreres registrerar registreras bruges bruger brug anvendes anvender anvander anvands used use uses using
    policy politik politikken privatlivspolitik persondatapolitik integritetspolicy privacy statement
    policyn policyen policyer policyerna policyerne policies politikker politikkerne privatlivspolitikken
    begrundelse begrundelsen begrundet motivering motiveringen rationale justification justified
    samtykket samtyckt samtyckte consented
    ifolge enligt according say says siger star sagt
    webshop webshoppen webshops webbshop webbshoppen webbshopen webbutik webbutiken nätbutik nätbutiken netbutik
    netbutikken onlinebutik onlinebutikken shop shoppen shops butik butikken butiken butikker butikkerne butiker
    butikerna stores
    company companies virksomhed virksomheden virksomheder
    foretag foretaget företag företagen firma firmaet firmaer firmor firms firm business businesses store
    sendes send sent skickas skicka gives given far giver ger ta del ut
    laglig lagliga lagligt lovlig lovlige lovligt retlig retlige retligt juridisk juridiske juridiskt lawful
    lawfully legally adgang adgangen tilgang tillgång tillgången access databehandleraftale databehandleraftaler
    databehandleraftalen personuppgiftsbiträdesavtal personuppgiftsbiträdesavtalet dpa dpas
    lov loven lovgivning lag lagen lagstiftning law laws legislation
    type typer typen typerne typ typerna types kind kinds slags sort sorts kategori kategorier kategorien kategorierne
    kategorin kategorierna category categories
    minimum maximum minimal maksimal maximal mindst minst least
    retention opbevaringsperiode opbevaringsperioden opbevaringstid opbevaringstiden lagringstid lagringstiden
    lagringsperiod lagringsperioden slettefrist sletningsfrist gallringsfrist bevarandetid
    rattsligt retsligt stoder stodjer stotter stod stodet""".split()
)

# Cue words for guessing the language of a question (folded). Words shared by two languages are left out.
LANGUAGE_CUES: dict[str, frozenset[str]] = {
    "da": frozenset(
        fold(w)
        for w in """hvor hvem hvad hvorfor hvordan hvilke hvilken hvornår længe gemmer gemme opbevarer
        og jeg ikke af til er mig deres vores hos kunde kunden kunder kundens oplysninger oplysningerne
        persondata personoplysninger sletning slettet slettes sletter sletning modtager modtagere videregiver
        hjemmel formål bruger beder anmoder indsigt ret rettighed rettigheder hvis nyhedsbrev faktura fakturaer
        betalingsoplysninger købshistorik besøgende samtykke behandler dataansvarlig tilsyn klage
        også være blive bliver noget nogen får kan""".split()
    ),
    "sv": frozenset(
        fold(w)
        for w in """hur vem vad varför vilka vilken när länge sparar spara lagrar och jag inte av till är
        oss våra vår hos kund kunden kunder kundens uppgifter uppgifterna personuppgifter radera raderas
        raderar mottagare delar rättslig grund syfte ändamål använder begär begäran registerutdrag rätt
        rättighet nyhetsbrev faktura fakturor betalningsuppgifter köphistorik besökare samtycke behandlar
        personuppgiftsansvarig klaga också vara blir något någon får kan""".split()
    ),
    "en": frozenset(
        """how who what why which when long keep kept store stored retain and the of to is are do does our
        we customer customers customer's data personal information delete deleted erase recipients receive
        receives share shared legal basis purpose used use request ask asks access right rights newsletter
        invoice invoices payment purchase history visitors consent process processes processor controller
        complain complaint for about can""".split()
    ),
}


# Words that negate what follows ("ikke logget ind", "inte inloggade", "never logs in", "without an account").
NEGATIONS: frozenset[str] = frozenset(
    """ikke aldrig ingen intet uden inte ej aldrig utan not never no none without dont doesnt didnt isnt arent
    wasnt werent havent hasnt hadnt cannot cant wont""".split()
)

# Everyday verbs of staff questions ("indhenter", "tjekker", "asked", "stops buying"): they say what someone
# does, not which data it is about, so a question is not "about" them. Lemmas; inflected forms are generated.
_VERBS_DA = """spørge fortælle sige skrive sende ringe svare give tage holde lægge ligge stå lave behøve kræve prøve
    tjekke kontrollere se finde vide følge købe betale handle bestille sælge starte stoppe slutte lukke åbne
    forlade oprette komme gå ske betyde gælde nævne angive forklare tillade hjælpe håndtere vise forblive ændre
    udfylde vælge beslutte acceptere forvente tro tænke glemme huske høre læse vente indhente bede anmode ønske
    hedde mene overveje sørge tjene klare nå forsvinde ophøre afslutte benytte anvende dække indeholde omfatte
    tilhøre bo flytte skifte miste glemme hente bestemme mangle opstå blive besøge gennemføre kontakte opsige
    annullere afmelde tilmelde udlevere overdrage videresende oplyse lagre smide notere tracke spore overvåge logge
    informere afsløre opfylde fuldføre udføre sætte hyre engagere samarbejde true rense rydde kigge trykke
    planlægge minde påminde skubbe""".split()
_VERBS_SV = """fråga berätta säga skriva ringa svara ge ta hålla lägga ligga stå behöva kräva försöka kontrollera kolla
    se hitta veta följa köpa betala handla beställa sälja starta sluta stänga öppna lämna skapa komma gå hända
    betyda gälla nämna ange förklara tillåta hjälpa hantera visa förbli ändra fylla välja bestämma acceptera
    förvänta tro tänka glömma höra läsa vänta inhämta be önska heta mena försvinna finnas sköta klara nå upphöra
    avsluta utnyttja täcka innehålla omfatta tillhöra bo flytta byta förlora hämta sakna uppstå besöka genomföra
    skicka kontakta avboka avanmäla anmäla utlämna överlämna vidarebefordra logga övervaka spåra informera avslöja
    lagra fullgöra fullfölja utföra sätta anlita samarbeta rensa städa titta trycka släppa hota planera påminna knuffa pinga""".split()
_VERBS_EN = """ask tell say write call answer reply give take hold put pass hand hang do make need want require try
    check verify look see find know track follow buy pay sell start stop end close open leave create join enter
    come go happen mean matter belong apply cover include contain mention state explain allow let help handle
    deal run work show stay remain last lie sit live move change fill choose decide agree accept expect wonder
    think forget remember hear read wait obtain request wish mind bother manage reach cease finish rely
    lose fetch lack arise become visit send complete contact cancel subscribe unsubscribe sign disclose forward
    provide gather reveal inform log track monitor fulfil fulfill perform set hire engage employ wipe clean
    purge threaten plan press record opt remind nudge ping poke chase""".split()
_IRREGULAR = """spurgte spurgt fortalte fortalt sagde sagt skrev skrevet gav givet tog taget holdt lagde lagt lå
    ligget stod stået ved vidste vidst fandt fundet solgte solgt kom kommet gik gået skete sket betød gjaldt
    valgte valgt bad bedt frågade sa sade skrev skrivit gav gett givit tog tagit höll hållit lade lagt låg legat
    stod stått visste vetat hittat sålde sålt kom kommit gick gått hände hänt gällde angav angett valde valt
    försvann försvunnit finns fanns funnits bett skickat skickade
    told said wrote written gave given took taken held put made
    did done saw seen found known knew bought paid sold left came gone went meant lay lain sat lived chose
    chosen thought forgot forgotten heard read lost became got gotten""".split()


def _verb_forms() -> frozenset[str]:
    """Folded inflected forms of the everyday verbs (generated by regular rules plus irregular forms)."""
    forms: set[str] = set(_IRREGULAR)
    for verb in _VERBS_DA:  # spørge: spørger, spørges, spørgede, spørget, købte, købt, spørgende
        forms |= {verb, verb + "r", verb + "s", verb + "de", verb + "t", verb + "rs"}
        if verb.endswith("e"):
            forms |= {verb[:-1] + "te", verb[:-1] + "t", verb[:-1] + "ede", verb[:-1] + "es", verb + "de"}
    for verb in _VERBS_SV:  # fråga: frågar, frågas, frågade, frågat; köpa: köper, köpte, köpt
        forms |= {verb, verb + "r", verb + "s", verb + "t"}
        if verb.endswith("a"):
            stem_ = verb[:-1]
            forms |= {stem_ + e for e in ("ar", "as", "ade", "at", "ats", "er", "es", "te", "t", "ts", "de", "ades")}
    for verb in _VERBS_EN:  # ask: asks, asked, asking; stop: stopped; pay: pays; try: tried
        forms |= {verb, verb + "s", verb + "es", verb + "ed", verb + "d", verb + "ing"}
        if verb.endswith("e"):
            forms.add(verb[:-1] + "ing")
        if verb.endswith("y") and verb[-2] not in "aeiou":
            forms |= {verb[:-1] + "ies", verb[:-1] + "ied"}
        if _short_closed_syllable(verb):
            forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    return frozenset(fold(f) for f in forms)


def _short_closed_syllable(verb: str) -> bool:
    """Whether an English verb doubles its last consonant before -ed/-ing ("stop" -> "stopped", "put" -> "putting")."""
    vowels = "aeiou"
    return 3 <= len(verb) <= 4 and verb[-1] not in vowels + "wy" and verb[-2] in vowels and verb[-3] not in vowels


QUESTION_VERBS: frozenset[str] = _verb_forms()


# People other than the shops' customers, visitors and suppliers ("medarbejdernes", "anställdas", "staff"): the
# policies are about customers, so a question about these people must be explained by what a topic says.
_OTHER_PEOPLE: dict[str, str] = {
    "da": """medarbejder medarbejdere ansat ansatte personale kollega kolleger kollegaer ansøger ansøgere jobansøger
        chauffør chauffører lærling praktikant vikar vikarer direktør børn barn børnene mindreårige
        udlejer udlejere lejer lejere nabo naboer aktionær aktionærer investor investorer""",
    "sv": """medarbetare anställd anställda personal kollega kollegor sökande arbetssökande chaufför chaufförer
        praktikant vikarie vikarier chef chefer barn barnen minderåriga hyresvärd hyresvärdar hyresgäst
        hyresgäster granne grannar aktieägare investerare""",
    "en": """employee employees staff worker workers colleague colleagues personnel applicant applicants driver
        drivers intern interns temp temps manager managers child children kids minors landlord landlords tenant
        tenants neighbour neighbours neighbor neighbors shareholder shareholders investor investors""",
}
OTHER_PEOPLE: dict[str, frozenset[str]] = {
    lang: frozenset(fold(_stemmer(lang).stemWord(w)) for w in words.split()) for lang, words in _OTHER_PEOPLE.items()
}


# Who is asking, at the start of a message or sentence ("Bogholderiet spørger:", "Ekonomiavdelningen undrar hur …",
# "Our accountant wants to know …"): the asker is not what the question is about.
_ASKER = re.compile(
    r"(?:^|(?<=[.!?:;]\s))(?:[\w'’.-]+\s+){0,3}?"
    r"(?:spørger|spurgte|undrer(?:\s+sig)?|undrar|frågar|frågade|asks|asked|is\s+asking|wonders|wondered|"
    r"wants\s+to\s+know|would\s+like\s+to\s+know|vil\s+(?:gerne\s+)?vide|ville\s+(?:gerne\s+)?vide|"
    r"vill\s+(?:gärna\s+)?veta|skulle\s+vilja\s+veta)\b[:,]?",
    re.IGNORECASE,
)


# Who is writing, at the start of the message ("Bogholderiet her –", "Marketing her.", "Anna from support here:").
_SELF_INTRO = re.compile(r"^(?:[\w'’.,-]+\s+){0,4}?(?:her|här|here)\s*(?:[–—:-]|\.(?=\s+\S))", re.IGNORECASE)
# A sign-off after the question ("… hos os? mvh Jonas lager", "… /Anna", "Thanks, Mike"): the writer, not the topic.
_SIGN_OFF = re.compile(
    r"(?:\s(?:(?-i:/[A-ZÆØÅÄÖ])|(?:mvh|vh|m\.v\.h|hilsen|venlig\s+hilsen|hälsningar|vänliga\s+hälsningar)\b[,.!]?)"
    r"|(?<=[.!?,])\s*(?:tak|tack|thanks|thank\s+you|thx|cheers|regards|best\s+regards|kind\s+regards|best)\b[,.!]?)"
    r"(?:[\s,]*[\w.]+){0,3}\s*$",
    re.IGNORECASE,
)
_CUSTOMERS = re.compile(r"\b(?:kunde\w*|kund\w*|customers?\b|customer'?s)", re.IGNORECASE)
# The police and other authorities that may ask for customer data (pattern alternatives, no letters to fold): a
# lead-in naming them is what the question is about, and their asking is a disclosure (knowledge.aspects).
POLICE_WORDS = r"politi\w*|polis\w*|police|myndighed\w*|myndighet\w*|authorit\w*"
AUTHORITY_WORDS = rf"{POLICE_WORDS}|skat|skatteverket|skattestyrelsen|domstol\w*|courts?"
_AUTHORITY = re.compile(rf"\b(?:{AUTHORITY_WORDS})\b", re.IGNORECASE)
# A chat mention ("@jonas", "@mette ift. …"): whom the message is addressed to, not what it is about.
_MENTION = re.compile(r"(?<![\w.])@[\w.-]+")


def without_asker(text: str, language: str) -> str:
    """The message without a lead-in naming who asks ("Bogholderiet spørger: hvad …" -> " hvad …"), a sign-off or a
    chat mention.

    A lead-in naming people the policies are not about stays ("Our staff asks how long we keep their e-mails"),
    unless the question itself names the customers ("A new colleague asks: why do we keep customers' CPR numbers?").
    """

    def keep(m: re.Match[str]) -> str:
        """The lead-in itself when it may be what the question is about, else a space."""
        if _AUTHORITY.search(m[0]):  # "hvis Skat spørger efter oplysninger …": a disclosure to them
            return m[0]
        others = any(names_other_people(t, language) for t in raw_tokens(m[0]))
        return m[0] if others and not _CUSTOMERS.search(text, m.end()) else " "

    return _ASKER.sub(keep, _SELF_INTRO.sub(keep, _SIGN_OFF.sub(" ", _MENTION.sub(" ", text))))


def names_other_people(raw: str, language: str) -> bool:
    """Whether a word names people the policies are not about (employees, staff, applicants …)."""
    word = raw.casefold().replace("'", "").replace("’", "")
    return any(stem(word, lang) in OTHER_PEOPLE[lang] for lang in dict.fromkeys((language, "en")))


def zipf(word: str, languages: tuple[str, ...]) -> float:
    """The word's highest wordfreq Zipf frequency in the languages (0 when unlisted)."""
    word = word.casefold()
    return max(_frequencies(lang).get(word, 0.0) for lang in languages)


@lru_cache(maxsize=8)
def _frequencies(language: str) -> dict[str, float]:
    """wordfreq's small word list for a language (words from Zipf 3 up) as {word: Zipf value}, loaded on first use.

    The list file is read directly (gzipped msgpack, one list of words per centibel): importing the wordfreq
    package costs about 0.17 s (ftfy, langcodes), reading three lists 0.05 s. Falls back to wordfreq's API.
    """
    spec = importlib.util.find_spec("wordfreq")
    locations = spec.submodule_search_locations if spec else None
    path = Path(locations[0]) / "data" / f"small_{language}.msgpack.gz" if locations else None
    if path is None or not path.exists():  # pragma: no cover - another wordfreq layout
        from wordfreq import get_frequency_dict, zipf_frequency

        return {w: zipf_frequency(w, language, wordlist="small") for w in get_frequency_dict(language, "small")}
    import gzip

    import msgpack

    with gzip.open(path, "rb") as fh:
        header, *buckets = msgpack.load(fh, raw=False)
    if header.get("format") != "cB":  # pragma: no cover - guarded by wordfreq's own version check
        raise ValueError(f"unexpected wordfreq list format in {path}")
    return {w: (900 - cb) / 100 for cb, words in enumerate(buckets) for w in words}


def is_common_word(word: str, languages: tuple[str, ...] = ("da", "sv", "en")) -> bool:
    """Whether a word is an ordinary word of one of the languages (so not a typo of something else)."""
    return zipf(word, languages) >= COMMON_ZIPF


COMMON_ZIPF = 3.0  # wordfreq Zipf value from which a word counts as an ordinary word, not a typo


def detect_language(text: str, default: str = "en") -> str:
    """Guess whether a question is Danish, Swedish or English (letters first, then cue words)."""
    lowered = text.casefold()
    scores = {"da": 0.0, "sv": 0.0, "en": 0.0}
    scores["da"] += 2.0 * sum(lowered.count(c) for c in "æø")
    scores["sv"] += 2.0 * sum(lowered.count(c) for c in "äö")
    for token in raw_tokens(text):
        folded = fold(token)
        for lang, cues in LANGUAGE_CUES.items():
            if folded in cues:
                scores[lang] += 1.0
    best = max(scores.values())
    if best <= 0:
        return default
    leaders = [lang for lang, score in scores.items() if score == best]
    return default if default in leaders else leaders[0]


def rarity(word: str, languages: tuple[str, ...]) -> float:
    """How rare a word is in everyday language, 0.1 (very common) .. 1.0 (rare or unknown), from wordfreq's Zipf scale."""
    return min(1.0, max(0.1, (5.5 - zipf(word, languages)) / 2.5))
