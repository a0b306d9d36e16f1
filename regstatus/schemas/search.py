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
