"""Does this label pass here? A product's figures compared with every level's recorded caps and age limits.

The levels are the answer's (services/answer.py composes them: country, subdivision, locality, a governing
state); each is checked on its own rule in force, and answers `fails` (a cited rule bars the product),
`unknown` or `passes` (vocab.CHECK_VERDICT_MEANINGS). It never says `passes` where a level is unresearched,
disputed or lapsed, where a sale is allowed under conditions and no cap is recorded, or where a cap needs a
figure that was not given: those are `unknown`. A rule that prohibits the sale and records caps bars the
products above them (a 7-OH row's cap marks what its ban covers); one without caps bars every product.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from regstatus.errors import NotFoundError
from regstatus.services import jurisdictions as jur
from regstatus.services import lookup, rules
from regstatus.services.answer import GERUNDS, Level, place_phrase, where
from regstatus.services.language import N_, gettext, ngettext
from regstatus.vocab import (
    CHECK_VERDICTS,
    LABEL_FIGURES,
    NEEDS_POSSESSION,
    PRODUCT_FORMS,
    THRESHOLD_UNIT_WORDS,
    complete_activities,
    threshold_words,
)

SALE = ("sell", "buy")
# Worst first: one failing level fails the product, one unknown level leaves it unknown.
_RANK = {v: i for i, v in enumerate(CHECK_VERDICTS)}
# The one-sentence answer's opening, per verdict (translated where it is used).
HEADS = {
    "fails": N_("This product (%(product)s) fails in %(place)s"),
    "unknown": N_("Whether this product (%(product)s) passes in %(place)s is not established"),
    "passes": N_("This product (%(product)s) passes every recorded cap and age limit in %(place)s"),
}
FIGURE_OF = {(analyte, unit): name for name, (analyte, unit, _words) in LABEL_FIGURES.items()}


@dataclass
class Finding:
    """One comparison at one level: a sale rule, a cap, an age limit, a condition, or what is not known."""

    kind: str  # a CHECK_FINDING_KINDS word
    verdict: str
    text: str
    analyte: str | None = None
    unit: str | None = None
    limit: float | None = None
    given: float | None = None
    figure: str | None = None  # the parameter that holds the label figure a cap needs


@dataclass
class LevelCheck:
    """The product checked against one level's rule in force."""

    jurisdiction: Any
    relation: str
    status: str  # the level's own status word (`unknown` where nothing is in force)
    verdict: str
    findings: list[Finding]
    version: Any = None
    requirements: list[dict[str, Any]] = field(default_factory=list)

    @property
    def citation(self) -> str | None:
        """The legal citation of the rule checked."""
        return self.version.citation if self.version is not None else None

    def reason(self, f: Finding) -> str:
        """A finding as a reason: the level's name, the finding, the rule's citation."""
        law = f" [{self.citation}]" if self.citation else ""
        return f"{self.jurisdiction.name}: {f.text}{law}"

    @property
    def sources(self) -> list[Any]:
        """The sources of the rule checked."""
        return list(self.version.sources) if self.version is not None else []


@dataclass
class ProductCheck:
    """The whole check: the product, the place, each level's verdict and the overall one."""

    place: Any
    product: str
    substance: str
    as_of: dt.date
    figures: dict[str, float | None]
    buyer_age: int | None
    levels: list[LevelCheck]
    verdict: str
    reasons: list[str]
    caveats: list[Any]
    dataset: Any
    license: str | None = None

    @property
    def head(self) -> str:
        """The verdict as a clause, in the answer's language: "This product (leaf) fails in Texas"."""
        return gettext(HEADS[self.verdict], product=self.product, place=where(self.place))

    @property
    def words(self) -> str:
        """The answer in one sentence, in the answer's language (the reasons stay the dataset's English)."""
        head = self.head
        if not self.reasons:
            return head + "."
        more = len(self.reasons) - 1
        text = f"{head}. {self.reasons[0]}"
        return text + " " + ngettext("(and %(num)d more reason)", "(and %(num)d more reasons)", more) if more else text


def worst(verdicts: list[str]) -> str:
    """The worst verdict of a list (fails, unknown, passes); `passes` for none."""
    return min(verdicts, key=_RANK.__getitem__, default="passes")


def _cap(t: dict[str, Any], figures: dict[str, float | None], banned: bool) -> Finding:
    """A recorded cap compared with the label's figure for it, if the check takes one and it was given."""
    words = threshold_words(t)
    rule = (words[0].upper() + words[1:]) if not banned else f"Sale is prohibited above a cap: {words}"
    note = f" ({t['note'].rstrip('. ')})" if t.get("note") else ""
    base = {"analyte": t["analyte"], "unit": t["unit"], "limit": t["max"]}
    name = FIGURE_OF.get((t["analyte"], t["unit"]))
    if name is None:
        unit = THRESHOLD_UNIT_WORDS.get(t["unit"], t["unit"]).strip()
        text = f"{rule}{note}. The check takes no figure in {unit}, so it cannot compare the product."
        return Finding("cap", "unknown", text, **base)
    given = figures.get(name)
    if given is None:
        text = f"{rule}{note}. Not compared: {LABEL_FIGURES[name][2]} (`{name}`) was not given."
        return Finding("cap", "unknown", text, figure=name, **base)
    verdict = "fails" if given > t["max"] else "passes"
    text = f"{rule}{note}. The label gives {given:g}: {'over' if verdict == 'fails' else 'within'} the cap."
    return Finding("cap", verdict, text, given=given, figure=name, **base)


def _unknown_level(lvl: Level, caveats: list[Any]) -> list[Finding]:
    messages = [c.message for c in caveats if c.level == lvl.jurisdiction.code]
    text = " ".join(messages) or "Nothing established at this level."
    return [Finding("research", "unknown", text)]


def _findings(lvl: Level, preempted: set[str], figures: dict[str, float | None], age: int | None):
    """What one level's rule in force says of the product, and the named conditions it leaves to meet."""
    v = lvl.version
    where = place_phrase(lvl.jurisdiction.name)
    acts = complete_activities(v.status, v.activities)
    sale = {}
    for a in SALE:
        value = acts[a]
        if value in (None, "unknown") and acts["possess"] == "prohibited":
            value = NEEDS_POSSESSION[a]
        sale[a] = value
    open_sale = [a for a in SALE if a not in preempted]
    if not open_sale:
        return [Finding("sale", "passes", f"A level above preempts the rules of {where} on selling it.")], []
    caps = v.thresholds or []
    prohibited = [a for a in open_sale if sale[a] == "prohibited"]
    if prohibited:
        if caps:
            return [_cap(t, figures, banned=True) for t in caps], []
        doing = "selling or buying it" if len(prohibited) == 2 else GERUNDS[prohibited[0]]
        why = " (possessing it is an offence there)" if acts["possess"] == "prohibited" else ""
        return [Finding("sale", "fails", f"{doing[0].upper()}{doing[1:]} is prohibited in {where}{why}.")], []
    out: list[Finding] = []
    if any(sale[a] == "prescription" for a in open_sale):
        out.append(Finding("sale", "fails", f"In {where} it may be supplied only on prescription or under licence."))
    if any(sale[a] in (None, "unknown") for a in open_sale):
        out.append(Finding("sale", "unknown", f"Whether it may be sold in {where} is not established."))
    conditional = any(sale[a] == "conditional" for a in open_sale)
    out += [_cap(t, figures, banned=False) for t in caps]
    if conditional and not caps:
        out.append(
            Finding(
                "cap",
                "unknown",
                f"Selling it in {where} is allowed under conditions, and no potency cap of this rule is recorded.",
            )
        )
    if v.min_age is not None:
        if age is None:
            out.append(Finding("age", "unknown", f"Buyers must be {v.min_age} or older; no buyer age was given."))
        else:
            verdict = "fails" if age < v.min_age else "passes"
            out.append(Finding("age", verdict, f"Buyers must be {v.min_age} or older; the buyer is {age}."))
    requirements = []
    for cond in v.conditions or []:
        if not set(cond.get("activities") or []) & set(open_sale):
            continue
        if cond["kind"] == "product-cap":
            out.append(Finding("condition", "unknown", f"A cap the check cannot compare: {cond['text']}"))
        else:
            requirements.append(cond)
    if not out:
        out.append(Finding("sale", "passes", f"No recorded rule of {where} bars selling or buying it."))
    return out, requirements


def check_product(
    session: Session,
    place: str,
    product: str,
    figures: dict[str, float | None],
    buyer_age: int | None = None,
    substance: str | None = None,
    as_of: dt.date | None = None,
) -> ProductCheck:
    """Check a product against every level of a place's answer on a date (default today)."""
    try:
        j = jur.get_by_code(session, place)
    except NotFoundError as exc:
        # Name the parameter that held the unknown code, not a path's `code`.
        raise NotFoundError(exc.detail, "place", place, exc.suggestions) from None
    as_of = as_of or lookup.today()
    substance = substance or PRODUCT_FORMS[product][0]
    answer = lookup.answers_for(session, [j], as_of, with_sources=True, only=substance)[(j.id, substance)]
    checks = []
    preempted: set[str] = set()
    for lvl in answer.levels:
        if answer.answered_above(lvl):
            continue
        v = lvl.version
        if v is None or v.status in ("disputed", "unknown"):
            findings, requirements = _unknown_level(lvl, answer.caveats), []
        else:
            findings, requirements = _findings(lvl, preempted, figures, buyer_age)
            preempted.update(v.preempts or [])
        verdict = worst([f.verdict for f in findings])
        checks.append(LevelCheck(lvl.jurisdiction, lvl.relation, lvl.status, verdict, findings, v, requirements))
    verdict = worst([c.verdict for c in checks])
    # Why: the findings that make the overall verdict (the failing ones, or what is not established).
    reasons = [c.reason(f) for c in checks for f in c.findings if verdict != "passes" and f.verdict == verdict]
    return ProductCheck(
        j,
        product,
        substance,
        as_of,
        dict(figures),
        buyer_age,
        checks,
        verdict,
        reasons,
        answer.caveats,
        rules.dataset(session),
    )


def check_label(session: Session, args: Mapping[str, Any]) -> ProductCheck:
    """check_product with the arguments as CheckArgs loads them (the API and the page ask alike)."""
    return check_product(
        session,
        args["place"],
        args["product"],
        {name: args.get(name) for name in LABEL_FIGURES},
        args.get("buyer_age"),
        args.get("substance"),
        args.get("as_of"),
    )
