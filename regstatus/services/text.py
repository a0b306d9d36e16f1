"""Text folding for case- and accent-insensitive search."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Lower-case, strip accents, straighten apostrophes, collapse spaces: 'Côte  d'Ivoire' -> "cote d'ivoire"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped.casefold()).strip()


# Characters a terminal acts on or that reorder what it shows: C0 and C1 controls and DEL (Cc), format
# characters such as the bidi overrides U+202E and U+2066-2069 and zero-width joiners (Cf), line and
# paragraph separators (Zl, Zp), lone surrogates (Cs).
_UNPRINTABLE = {"Cc", "Cf", "Zl", "Zp", "Cs"}


def _escape(ch: str) -> str:
    point = ord(ch)
    if point < 0x100:
        return f"\\x{point:02x}"
    return f"\\u{point:04x}" if point < 0x10000 else f"\\U{point:08x}"


def printable(text: str | None, keep_newlines: bool = False) -> str:
    """Text safe to print on a terminal: every control, format or separator character as a visible escape.

    A backslash is doubled, so an escape shown is never confused with one typed. With `keep_newlines`,
    a line feed stays a line break (carriage returns, which overwrite a line, are escaped all the same).
    """
    out = []
    for ch in text or "":
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\n" and keep_newlines:
            out.append(ch)
        elif unicodedata.category(ch) in _UNPRINTABLE:
            out.append(_escape(ch))
        else:
            out.append(ch)
    return "".join(out)
