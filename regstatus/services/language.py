"""The words services put in answers, in the language the caller chose (English outside a request).

Services take the language from Flask-Babel's context like any gettext call; they never read the
request. English text kept in tables (GERUNDS, status labels) is marked with `N_` so extraction finds
it, and translated where it is used with `gettext(TABLE[key])`.
"""

from __future__ import annotations

from babel.lists import format_list
from flask_babel import get_locale, gettext, ngettext

from regstatus.vocab import DEFAULT_LANGUAGE

__all__ = ["N_", "english", "gettext", "join", "language", "ngettext", "place_name"]


def N_(text: str) -> str:
    """Mark English for extraction without translating it here (it is translated where it is shown)."""
    return text


def language() -> str:
    """The language of the answer being built ('en' outside a request)."""
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LANGUAGE


def english() -> bool:
    """Whether the answer is being built in English (the grammar of place names differs)."""
    return language() == DEFAULT_LANGUAGE


def join(items: list[str]) -> str:
    """'a, b and c' in the answer's language (CLDR list patterns; English keeps the dataset's no-comma 'and')."""
    if english() or len(items) < 2:
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
    return format_list(items, locale=language())


def place_name(place) -> str:
    """A place's display name in the answer's language: CLDR's name for a country where it has one."""
    if english():
        return place.name
    from regstatus.services.country_names import local_name

    return local_name(place.code, place.name, language())
