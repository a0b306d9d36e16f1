"""What a search answers beside the places: how each was found, and where a local name is used."""

from __future__ import annotations

from marshmallow import Schema, fields

from regstatus.vocab import MATCH_KINDS, SUBSTANCES


class MatchOut(Schema):
    """How a search (`q`) found a place."""

    kind = fields.String(
        metadata={"enum": list(MATCH_KINDS), "description": "; ".join(f"{k}: {v}" for k, v in MATCH_KINDS.items())}
    )
    matched = fields.String(metadata={"description": "The name, alias, code or local name that matched"})
    score = fields.Float(metadata={"description": "Similarity 0-100 (fuzzy: rapidfuzz ratio; prefix: share typed)"})


class LocalNameOut(Schema):
    """The query is a name of the substance: where that name is used."""

    name = fields.String()
    substance = fields.String(metadata={"enum": list(SUBSTANCES)})
    meaning = fields.String(metadata={"description": "e.g. 'the name used in Malaysia'"})
    used_in = fields.List(fields.String(), metadata={"description": "Codes of the places where the name is used"})


class CityOut(Schema):
    """A city a name found in the gazetteer (GeoNames cities of 15,000 people or more), placed in the dataset."""

    name = fields.String(attribute="city.name", metadata={"description": "The city's GeoNames name"})
    label = fields.String(
        metadata={"description": "City, subdivision, country, e.g. 'Los Angeles, California, United States'"}
    )
    geonameid = fields.Integer(attribute="city.geonameid")
    country = fields.String(attribute="city.country", metadata={"description": "ISO 3166-1 alpha-2"})
    subdivision = fields.String(
        allow_none=True,
        metadata={"description": "The dataset's subdivision the city lies in (known for US and GB cities only)"},
    )
    population = fields.Integer(attribute="city.population")
    lat = fields.Float(attribute="city.lat")
    lon = fields.Float(attribute="city.lon")
    code = fields.String(
        metadata={
            "description": "The jurisdiction whose answer applies: the city's own, else the subdivision or country"
        }
    )
    own = fields.Boolean(metadata={"description": "Whether the dataset has the city itself (then `code` is the city)"})
    words = fields.String(
        metadata={
            "description": "Which rules apply, e.g. 'no city rule recorded; the California and federal rules apply'"
        }
    )
    kind = fields.String(
        metadata={"enum": ["exact", "fuzzy"], "description": "exact: a recorded name; fuzzy: a typo of one"}
    )
    matched = fields.String(metadata={"description": "The recorded name that matched"})
    score = fields.Float()


class CitiesOut(Schema):
    """The cities a search named, best first; `ambiguous` when several of that name are about as large."""

    ambiguous = fields.Boolean(
        metadata={"description": "True when no city has three times the people of the next: the caller chooses"}
    )
    cities = fields.List(fields.Nested(CityOut))
