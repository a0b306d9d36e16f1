"""Every vocabulary of the dataset and the rule that derives a status word, defined once.

Models, seed and API schemas, pages, `/about`, the OpenAPI document and the docs
all read these; `tests/test_docs.py` fails when seed/README.md disagrees.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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


# --- composition: what a prohibition of possession means for the other activities ----
# Each of these activities means having the substance in the place (ACTIVITY_MEANINGS): buying it,
# selling or supplying it, bringing it in, taking it out, carrying it through. Where a level's rule
# makes possession an offence, that level's silence on one of them is no permission, and a
# permission from a level above (a federal "allowed" that only means "not controlled federally")
# does not reach below it: the activity is `prohibited`, set by that level, `because: possess`.
# Growing the plant is not the same as holding the product: some laws ban the leaf but not the tree
# (Malaysia's, in seed/rules/apac.yaml), so a possession ban leaves cultivation `unknown`, set by
# that level, unless a rule at that level or below says what applies.
NEEDS_POSSESSION: dict[str, str] = {
    "buy": "prohibited",
    "sell": "prohibited",
    "import": "prohibited",
    "export": "prohibited",
    "transit": "prohibited",
    "cultivate": "unknown",
}
PERMISSIONS = ("allowed", "conditional", "prescription")

# How levels combine, in the order they apply; served by GET /api/v1/ and /about, printed in seed/README.md.
COMPOSITION: tuple[tuple[str, str], ...] = (
    ("strictest", "each activity takes the strictest value any level's own rule gives it, and names that level"),
    ("preemption", "a level's rule that preempts an activity replaces the rules of the levels below it for it"),
    (
        "possession",
        "a level whose rule prohibits possession makes buy, sell, import, export and transit prohibited and "
        "cultivate unknown there (`because: possess`, set by that level), unless its own rule says otherwise "
        "(for cultivate, a rule below it may too) or a level above preempts the activity; a permission from a "
        "level above does not reach below it",
    ),
    (
        "permission",
        "an activity is allowed, allowed under conditions or on prescription only where a level's own cited "
        "rule says so; a level that records nothing on an activity neither allows nor prohibits it",
    ),
    (
        "conditions",
        "an activity allowed under conditions lists each condition of the levels that set them (kind, text, "
        "the level, its citation and the sources that state it), or says that they are not recorded",
    ),
    ("caveats", "disputed, unknown, lapsed and unresearched levels never compete: they become caveats"),
)

# --- conditions ---------------------------------------------------------------
# A condition under which an activity is allowed, named in a row's `conditions` (seed/README.md).
# `age` comes only from a row's min_age and caps a threshold can express only from its thresholds
# (derived, never written twice).
CONDITION_KINDS: dict[str, str] = {
    "licence": "a licence or permit is needed (to import, export, sell or make products)",
    "personal-amount": "what a person may carry or hold for their own use without a licence",
    "age": "a minimum age to buy or be sold to (from the row's min_age)",
    "product-cap": "a potency or dose cap on products (from the row's thresholds, or a cap they cannot express)",
    "labelling": "labels, warnings or disclosures products must carry",
    "registration": "products or sellers must be registered with an agency",
    "retail-restriction": "limits on where, how or to whom it may be sold",
}
DERIVED_CONDITIONS = {"age": ("buy", "sell"), "product-cap": ("buy", "sell")}
THRESHOLD_UNIT_WORDS = {
    "pct_alkaloid_fraction": "% of the alkaloid fraction",
    "pct_weight": "% by weight",
    "mg_per_serving": " mg per serving",
    "mg_per_package": " mg per package",
}
ANALYTE_WORDS = {"7-oh": "7-OH", "mitragynine": "mitragynine", "total-alkaloids": "total alkaloids"}


def threshold_words(t: Mapping) -> str:
    """'products whose 7-OH exceeds 2% of the alkaloid fraction may not be sold' for one potency cap."""
    unit = THRESHOLD_UNIT_WORDS.get(t["unit"], " " + t["unit"])
    return f"products whose {ANALYTE_WORDS.get(t['analyte'], t['analyte'])} exceeds {t['max']:g}{unit} may not be sold"


def caps_words(thresholds: list[Mapping]) -> str | None:
    """One cap in the words of threshold_words; several in one clause, by analyte.

    'products may not be sold above these caps: mitragynine 150 mg per serving; 7-OH 0.05% by weight or
    1 mg per serving' reads once instead of repeating "products whose ... may not be sold" per cap.
    """
    if not thresholds:
        return None
    if len(thresholds) == 1:
        return threshold_words(thresholds[0])
    by_analyte: dict[str, list[str]] = {}
    for t in thresholds:
        unit = THRESHOLD_UNIT_WORDS.get(t["unit"], " " + t["unit"])
        by_analyte.setdefault(ANALYTE_WORDS.get(t["analyte"], t["analyte"]), []).append(f"{t['max']:g}{unit}")
    caps = "; ".join(f"{analyte} {' or '.join(limits)}" for analyte, limits in by_analyte.items())
    return f"products may not be sold above these caps: {caps}"


def row_conditions(
    activities: Mapping[str, str | None],
    min_age: int | None,
    thresholds: list[Mapping] | None,
    conditions: list[Mapping] | None,
    sources: list[str],
) -> list[dict]:
    """A row's named conditions: its own `conditions`, then those its min_age and thresholds state.

    `activities` are the row's completed activities; a derived condition applies to those of its
    activities the row allows under conditions, and is left out where it applies to none (a 7-OH row's
    cap marks what is banned, not a condition of a permission). Its sources are the row's.
    """
    out = [{"amount": None, "unit": None, **c, "derived_from": None} for c in conditions or []]

    def applies(kind: str) -> list[str]:
        return [a for a in DERIVED_CONDITIONS[kind] if activities.get(a) == "conditional"]

    if min_age is not None and applies("age"):
        out.append(
            {
                "kind": "age",
                "activities": applies("age"),
                "text": f"Buyers must be {min_age} or older.",
                "amount": min_age,
                "unit": "years",
                "sources": list(sources),
                "derived_from": "min_age",
            }
        )
    for t in thresholds or []:
        if applies("product-cap"):
            text = threshold_words(t)
            note = f" ({t['note']})" if t.get("note") else ""
            out.append(
                {
                    "kind": "product-cap",
                    "activities": applies("product-cap"),
                    "text": text[0].upper() + text[1:] + note + ".",
                    "amount": t["max"],
                    "unit": t["unit"],
                    "sources": list(sources),
                    "derived_from": "thresholds",
                }
            )
    return out


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

# --- contacts: whom to ask where the law is not found --------------------------
# In the order an answer names them: the first role a place has a contact for is the one asked.
CONTACT_ROLES: dict[str, str] = {
    "controlled-substances": "the competent national authority for narcotic drugs and psychotropic substances",
    "drug-control": "the national drug-control agency or council",
    "medicines-regulator": "the national medicines regulatory authority",
    "food-safety": "the national food-safety agency",
    "customs": "the customs administration",
}
CONTACT_ROLE_ORDER = {role: rank for rank, role in enumerate(CONTACT_ROLES)}
# What an answer says beside its contact: `ask` where the answer is unknown, `confirm` beside every other.
ASK_KINDS: dict[str, str] = {
    "ask": "Nobody here has found the law for this place: ask %(name)s",
    "confirm": "Confirm with %(name)s",
}

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

# --- dates of a version ----------------------------------------------------------
# How a rule version's start is known: exactly one of these fields dates a row (an `unknown` row may have none).
# A legal date and a research date are different facts, and only the first is ever shown as the law's date.
START_KINDS: dict[str, str] = {
    "effective_from": "the date the version took legal effect, as a source states it (to the day, month or year: "
    "date_precision)",
    "in_force_since_at_least": "a lower bound: the date of the act, or of the oldest dated source showing the rule "
    "in force; it took effect on or before that date, and what applied earlier is not established",
    "known_since": "a research date: when the dataset first found the rule in force, its law's own date not found; "
    "never shown as the law's date",
}
# How much of an effective_from date a source states. A year-only law is effective_from YYYY-01-01 with
# precision year; a month-only one YYYY-MM-01 with precision month.
DATE_PRECISIONS: dict[str, str] = {
    "day": "the source states the day",
    "month": "the source states the month only: stored as its first day",
    "year": "the source states the year only: stored as 1 January",
}
DEFAULT_PRECISION = "day"


def start_kind(v: Any) -> str | None:
    """Which field dates the version (a START_KINDS key), or None for an undated one."""
    for kind in START_KINDS:
        if getattr(v, kind, None) is not None:
            return kind
    return None


def precision(v: Any) -> str | None:
    """How much of effective_from a source states; None unless the version has an effective_from."""
    if getattr(v, "effective_from", None) is None:
        return None
    return getattr(v, "date_precision", None) or DEFAULT_PRECISION


# How the effective_from/effective_to filters read these dates (listing, exports; services/dating.py applies it).
EFFECTIVE_FILTER_RULE = (
    "A row matches only when the sources show it took effect in the range: an effective_from of month or year "
    "precision counts as any day of that month or year, so it matches only a range that holds all of it "
    "(effective_from=2025-01-01 finds a 2025 law, effective_from=2025-06-01 does not); a row dated only by "
    "in_force_since_at_least or known_since took effect on or before that date, on a day no source gives, so "
    "it never matches effective_from and matches effective_to alone when its date is on or before it."
)

# --- change events --------------------------------------------------------------
CHANGE_KINDS: dict[str, str] = {
    "in-force": "a version took legal effect on a date a source states (old status -> new status)",
    "lapsed": "a rule ended or lapsed with nothing recorded after it",
    "advisory": "an agency issued an advisory",
    "measure-stage": "a pending measure reached a stage",
    "recorded": "the dataset recorded a rule whose legal start date no source gives (dated by a lower bound or a "
    "research date), or a place searched with no source found: dated on the day the dataset recorded it",
    "corrected": "our record of a version was corrected",
}
# The events dated by the law (or an agency or legislature) itself: what /changes and the feeds show by default.
LEGAL_CHANGE_KINDS = ("in-force", "lapsed", "advisory", "measure-stage")

# --- calendar events (/feeds/upcoming.ics, /feeds/jurisdictions/{code}.ics) -------------
# What a calendar event is about: a date the law or a legislature set, never a date the dataset recorded.
CALENDAR_EVENT_KINDS: dict[str, str] = {
    "takes-effect": "a rule version takes legal effect on the date a source states (its effective_from)",
    "expires": "a temporary (emergency) rule lapses by its own terms (its expires_on)",
    "measure-stage": "a pending bill or proposed rule reaches a stage (introduced, hearing, passed, signed ...)",
}

# --- product check (/api/v1/check, /check) -------------------------------------------
# A product as its label describes it: the form, and which substance's rules it is checked against when
# `substance=` is not given (a 7-OH tablet is checked with substance=7-oh).
PRODUCT_FORMS: dict[str, tuple[str, str]] = {
    "leaf": ("kratom", "dried kratom leaf, whole or crushed (teas included)"),
    "powder": ("kratom", "ground kratom leaf, loose or in capsules"),
    "extract": ("kratom", "a kratom extract: resin, tincture, liquid shot or concentrate"),
    "7-oh-isolate": ("7-oh", "concentrated or semi-synthetic 7-hydroxymitragynine, as isolate or in a product"),
    "tablet": ("kratom", "a pressed tablet of kratom leaf or extract (a 7-OH tablet: substance=7-oh)"),
}
PRODUCTS = tuple(PRODUCT_FORMS)
# The label figures the check compares with a rule's caps: parameter -> (analyte, threshold unit, words).
LABEL_FIGURES: dict[str, tuple[str, str, str]] = {
    "mg_7oh_per_serving": ("7-oh", "mg_per_serving", "7-OH per serving, in mg"),
    "pct_7oh_of_alkaloids": ("7-oh", "pct_alkaloid_fraction", "7-OH as a % of the alkaloid content"),
    "mg_mitragynine_per_serving": ("mitragynine", "mg_per_serving", "mitragynine per serving, in mg"),
}
# What the check answers per level and overall (worst first: one failing level fails the product).
CHECK_VERDICT_MEANINGS: dict[str, str] = {
    "fails": "a cited rule of this level bars the product: its sale is prohibited, a cap is exceeded or the "
    "buyer is under the minimum age",
    "unknown": "not established: the level is unresearched, disputed or lapsed, no cap is recorded for a sale "
    "allowed under conditions, or a figure a recorded cap needs was not given",
    "passes": "every recorded cap and age limit of this level was compared with a given figure and met, and no "
    "cited rule of the level bars its sale (other named conditions are listed to meet)",
}
CHECK_VERDICTS = tuple(CHECK_VERDICT_MEANINGS)
# What one comparison at a level is about (a level's `findings`).
CHECK_FINDING_KINDS: dict[str, str] = {
    "sale": "whether the level's rule lets the product be sold or bought at all",
    "cap": "a potency cap compared with the label's figure for it",
    "age": "the minimum age compared with the buyer's",
    "condition": "a named condition of the rule the check cannot compare",
    "research": "the level's rule is not established (unresearched, disputed, lapsed)",
}

# --- caveats ----------------------------------------------------------------
CAVEAT_KINDS: dict[str, str] = {
    "disputed": "a level's sources disagree or its rule is in flux",
    "lapsed": "a level's rule ended or lapsed and what followed has not been verified",
    "not-yet-known": "the date is before a level's earliest recorded start: before a lower bound, the rule is in "
    "force since at least that date and what applied earlier is not established",
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

# --- correction reports -----------------------------------------------------------
# Where a report from the public stands; only maintainers move it (`flask reports triage`).
REPORT_STATUS_MEANINGS: dict[str, str] = {
    "new": "received, not yet read by a maintainer",
    "triaged": "read; its evidence is being checked",
    "accepted": "the dataset was (or will be) corrected through a reviewed change to seed/",
    "rejected": "the evidence does not show the dataset is wrong",
    "duplicate": "another report already says the same",
}
REPORT_STATUSES = tuple(REPORT_STATUS_MEANINGS)


# --- exports ----------------------------------------------------------------
@dataclass(frozen=True)
class ExportColumn:
    """One field of the export: its name, Table Schema type, meaning, and allowed values if closed."""

    name: str
    type: str
    description: str
    enum: tuple[str, ...] | None = None
    is_list: bool = False


def _export_activity_columns() -> list[ExportColumn]:
    out = []
    for a in ACTIVITIES:
        out.append(ExportColumn(a, "string", f"Composed value for `{a}` (strictest along the chain)", ACTIVITY_VALUES))
        out.append(ExportColumn(f"{a}_set_by", "string", f"Code of the level whose rule sets `{a}`"))
    return out


# The one column definition: CSV header, JSON and NDJSON keys, the Data Package schema, the API docs.
EXPORT_COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn("jurisdiction", "string", "Code: ISO 3166-1, ISO 3166-2 or a locality code"),
    ExportColumn("name", "string", "Display name of the place"),
    ExportColumn("level", "string", "Level of the place", LEVELS),
    ExportColumn("parent", "string", "Code of the place above, if any"),
    ExportColumn("governed_by", "string", "Code of the state whose law applies in this territory (a level above it)"),
    ExportColumn("substance", "string", "Substance or product form (kratom, 7-oh)"),
    ExportColumn("as_of", "date", "Legal date answered (empty in a history export)"),
    ExportColumn(
        "status", "string", "Status derived from the composed activities (history: the version's own)", STATUSES
    ),
    *_export_activity_columns(),
    ExportColumn("min_age", "integer", "Minimum age to buy, the highest along the chain"),
    ExportColumn("min_age_set_by", "string", "Code of the level whose rule sets the minimum age"),
    ExportColumn("confidence", "string", "Confidence of the answer (history: of the version)", CONFIDENCE),
    ExportColumn("caveats", "string", "Caveat kinds, space-separated: " + ", ".join(CAVEAT_KINDS), is_list=True),
    ExportColumn("determined_by", "string", "Lowest level that set a composed activity"),
    ExportColumn(
        "version_id", "string", "Stable id of the place's own rule version (in force, or in history the row's)"
    ),
    ExportColumn(
        "introduced_in", "string", "Dataset commit that introduced the place's own rule version (empty if not known)"
    ),
    ExportColumn(
        "start_kind",
        "string",
        "Which of the next three columns dates that rule: a legal date, a lower bound or a research date",
        tuple(START_KINDS),
    ),
    ExportColumn(
        "effective_from",
        "date",
        "Date that rule took legal effect, where a source states it (to the day, or a month or year given as "
        "its first day: date_precision)",
    ),
    ExportColumn("date_precision", "string", "How much of effective_from a source states", tuple(DATE_PRECISIONS)),
    ExportColumn(
        "in_force_since_at_least",
        "date",
        "Otherwise a lower bound: the act's date or the oldest dated source showing that rule in force",
    ),
    ExportColumn(
        "known_since",
        "date",
        "Otherwise a research date: when the dataset found that rule in force (its law's date not found)",
    ),
    ExportColumn(
        "effective_to",
        "date",
        "Day after that rule's last day, if it ends: its own end date, or in a history export the day it "
        "expired or the next version took effect (as `ends_on`)",
    ),
    ExportColumn("expires_on", "date", "Day that rule lapses by its own terms, if temporary"),
    ExportColumn(
        "ends_on", "date", "History only: day that rule stops applying, its own end or the next version's start"
    ),
    ExportColumn("citation", "string", "Legal citation of that rule"),
    ExportColumn("summary", "string", "Plain-language summary of that rule"),
    ExportColumn("enforcement", "string", "How that rule is enforced in practice, where a source says"),
    ExportColumn("preemption", "string", "What a source says about preemption of local rules by that rule's level"),
    ExportColumn("last_verified_on", "date", "When someone last checked that rule against its sources"),
    ExportColumn("recorded_at", "datetime", "When the dataset first said that rule (UTC)"),
    ExportColumn("superseded_at", "datetime", "When a correction replaced that text (history only)"),
    ExportColumn("best_source_tier", "integer", "Best tier among that rule's sources, 1 (statute) to 6 (vendor)"),
    ExportColumn(
        "source_ids",
        "string",
        "Ids of the sources behind the answer (the rules that set an activity, and the place's own), space-separated",
        is_list=True,
    ),
    ExportColumn("source_urls", "string", "Their URLs, space-separated, in the same order", is_list=True),
    ExportColumn("dataset_version", "string", "Dataset version the row quotes"),
    ExportColumn("dataset_date", "date", "Newest date that dataset records"),
)
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

# --- languages --------------------------------------------------------------
# The languages pages and answers are served in (`?lang=`, then Accept-Language), English first: the
# default, and the authoritative text. Each other one has a catalog in regstatus/translations/.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "th": "ไทย",
    "ms": "Bahasa Melayu",
    "id": "Bahasa Indonesia",
    "vi": "Tiếng Việt",
    "de": "Deutsch",
    "es": "Español",
    "fr": "Français",
    "ja": "日本語",
    "zh": "简体中文",
}
DEFAULT_LANGUAGE = "en"
