"""Finding places by name, alias, code or the substance's local names, typos forgiven: one definition of matching.

Ranking, best first: `exact` (the folded query is a name, alias or code), `local-name` (the query is a
name of the substance: the places where it is used), `prefix` (a name, alias or code starts with the
query, then a word of a name does), `fuzzy` (a name or a word of it scores at least FUZZY_CUTOFF, a code
at least CODE_CUTOFF, with rapidfuzz's `fuzz.ratio`, the normalised Indel similarity, 0-100; only for
queries of FUZZY_MIN_LENGTH letters or more, so two-letter codes, all one typo apart, never match
fuzzily). Within a kind: countries, then subdivisions, then localities, then the closer match, then by
name. The index is built once per database and dataset version, never per request.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from regstatus.models import Jurisdiction, JurisdictionName
from regstatus.services import gazetteer
from regstatus.services.country_names import search_names
from regstatus.services.rules import dataset
from regstatus.services.text import fold
from regstatus.vocab import LEVELS, LOCAL_NAMES, MATCH_KINDS

# One typo in a five-letter word ("texs" for "texas") scores 89, a swapped pair in eight letters 88,
# one wrong letter in five 80; "iran"/"iraq" (75) and "mali"/"bali" (75) stay apart.
FUZZY_CUTOFF = 80.0
# Codes differ by one letter ("US-TX", "US-TN": 80), so only a letter too many or too few counts ("US-TXX": 91).
CODE_CUTOFF = 85.0
# Shorter queries are matched exactly or as prefixes only: at three letters everything is one typo away.
FUZZY_MIN_LENGTH = 4
RANK = {kind: i for i, kind in enumerate(MATCH_KINDS)}
LEVEL_RANK = {level: i for i, level in enumerate(LEVELS)}


@dataclass(frozen=True)
class Entry:
    """One searchable place: its code, display name and level."""

    code: str
    name: str
    level: str


@dataclass
class Match:
    """A place a query found, how, and by which of its names."""

    code: str
    kind: str
    matched: str
    score: float

    def sort_key(self, entry: Entry, word_prefix: bool = False) -> tuple:
        """Kind first, then a word-prefix after a whole-name prefix, level, score, name."""
        return (RANK[self.kind], word_prefix, LEVEL_RANK.get(entry.level, 9), -self.score, fold(entry.name), self.code)


@dataclass
class LocalName:
    """A name of the substance and the places where it is used."""

    name: str
    substance: str
    meaning: str
    used_in: list[str]


@dataclass
class Result:
    """Every place a query matched, best first, and the local-name pointer if the query is one."""

    query: str
    matches: list[Match]
    local_name: LocalName | None = None
    by_code: dict[str, Match] = field(default_factory=dict)
    cities: gazetteer.Found = field(default_factory=lambda: gazetteer.Found([], False))

    @property
    def close_only(self) -> bool:
        """Whether every match is fuzzy: the query is probably a typo, so show them as "did you mean"."""
        return bool(self.matches) and all(m.kind == "fuzzy" for m in self.matches)


@dataclass
class Index:
    """The folded names of every place, built once per dataset version."""

    entries: dict[str, Entry]
    exact: dict[str, list[tuple[str, str]]]  # folded text -> [(code, name as written)]
    texts: list[str]  # folded names and aliases (codes excluded), for prefix and fuzzy passes
    owners: list[list[tuple[str, str]]]  # parallel to texts
    codes: list[str]  # folded codes, for the prefix and fuzzy passes
    code_owners: list[list[tuple[str, str]]]
    words: list[str]  # distinct words of multi-word names, for word-level passes
    word_owners: list[list[tuple[str, str]]]


_LOCK = threading.Lock()
_CACHE: dict[tuple[str, str], Index] = {}
_LOCAL = {fold(name): (name, *rest) for name, rest in LOCAL_NAMES.items()}


def _build(session: Session) -> Index:
    rows = session.execute(select(Jurisdiction.id, Jurisdiction.code, Jurisdiction.name, Jurisdiction.level)).all()
    codes_by_id = {r.id: r.code for r in rows}
    entries = {r.code: Entry(r.code, r.name, r.level) for r in rows}
    exact: dict[str, list[tuple[str, str]]] = {}
    by_text: dict[str, list[tuple[str, str]]] = {}
    by_word: dict[str, list[tuple[str, str]]] = {}
    codes: list[str] = []
    names = session.execute(
        select(JurisdictionName.folded, JurisdictionName.name, JurisdictionName.kind, JurisdictionName.jurisdiction_id)
    ).all()
    names = [*names, *search_names(codes_by_id)]  # the ISO/CLDR names in other languages (country_names.py)
    for folded, name, kind, jid in sorted(names):
        owner = (codes_by_id[jid], name)
        exact.setdefault(folded, []).append(owner)
        if kind == "code":
            codes.append(folded)
            continue
        by_text.setdefault(folded, []).append(owner)
        parts = folded.replace("-", " ").split()
        for word in parts[1:]:
            by_word.setdefault(word, []).append(owner)
    codes.sort()
    code_owners = [[(c.upper(), c.upper())] for c in codes]
    return Index(
        entries, exact, list(by_text), list(by_text.values()), codes, code_owners, list(by_word), list(by_word.values())
    )


def index(session: Session) -> Index:
    """The name index for this database's dataset version, built on first use."""
    key = (str(session.get_bind().url), dataset(session).version)
    found = _CACHE.get(key)
    if found is None:
        built = _build(session)
        with _LOCK:
            # One index per database: an older version's goes (memory stays flat across publishes).
            for old in [k for k in _CACHE if k[0] == key[0]]:
                del _CACHE[old]
            if len(_CACHE) >= 8:  # one per database a process serves; tests make many
                _CACHE.pop(next(iter(_CACHE)))
            found = _CACHE.setdefault(key, built)
    return found


def local_name(query: str) -> LocalName | None:
    """The substance name the query is, if it is one (case, accents and Thai tone marks aside)."""
    found = _LOCAL.get(fold(query))
    if found is None:
        return None
    name, substance, meaning, codes = found
    return LocalName(name, substance, meaning, list(codes))


def _share(needle: str, text: str) -> float:
    return round(100.0 * len(needle) / len(text), 1)


def search(session: Session, query: str) -> Result:
    """Every place the query matches, best first (see the module's ranking)."""
    idx = index(session)
    needle = fold(query)
    found: dict[str, tuple[tuple, Match]] = {}

    def add(code: str, kind: str, matched: str, score: float, word_prefix: bool = False) -> None:
        entry = idx.entries.get(code)
        if entry is None:
            return
        m = Match(code, kind, matched, score)
        key = m.sort_key(entry, word_prefix)
        if code not in found or key < found[code][0]:
            found[code] = (key, m)

    if not needle:
        return Result(query, [])
    for code, name in idx.exact.get(needle, []):
        add(code, "exact", name, 100.0)
    pointer = local_name(query)
    if pointer is not None:
        for code in pointer.used_in:
            add(code, "local-name", pointer.name, 100.0)
    for text, owners in zip(idx.texts, idx.owners, strict=True):
        if text.startswith(needle):
            for code, name in owners:
                add(code, "prefix", name, _share(needle, text))
    for text in idx.codes:
        if text.startswith(needle):
            add(text.upper(), "prefix", text.upper(), _share(needle, text))
    for word, owners in zip(idx.words, idx.word_owners, strict=True):
        if word.startswith(needle):
            for code, name in owners:
                add(code, "prefix", name, _share(needle, word), word_prefix=True)
    if len(needle) >= FUZZY_MIN_LENGTH:
        pools = (
            (idx.texts, idx.owners, FUZZY_CUTOFF),
            (idx.words, idx.word_owners, FUZZY_CUTOFF),
            (idx.codes, idx.code_owners, CODE_CUTOFF),
        )
        for pool, owners_of, cutoff in pools:
            hits = process.extract(needle, pool, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
            for text, score, i in hits:
                if len(text) < FUZZY_MIN_LENGTH:
                    continue  # "mai" of Chiang Mai is one typo from "mali"
                for code, name in owners_of[i]:
                    add(code, "fuzzy", name, round(score, 1))
    ranked = [m for _key, m in sorted(found.values(), key=lambda pair: pair[0])]
    result = Result(query, ranked, pointer, {m.code: m for m in ranked})
    if not any(m.kind == "exact" for m in ranked):  # a place's own name wins over a city's
        result.cities = gazetteer.find(query, idx.entries, idx.exact)
    return result


def suggestions(session: Session, query: str, limit: int = 5) -> list[str]:
    """Codes of the places closest to a query that named nothing (for 404 problems and "did you mean")."""
    return [m.code for m in search(session, query).matches[:limit]]
