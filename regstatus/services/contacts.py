"""Whom to ask: the contacts recorded for a place's levels, and the line an answer shows beside them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from regstatus.models import Contact
from regstatus.services.language import gettext
from regstatus.vocab import ASK_KINDS, CONTACT_ROLE_ORDER


@dataclass
class Ask:
    """What an answer says about whom to ask: `ask` where the answer is unknown, `confirm` beside any other."""

    kind: str
    contact: Contact

    @property
    def words(self) -> str:
        """The line in plain words, with the authority's address where the source gave one."""
        text = gettext(ASK_KINDS[self.kind], name=self.contact.name)
        return f"{text} ({self.contact.url})" if self.contact.url else text


def for_places(session: Session, jurisdiction_ids: list[int]) -> dict[int, list[Contact]]:
    """The contacts of each place in the order an answer names them: by role, those with an address first, by name."""
    rows = (
        session.scalars(select(Contact).where(Contact.jurisdiction_id.in_(jurisdiction_ids)))
        if jurisdiction_ids
        else []
    )
    out: dict[int, list[Contact]] = {}
    for c in sorted(rows, key=lambda c: (CONTACT_ROLE_ORDER.get(c.role, 99), c.url is None, c.name)):
        out.setdefault(c.jurisdiction_id, []).append(c)
    return out


def chain_contacts(answer: Any, by_place: dict[int, list[Contact]]) -> list[Contact]:
    """The contacts of an answer's levels, the place's own first, then each level above it."""
    return [c for lvl in reversed(answer.levels) for c in by_place.get(lvl.jurisdiction.id, [])]


def ask_for(answer: Any, by_place: dict[int, list[Contact]], crossing: bool = False) -> Ask | None:
    """The line beside an answer, or none.

    A country's answer names its own first contact, or for a territory that answers through another
    state's law, that state's. A state's or a locality's answer names only its own: a national
    authority cannot confirm a state's or a county's law (the API's `contacts` still lists the
    levels above). A stop of a route (`crossing`) is a border crossed, which the country's law and
    customs decide, so there a state or a locality without its own contact names the nearest level's.
    """
    if answer.place.level in ("subdivision", "locality") and not crossing:
        found = by_place.get(answer.place.id, [])
    else:
        found = chain_contacts(answer, by_place)
    if not found:
        return None
    return Ask("ask" if answer.status == "unknown" else "confirm", found[0])
