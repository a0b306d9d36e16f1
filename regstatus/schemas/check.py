"""The product check's contract: a label's figures in, a verdict per level out."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from regstatus.input_guard import TEXT_PATTERN
from regstatus.schemas.api import CaveatOut, DatasetOut, SourceOut
from regstatus.schemas.args import QueryArgs
from regstatus.vocab import (
    CHECK_FINDING_KINDS,
    CHECK_VERDICT_MEANINGS,
    CHECK_VERDICTS,
    CONDITION_KINDS,
    LABEL_FIGURES,
    LEVEL_RELATIONS,
    LEVELS,
    PRODUCT_FORMS,
    PRODUCTS,
    SUBSTANCES,
)

# No label comes near these; past them a figure is a typing error.
MAX_MG = 100_000
MAX_AGE = 130


def _figure(name: str, maximum: float) -> fields.Float:
    words = LABEL_FIGURES[name][2]
    return fields.Float(
        validate=validate.Range(min=0, max=maximum),
        allow_nan=False,
        metadata={"description": f"The label's {words} (0 to {maximum:g}); compared with caps on it"},
    )


class CheckArgs(QueryArgs):
    """The place, the product's form and its label figures, the buyer's age."""

    place = fields.String(
        required=True,
        validate=[validate.Length(min=2, max=64), validate.Regexp(TEXT_PATTERN)],
        metadata={"description": "Code of the place (a country, state or locality code)"},
    )
    product = fields.String(
        required=True,
        validate=validate.OneOf(PRODUCTS),
        metadata={"description": "; ".join(f"`{k}`: {m}" for k, (_s, m) in PRODUCT_FORMS.items())},
    )
    mg_7oh_per_serving = _figure("mg_7oh_per_serving", MAX_MG)
    pct_7oh_of_alkaloids = _figure("pct_7oh_of_alkaloids", 100)
    mg_mitragynine_per_serving = _figure("mg_mitragynine_per_serving", MAX_MG)
    buyer_age = fields.Integer(
        validate=validate.Range(min=0, max=MAX_AGE),
        metadata={"description": "The buyer's age in years; compared with minimum ages"},
    )
    substance = fields.String(
        validate=validate.OneOf(list(SUBSTANCES)),
        metadata={
            "description": "Whose rules to check: default by product ("
            + ", ".join(f"{k}: {s}" for k, (s, _m) in PRODUCT_FORMS.items())
            + ")"
        },
    )
    as_of = fields.Date(metadata={"description": "Legal date (YYYY-MM-DD); default today (UTC)"})


class FindingOut(Schema):
    """One comparison at one level."""

    kind = fields.String(
        metadata={
            "enum": list(CHECK_FINDING_KINDS),
            "description": "; ".join(f"`{k}`: {m}" for k, m in CHECK_FINDING_KINDS.items()),
        }
    )
    verdict = fields.String(metadata={"enum": list(CHECK_VERDICTS)})
    text = fields.String()
    analyte = fields.String(allow_none=True)
    unit = fields.String(allow_none=True)
    limit = fields.Float(allow_none=True, metadata={"description": "The cap, or the minimum age"})
    given = fields.Float(allow_none=True, metadata={"description": "The label's figure compared with it"})
    figure = fields.String(
        allow_none=True,
        metadata={"enum": [*LABEL_FIGURES, None], "description": "The parameter holding the figure the cap needs"},
    )


class RequirementOut(Schema):
    """A named condition of the level's rule the label cannot show (licence, registration, labelling ...)."""

    kind = fields.String(metadata={"enum": list(CONDITION_KINDS)})
    text = fields.String()


class LevelCheckOut(Schema):
    """The product against one level's rule in force."""

    code = fields.String(attribute="jurisdiction.code")
    name = fields.String(attribute="jurisdiction.name")
    level = fields.String(attribute="jurisdiction.level", metadata={"enum": list(LEVELS)})
    relation = fields.String(metadata={"enum": list(LEVEL_RELATIONS)})
    verdict = fields.String(metadata={"enum": list(CHECK_VERDICTS)})
    version_id = fields.String(attribute="version.uid", allow_none=True)
    status = fields.String(metadata={"description": "The level's own status word (`unknown`: nothing in force)"})
    citation = fields.String(allow_none=True)
    sources = fields.List(fields.Nested(SourceOut))
    findings = fields.List(fields.Nested(FindingOut))
    requirements = fields.List(fields.Nested(RequirementOut))


class FiguresOut(Schema):
    """The label figures as given (null where not given)."""

    mg_7oh_per_serving = fields.Float(allow_none=True)
    pct_7oh_of_alkaloids = fields.Float(allow_none=True)
    mg_mitragynine_per_serving = fields.Float(allow_none=True)


class ProductCheckOut(Schema):
    """A product checked against every level of a place's answer."""

    place = fields.String(attribute="place.code")
    name = fields.String(attribute="place.name")
    product = fields.String(metadata={"enum": list(PRODUCTS)})
    substance = fields.String(metadata={"enum": list(SUBSTANCES)})
    as_of = fields.Date()
    figures = fields.Nested(FiguresOut)
    buyer_age = fields.Integer(allow_none=True)
    verdict = fields.String(
        metadata={
            "enum": list(CHECK_VERDICTS),
            "description": "; ".join(f"`{k}`: {m}" for k, m in CHECK_VERDICT_MEANINGS.items()),
        }
    )
    words = fields.String()
    reasons = fields.List(fields.String(), metadata={"description": "The findings behind the verdict, cited"})
    levels = fields.List(fields.Nested(LevelCheckOut), metadata={"description": "Country first"})
    caveats = fields.List(fields.Nested(CaveatOut))
    dataset = fields.Nested(DatasetOut)
    license = fields.String()
