"""Every vocabulary of the dataset and the rule that derives a status word, defined once.

Models, seed and API schemas, pages, `/about`, the OpenAPI document and the docs
all read these; `tests/test_docs.py` fails when seed/README.md disagrees.
"""

from __future__ import annotations

from collections.abc import Mapping

# --- places -----------------------------------------------------------------
LEVELS = ("country", "subdivision", "locality")
LOCALITY_KINDS = ("city", "county", "town", "municipality", "district", "borough", "parish", "village")
# How a level of an answer stands to the place: the place and its parents, or a state whose law applies
# in the territory (a governance finding, seed/README.md "governed_by").
LEVEL_RELATIONS = ("geographic", "governing-state")
# Whether a territory that answers through another state also makes drug law of its own.
OWN_DRUG_LAW_MEANINGS: dict[str, str] = {
    "none": "the state's drug law is the territory's: the territory's own level is no gap in its answer",
    "separate": "the territory also makes drug law of its own, a level below the state's that needs its own rows",
}
OWN_DRUG_LAW = tuple(OWN_DRUG_LAW_MEANINGS)

# --- substances -------------------------------------------------------------
SUBSTANCES: dict[str, tuple[str, str]] = {
    "kratom": ("Kratom", "Mitragyna speciosa leaf and products made from it: leaf, powder, capsules, teas, extracts."),
    "7-oh": (
        "7-OH",
        "Concentrated or semi-synthetic 7-hydroxymitragynine products, "
        "which several US states and the FDA treat apart.",
    ),
}

# --- status words -----------------------------------------------------------
STATUS_MEANINGS: dict[str, str] = {
    "legal": "no kratom-specific control was found in the sources read; ordinary food/consumer law may still apply",
    "regulated": "legal under kratom-specific rules: age limit, labelling, registration, licensing, potency caps",
    "restricted": "partly controlled: prescription only, or supply, sale or import banned while possession is not "
    "an offence",
    "banned": "controlled: possession is an offence (scheduled narcotic or psychotropic, or an explicit ban)",
    "disputed": "sources disagree, or the rule is in flux (a court has stayed it, an emergency order is contested)",
    "unknown": "not researched, or searched and no source found",
}
STATUSES = tuple(STATUS_MEANINGS)
STATUS_LABELS = {s: s.capitalize() for s in STATUSES}

# --- activities -------------------------------------------------------------
ACTIVITY_MEANINGS: dict[str, str] = {
    "possess": "have it on you or at home",
    "buy": "buy it",
    "sell": "sell or supply it",
    "import": "bring it into the place",
    "export": "take it out of the place",
    "transit": "carry it through the place on the way elsewhere (for example changing planes)",
    "cultivate": "grow the plant",
}
ACTIVITIES = tuple(ACTIVITY_MEANINGS)
DOMESTIC = ("possess", "buy", "sell", "cultivate")
CROSS_BORDER = ("import", "export", "transit")

# Activity values, strictest first. `unknown` is not ranked: it is a caveat.
ACTIVITY_VALUE_MEANINGS: dict[str, str] = {
    "prohibited": "an offence, or not permitted",
    "prescription": "only on prescription, or only with a licence not open to the public (medicine law)",
    "conditional": "allowed under conditions: age limit, labelling, registration, licensed retail, potency caps",
    "allowed": "no kratom-specific condition",
    "unknown": "not established by the sources read",
}
ACTIVITY_VALUES = tuple(ACTIVITY_VALUE_MEANINGS)
STRICTNESS = {"prohibited": 3, "prescription": 2, "conditional": 1, "allowed": 0}

# What a row's status word says about activities it does not record (only what the word itself means).
IMPLIED_ACTIVITIES: dict[str, dict[str, str]] = {
    "banned": {"possess": "prohibited"},
    "legal": {"possess": "allowed", "buy": "allowed", "sell": "allowed"},
}


def complete_activities(status: str, activities: Mapping[str, str | None]) -> dict[str, str | None]:
    """A row's activities with what its status word implies filled in where the row records nothing."""
    out = {a: activities.get(a) for a in ACTIVITIES}
    for activity, value in IMPLIED_ACTIVITIES.get(status, {}).items():
        out[activity] = out[activity] or value
    return out


# --- the derivation table: composed activities -> status word ------------------
# Read top to bottom; the first row that matches gives the status.
DERIVATION: tuple[tuple[str, str], ...] = (
    ("banned", "possess is prohibited"),
    (
        "restricted",
        "possess is not prohibited, and buy, sell, cultivate, import, export or transit is prohibited, "
        "or buy or sell is prescription only",
    ),
    (
        "regulated",
        "possess, buy, sell or cultivate is allowed only under conditions (import, export or transit under "
        "conditions or on prescription alone change nothing)",
    ),
    ("legal", "every recorded activity is allowed (cross-border activities may carry conditions)"),
    ("unknown", "no activity is known at any level"),
)


def derive_status(activities: Mapping[str, str | None]) -> str:
    """The status word for a set of activity values, by the DERIVATION table."""
    known = {a: v for a, v in activities.items() if v and v != "unknown"}
    if not known:
        return "unknown"
    if known.get("possess") == "prohibited":
        return "banned"
    if any(v == "prohibited" for v in known.values()) or any(known.get(a) == "prescription" for a in ("buy", "sell")):
        return "restricted"
    if any(known.get(a) in ("conditional", "prescription") for a in DOMESTIC):
        return "regulated"
    return "legal"


def stricter(a: str | None, b: str | None) -> bool:
    """Whether activity value `a` is stricter than `b` (unknown and missing never are)."""
    if a not in STRICTNESS:
        return False
    return b not in STRICTNESS or STRICTNESS[a] > STRICTNESS[b]


# --- confidence -------------------------------------------------------------
CONFIDENCE_MEANINGS: dict[str, str] = {
    "high": "a tier 1-2 source read and matching the row",
    "medium": "tier 3-4 sources, or tier 1-2 sources that leave part of the row open",
    "low": "only tier 5-6 sources, or sources older than the last known change",
}
CONFIDENCE = tuple(CONFIDENCE_MEANINGS)

# --- sources ----------------------------------------------------------------
SOURCE_KINDS: dict[str, tuple[int, str]] = {
    "statute": (1, "the text of a law or an official gazette"),
    "regulation": (1, "a regulation or scheduling order as published"),
    "agency": (2, "a government agency's page or notice"),
    "legislature": (2, "a legislature's bill page, bill status or enrolled act summary"),
    "court": (3, "a court decision"),
    "academic": (4, "a peer-reviewed paper or report"),
    "news": (4, "a news report"),
    "reference": (5, "an encyclopedia or secondary compilation"),
    "advocacy": (5, "an advocacy group's page"),
    "vendor": (6, "a seller's page or blog"),
}
SOURCE_TIERS = {kind: tier for kind, (tier, _meaning) in SOURCE_KINDS.items()}
LOW_TIER = 5  # reference, advocacy, vendor

# --- advisories and pending measures -------------------------------------------
ADVISORY_KINDS: dict[str, str] = {
    "import-alert": "border agency guidance to detain or refuse imports",
    "warning-letter": "an agency's letter to a seller that its products break the law",
    "consumer-warning": "an agency's warning to the public about products or their risks",
    "recall": "a product recall",
    "scheduling-recommendation": "one agency's recommendation that a substance be controlled",
    "notice-of-intent": "a published intent to control a substance, not yet an order",
    "other": "another agency measure that is not itself the law",
}
MEASURE_KINDS: dict[str, str] = {"bill": "a bill before a legislature", "proposed-rule": "a proposed regulation"}
MEASURE_STAGES: dict[str, str] = {
    "introduced": "filed in a chamber",
    "in-committee": "referred to or heard in committee",
    "passed-chamber": "passed one chamber",
    "passed-legislature": "passed every chamber",
    "proposed": "a rule proposed or noticed",
    "comment-period": "open for public comment",
    "enacted": "became law or a final rule",
    "signed": "signed into law",
    "failed": "died, or was defeated",
    "withdrawn": "withdrawn by its sponsor or agency",
    "vetoed": "vetoed",
}
CLOSED_STAGES = ("enacted", "signed", "failed", "withdrawn", "vetoed")

# --- change events --------------------------------------------------------------
CHANGE_KINDS: dict[str, str] = {
    "in-force": "a version took legal effect (old status -> new status)",
    "lapsed": "a rule ended or lapsed with nothing recorded after it",
    "corrected": "our record of a version was corrected",
    "advisory": "an agency issued an advisory",
    "measure-stage": "a pending measure reached a stage",
}

# --- caveats ----------------------------------------------------------------
CAVEAT_KINDS: dict[str, str] = {
    "disputed": "a level's sources disagree or its rule is in flux",
    "lapsed": "a level's rule ended or lapsed and what followed has not been verified",
    "not-yet-known": "the date is before the earliest date a source shows a level's rule in force",
    "searched": "a level was searched and no source was found",
    "unresearched": "a level has not been researched",
    "activity-unknown": "an activity is not established at a level",
}

# --- search ---------------------------------------------------------------------
MATCH_KINDS: dict[str, str] = {
    "exact": "the query is a place's name, alias or code (case and accents aside)",
    "local-name": "the query is a local name of the substance: the places where that name is used",
    "prefix": "a place's name, alias or code, or a word of its name, starts with the query",
    "fuzzy": "a place's name, or a word of it, is within a few typing errors of the query",
}

# Names of the substance people search for: name -> (substance slug, what it is, codes where it is used).
# Only names a published source attests (R. B. Raffa, ed., "Kratom and Other Mitragynines", CRC Press 2014):
# ithang, krathom, kakuam and thom (Thailand), biak or ketum (Malaysia), mambog (Philippines).
LOCAL_NAMES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "kratom": ("kratom", "the name used in Thailand, and in English", ("TH",)),
    "กระท่อม": ("kratom", "kratom in Thai, the name used in Thailand", ("TH",)),
    "krathom": ("kratom", "a name used in Thailand", ("TH",)),
    "kakuam": ("kratom", "a name used in Thailand", ("TH",)),
    "ithang": ("kratom", "a name used in Thailand", ("TH",)),
    "thom": ("kratom", "a name used in Thailand", ("TH",)),
    "ketum": ("kratom", "the name used in Malaysia", ("MY",)),
    "biak": ("kratom", "a name used in Malaysia", ("MY",)),
    "mambog": ("kratom", "a name used in the Philippines", ("PH",)),
    "Mitragyna speciosa": ("kratom", "the botanical name of the kratom tree", ()),
    "mitragynine": ("kratom", "the main alkaloid of kratom leaf", ()),
    "7-OH": ("7-oh", "7-hydroxymitragynine, a kratom alkaloid sold concentrated; its own substance here", ()),
    "7-hydroxymitragynine": ("7-oh", "the alkaloid behind 7-OH products; its own substance here", ()),
}

# The listing's optional members: `expand=` adds them to each substance's entry, `fields=` picks top-level ones.
LISTING_EXPANSIONS: dict[str, str] = {
    "summary": "the answer in one sentence (`words`) and the place's own row summary and citation",
    "activities": "the composed value of each activity and the level that set it",
    "sources": "the sources cited by the rows behind the answer",
}
LISTING_FIELDS = ("code", "name", "level", "kind", "parent", "statuses", "url", "match")

# --- upkeep: source checks and the maintainers' work queue ------------------------
# What a fetch of a source's address says (openstates' check_links.py rule: only an answer that the
# page is gone counts as dead; a refusal, a rate limit, a server error or a timeout says nothing).
LINK_STATE_MEANINGS: dict[str, str] = {
    "ok": "the address answered 2xx at the same address",
    "moved": "the address answered 2xx after redirects to another address",
    "dead": "the address answered 404 or 410, or its host name does not exist (NXDOMAIN)",
    "unknown": "any other answer: 403, 429, 5xx, a timeout, a refused connection, a TLS error",
}
LINK_STATES = tuple(LINK_STATE_MEANINGS)
DEAD_HTTP_CODES = (404, 410)

# Why a row or source is in `flask queue`, and what to do; most urgent first (the queue's order).
QUEUE_REASONS: dict[str, tuple[str, str]] = {
    "lapsed": (
        "the rule ended or lapsed and nothing is recorded after it",
        "find what applies now and add the version that follows",
    ),
    "expiring": (
        "a temporary (emergency) rule expires soon",
        "check whether it was extended or replaced by a permanent rule before it expires",
    ),
    "ending": ("a rule's recorded end date is near", "check that the end still holds and what follows it"),
    "starting": ("a rule comes into force soon", "check that the start date still holds (delays, court stays)"),
    "source-dead": (
        "a cited source's address is gone (404, 410 or NXDOMAIN)",
        "add its archive_url, or replace it with a live source",
    ),
    "disputed": ("the row is disputed", "look for a decision, ruling or new source that settles it"),
    "source-changed": (
        "a cited source's content changed after it was read",
        "re-read it, update the rows it supports and its accessed_on",
    ),
    "never-verified": ("the row was never verified", "read its sources again and set last_verified_on and verified_by"),
    "stale": ("the row was verified too long ago", "read its sources again and set last_verified_on and verified_by"),
    "low-tier": (
        "the row rests only on tier 5-6 sources (reference, advocacy, vendor)",
        "find a statute, agency, legislature, court or news source",
    ),
    "measure-old": ("a pending measure's last recorded stage is old", "look up its current stage and record it"),
    "unknown-unverified": (
        "an unknown row (not researched, or searched and no source found) was never verified",
        "search again; record the sources read (consulted_for) and any row they support",
    ),
    "source-moved": ("a cited source's address redirects elsewhere", "check the new address and update url"),
    "source-unknown": (
        "a cited source's address did not answer clearly (403, 429, 5xx, timeout)",
        "open it in a browser; record an archive_url if it stays unreachable",
    ),
}
QUEUE_REASON_ORDER = {reason: rank for rank, reason in enumerate(QUEUE_REASONS)}
# Changes into or out of these statuses need a second coder's review (CONTRIBUTING.md).
SECOND_CODER_STATUSES = ("banned", "restricted")
