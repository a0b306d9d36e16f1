"""Place names in other languages, from the ISO and CLDR tables packages already carry: search and display.

Search finds a country or subdivision by its name in any language the service speaks (and traditional
Chinese): pycountry's translations of the ISO 3166-1 and 3166-2 names and official names (the Debian
iso-codes project) and CLDR's territory names in Babel's locale data. So `Allemagne`, `泰国` and
`ประเทศไทย` find their country. Thai also names a country as ประเทศ + its name ("country of ..."),
the form Thai readers type. Nothing is fetched: both tables ship inside the pinned packages.
"""

from __future__ import annotations

import functools
import gettext

import pycountry
from babel import Locale, UnknownLocaleError

from regstatus.services.text import fold
from regstatus.vocab import LANGUAGES

# The service's languages as pycountry's catalogs name them, and Chinese in traditional script besides.
SEARCH_LOCALES = ("th", "ms", "id", "vi", "de", "es", "fr", "ja", "zh_CN", "zh_TW", "zh_HK")
CLDR_LOCALES = ("th", "ms", "id", "vi", "de", "es", "fr", "ja", "zh", "zh_Hant")
THAI_COUNTRY = "ประเทศ"


def _iso_catalog(domain: str, locale: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[locale], fallback=True)


@functools.cache
def _country_names() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    catalogs = [_iso_catalog("iso3166-1", loc) for loc in SEARCH_LOCALES]
    for country in pycountry.countries:
        code = country.alpha_2
        english = {getattr(country, a, None) for a in ("name", "official_name", "common_name")} - {None}
        names = out.setdefault(code, set())
        for catalog in catalogs:
            names.update(catalog.gettext(n) for n in english)
        for loc in CLDR_LOCALES:
            name = Locale.parse(loc).territories.get(code)
            if name:
                names.add(name)
        names.update(THAI_COUNTRY + n for n in list(names) if _is_thai(n) and not n.startswith(THAI_COUNTRY))
        names -= english  # the catalog already holds the English names and its own aliases
    return {code: frozenset(names) for code, names in out.items()}


@functools.cache
def _subdivision_names() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    catalogs = [_iso_catalog("iso3166-2", loc) for loc in SEARCH_LOCALES]
    for sub in pycountry.subdivisions:
        names = {catalog.gettext(sub.name) for catalog in catalogs} - {sub.name}
        if names:
            out[sub.code] = names
    return {code: frozenset(names) for code, names in out.items()}


def _is_thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def names_of(code: str) -> frozenset[str]:
    """Every name of a country (ISO 3166-1 alpha-2) or subdivision (ISO 3166-2) in the search languages."""
    return _country_names().get(code) or _subdivision_names().get(code) or frozenset()


def search_names(codes_by_id: dict[int, str]) -> list[tuple[str, str, str, int]]:
    """(folded, name, kind, jurisdiction id) rows for the search index, beside the catalog's own names."""
    rows = []
    for jid, code in codes_by_id.items():
        rows += [(fold(name), name, "translation", jid) for name in sorted(names_of(code))]
    return rows


@functools.cache
def _territories(lang: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(lang).territories)
    except (UnknownLocaleError, ValueError):
        return {}


def local_name(code: str, fallback: str, lang: str) -> str:
    """A country's name in `lang` (CLDR), else `fallback` (the catalog's English display name)."""
    if lang not in LANGUAGES or "-" in code or len(code) != 2:
        return fallback
    return _territories(lang).get(code, fallback)
