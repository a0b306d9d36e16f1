"""The contract of contacts: whom to ask about a place, and the line an answer shows beside them."""

from __future__ import annotations

from marshmallow import Schema, fields

from regstatus.vocab import ASK_KINDS, CONTACT_ROLES


class ContactSourceOut(Schema):
    """The source that names a contact, and when it was read."""

    id = fields.String(attribute="key", required=True)
    url = fields.String(required=True)
    title = fields.String(required=True)
    publisher = fields.String(required=True)
    published_on = fields.Date(allow_none=True)
    accessed_on = fields.Date(required=True)


class ContactOut(Schema):
    """An authority to ask about a place, as its source names it."""

    jurisdiction = fields.String(attribute="jurisdiction.code", metadata={"description": "The level it answers for"})
    role = fields.String(metadata={"enum": list(CONTACT_ROLES)})
    name = fields.String()
    url = fields.String(allow_none=True, metadata={"description": "Only an address the source gives"})
    source = fields.Nested(ContactSourceOut)


class AskOut(Schema):
    """Whom to ask: `ask` where nobody here has found the law, `confirm` beside every other answer."""

    kind = fields.String(metadata={"enum": list(ASK_KINDS)})
    words = fields.String(metadata={"description": "The line in plain words"})
    contact = fields.Nested(ContactOut)
