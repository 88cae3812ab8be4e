"""Text handling for questions and aliases in Danish, Swedish and English: folding, tokens, stems, language."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer  # PyStemmer: Snowball stemmers in C

# Folding makes "længe", "laenge" and "lange" close, and "köphistorik" equal to "kophistorik".
_FOLD = str.maketrans({"æ": "a", "ø": "o", "å": "a", "ä": "a", "ö": "o", "é": "e", "è": "e", "ü": "u", "ß": "ss"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_TOKEN = re.compile(r"[0-9a-zæøåäöéèüß]+(?:[-.'’][0-9a-zæøåäöéèüß]+)*")
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


def join_token(token: str) -> str:
    """A hyphenated or dotted token written as one word ("ip-adresse" → "ipadresse")."""
    return re.sub(r"[-.'’]", "", token)


def split_token(token: str) -> list[str]:
    """The parts of a hyphenated or dotted token ("ip-adresse" → ["ip", "adresse"])."""
    return [p for p in re.split(r"[-.'’]", token) if p]


# Words that carry no topic: question words, pronouns, auxiliaries, fillers, and the words that ask
# for an aspect (those are read by the aspect detector on the raw text before they are dropped).
STOP_WORDS: frozenset[str] = frozenset(
    fold(w)
    for w in """
    hvor længe lang langt tid hvornår hvad hvem hvorfor hvordan hvilke hvilken hvilket hvis
    vi du jeg de den det der er var være været og eller i på af til for om med uden ved fra efter før
    en et som at kan skal må bør vil ville bliver blive blev bruger bruge brugt have har havde os
    vores vor vort vore man sådan nogen noget nogle alle alt får få fik gør gøre gjort også kun bare
    mon lige egentlig mere mest meget hos hans hendes deres dem dig mig min mit mine din dit dine sin sit sine
    gemmer gemme gemt opbevarer opbevare opbevaret beholder beholde sletter slette slettet slettes
    ikke nej ja tak venligst hej godt hele disse denne dette dét
    hur länge lång tid när vad vem varför hur vilka vilken vilket
    jag ni är var vara varit och eller på av till för om med utan vid från efter före
    ett som att kan ska skall måste bör vill blir bli blev använder använda har hade oss
    våra vår vårt man sådan någon något några allt få fick gör göra gjort också bara
    mer mest mycket hos hans hennes deras dem dig mig min mitt mina din ditt dina sin sitt sina
    sparar spara sparat lagrar lagra lagrat behåller behålla raderar radera raderat raderas
    inte nej ja tack snälla hej hela dessa denna detta
    gemmes opbevares arkiveres arkiverer gemte opbevarede sparas sparade sparad lagras lagrade lagrad
    bevaras bevarar behålls arkiveras arkiverar saved save saves archived archive
    how long when what who why which whose whom where
    we you i they he she it us our ours your the a an of to for on in at by from with without about
    after before and or is are was were be been being do does did done doing can could should would will
    shall may might must have has had having get gets got keep keeps kept keeping store stores stored
    storing retain retains retained hold holds held delete deleted deletes erase erased remove removed
    not no yes please thanks hi hello any all some this that these those there here its their them
    really actually exactly just also only much many more most
    """.split()
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
    from wordfreq import zipf_frequency  # imported on first unknown word: keeps `gdpr-bot ask` start-up light

    zipf = max(zipf_frequency(word, lang) for lang in languages)
    return min(1.0, max(0.1, (5.5 - zipf) / 2.5))
