"""Babel extraction of the vocabulary words pages show (babel.cfg `[vocab: regstatus/vocab.py]`).

vocab.py defines each vocabulary once, in English; pages translate its words at run time
(`_(vocab.STATUS_MEANINGS[s])`). This extractor puts exactly those words into messages.pot, so a
new status, activity or meaning reaches every catalog with `make i18n`, and the catalog test names it.
"""

from __future__ import annotations

from collections.abc import Iterator


def shown_words() -> list[tuple[str, str]]:
    """(English word or sentence, which vocabulary it is from) for every vocabulary word pages show."""
    from regstatus import vocab

    out: list[tuple[str, str]] = []
    out += [(label, "status label") for label in vocab.STATUS_LABELS.values()]
    out += [(meaning, "status meaning") for meaning in vocab.STATUS_MEANINGS.values()]
    out += [(a.capitalize(), "activity") for a in vocab.ACTIVITIES]
    out += [(value, "activity value") for value in vocab.ACTIVITY_VALUES]
    out += [(meaning, "activity value meaning") for meaning in vocab.ACTIVITY_VALUE_MEANINGS.values()]
    out += [(level.capitalize(), "level") for level in vocab.LEVELS]
    out += [(kind.capitalize(), "locality kind") for kind in vocab.LOCALITY_KINDS]
    out += [(meaning, "match kind meaning") for meaning in vocab.MATCH_KINDS.values()]
    out += [(kind, "match kind") for kind in vocab.MATCH_KINDS]
    out += [(name, "substance name") for name, _description in vocab.SUBSTANCES.values()]
    out += [(description, "substance") for _name, description in vocab.SUBSTANCES.values()]
    out += [(c, "confidence") for c in vocab.CONFIDENCE]
    out += [(line, "whom to ask") for line in vocab.ASK_KINDS.values()]
    out += [(meaning, "product form") for _substance, meaning in vocab.PRODUCT_FORMS.values()]
    return out


def extract_vocab(fileobj, keywords, comment_tags, options) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extraction method: one message per shown vocabulary word (line numbers are not meaningful)."""
    seen = set()
    for text, origin in shown_words():
        if text not in seen:
            seen.add(text)
            yield 1, "gettext", text, [f"vocab.py: {origin}"]
