"""The language of pages and answers: `?lang=`, then Accept-Language, English by default (vocab.LANGUAGES).

Catalogs are gettext files under regstatus/translations/<lang>/LC_MESSAGES/messages.po (reviewed
data, like seed/), compiled to .mo by `make`. English is the source text and the authoritative one:
a translated page says so and links the English page. A string a catalog lacks is shown in English,
marked `lang="en"` on its own element, never silently: tests/pages/test_translations.py holds every
catalog to the extracted messages and to the reviewed list of strings left English on purpose.

Exports, feeds, probes and the API routes without sentences are data, not prose: they are always English
and do not vary by language (API_WORDS lists the routes that take `lang`).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, has_request_context, request
from flask_babel import Babel, get_translations, refresh
from markupsafe import Markup

from regstatus.errors import InvalidParameter
from regstatus.vocab import DEFAULT_LANGUAGE, LANGUAGES

PARAMETER = "lang"
TRANSLATIONS = Path(__file__).parent / "translations"
# Pages in every language, except these paths, whose bytes never depend on it (static files, feeds, probes).
NOT_LOCALISED = re.compile(r"^/(static/|feeds/|healthz$|readyz$)")
# The API routes whose answers carry sentences (`words`, caveats, reasons): the only ones that take `lang`.
# The rest of the API (exports, the spec, sources, advisories, meta) is data, always English.
API_WORDS = re.compile(r"^/api/v1/(jurisdictions(/[^/]+(/history)?)?|travel)$")

babel = Babel()


class UnknownLanguage(InvalidParameter):
    """`lang` names a language this service has no catalog for."""

    title = "Unknown language"
    slug = "unknown-language"

    def __init__(self, value: str):
        super().__init__(
            f"lang must be one of {', '.join(LANGUAGES)}; {value!r} is not a language this service is translated into.",
            PARAMETER,
            value,
        )


def language_applies(path: str) -> bool:
    """Whether the answer at this path is served in the request's language (else always English)."""
    if path.startswith("/api/"):
        return bool(API_WORDS.match(path))
    return not NOT_LOCALISED.match(path)


def asked_language() -> str:
    """The language this request gets: a valid `?lang=`, else the best of Accept-Language, else English."""
    asked = request.args.get(PARAMETER)
    if asked in LANGUAGES:
        return asked
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE


def current_language() -> str:
    """Flask-Babel's locale selector: English outside a request and on paths that are not localised."""
    if not has_request_context() or not language_applies(request.path):
        return DEFAULT_LANGUAGE
    return asked_language()


def varies_by_accept_language() -> bool:
    """Whether this answer depends on Accept-Language (an explicit `?lang=` decides it alone)."""
    return language_applies(request.path) and PARAMETER not in request.args


def _refuse_unknown_language() -> None:
    asked = request.args.get(PARAMETER)
    if asked is not None and asked not in LANGUAGES and language_applies(request.path):
        raise UnknownLanguage(asked)


def _untranslated(key) -> bool:
    """Whether the current catalog lacks this message (English asks for nothing)."""
    if current_language() == DEFAULT_LANGUAGE:
        return False
    return not getattr(get_translations(), "_catalog", {}).get(key)


def _english(text: str) -> Markup:
    """English shown in a translated page, marked as such for readers and screen readers."""
    return Markup('<span lang="en" data-untranslated>') + Markup(text) + Markup("</span>")


def page_gettext(string: str) -> str:
    """Templates' `_()`: the translation, or the English marked `lang="en"` where the catalog lacks it."""
    if _untranslated(string):
        return _english(string)
    return get_translations().ugettext(string)


def page_ngettext(singular: str, plural: str, n: int) -> str:
    """Templates' `ngettext()`, marked like page_gettext."""
    if _untranslated((singular, 0)):
        return _english(singular if n == 1 else plural)
    return get_translations().ungettext(singular, plural, n)


def url_in(lang: str | None) -> str:
    """This page's address in another language (None: without `lang`, negotiated by the browser)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != PARAMETER]
    if lang is not None:
        args.append((PARAMETER, lang))
    return request.path + ("?" + urlencode(args) if args else "")


def _keep_language(endpoint: str, values: dict) -> None:
    """Links between pages keep a language chosen with `?lang=` (the browser's choice needs no help)."""
    asked = request.args.get(PARAMETER) if has_request_context() else None
    if asked in LANGUAGES and endpoint.startswith("pages.") and endpoint != "pages.static":
        values.setdefault(PARAMETER, asked)


def _template_values() -> dict:
    lang = current_language()
    return {
        "page_lang": lang,
        "languages": LANGUAGES,
        "url_in": url_in,
        "translated": lang != DEFAULT_LANGUAGE,
        # On a translated page, data kept in English (summaries, notes, titles) says so: `<p{{ en }}>`.
        "en": Markup(' lang="en"') if lang != DEFAULT_LANGUAGE else "",
    }


LANG_PARAMETER = {
    "in": "query",
    "name": PARAMETER,
    "required": False,
    "description": "Language of the answer's sentences (`words`, caveats, reasons) and of the pages: one of "
    + ", ".join(f"`{code}` ({name})" for code, name in LANGUAGES.items())
    + ". Without it, the best match of `Accept-Language`; English by default. The English text is "
    "authoritative; the translations are the project's own. Another value answers 400.",
    "schema": {"type": "string", "enum": list(LANGUAGES)},
}


def document(spec: dict) -> None:
    """Declare `lang` on every localised GET of the OpenAPI document (the input guard reads it there)."""
    for path, operations in spec.get("paths", {}).items():
        op = operations.get("get")
        if op is None or not language_applies(path):
            continue
        params = op.setdefault("parameters", [])
        if all(p.get("name") != PARAMETER for p in params):
            params.append(dict(LANG_PARAMETER))


def init_app(app: Flask) -> None:
    """Wire Flask-Babel, the `lang` check, the marked template gettext and the OpenAPI parameter.

    Call after the API (its document gains `lang`) and before http_cache (whose tag names the language).
    """
    babel.init_app(app, locale_selector=current_language)
    app.jinja_env.install_gettext_callables(page_gettext, page_ngettext, newstyle=True)
    # First of all hooks: the locale is chosen per request, even when several share one app context.
    app.before_request_funcs.setdefault(None, []).insert(0, refresh)
    app.before_request(_refuse_unknown_language)
    app.context_processor(_template_values)
    app.url_defaults(_keep_language)
    api = app.extensions.get("flask-smorest", {}).get("apis", {}).get("", {}).get("ext_obj")
    if api is not None:
        document(api.spec.to_dict())


def compile_catalogs(root: Path = TRANSLATIONS) -> list[Path]:
    """Compile every catalog whose .mo is missing or older than its .po (what `make translations` does).

    For runs that do not go through make (a bare pytest on a fresh clone). Returns the files written.
    """
    written = []
    for po in sorted(root.glob("*/LC_MESSAGES/messages.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name)
        # Babel compiles an untranslated plural with the English as its text: left out, it shows
        # as missing (marked lang="en") like an untranslated singular.
        for message in list(catalog):
            if message.id and message.pluralizable and not all(message.string):
                catalog.delete(message.id)
        tmp = mo.with_suffix(".mo.tmp")
        with tmp.open("wb") as f:
            write_mo(f, catalog)
        tmp.replace(mo)
        written.append(mo)
    return written
