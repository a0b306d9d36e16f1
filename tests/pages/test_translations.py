"""The catalogs: every extracted string translated in every shipped language, or reviewed to stay English.

"Missing" is defined here, once: a msgid that extraction finds in the code and templates now (babel.cfg,
the same run as `make i18n`) and that a shipped catalog (regstatus/translations/<lang>/LC_MESSAGES/
messages.po) has with no translation, or as fuzzy, or not at all, unless it is listed in the reviewed
regstatus/translations/english_only.po. The failure names each such msgid per language: add the new
string with `make i18n`, translate it in every catalog (or list it in english_only.po), run again.
Then every page is rendered in every language: it names its language, and shows English only where
that list allows it, marked lang="en".
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from regstatus.vocab import DEFAULT_LANGUAGE, LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "regstatus" / "translations"
SHIPPED = [code for code in LANGUAGES if code != DEFAULT_LANGUAGE]


def _key(msgid) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[str]:
    """The msgids in the code and templates now (what `make i18n` writes to messages.pot)."""
    out = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "N_",
         "--no-location", "--omit-header", "-o", str(out), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with out.open("rb") as f:
        return {_key(m.id) for m in read_po(f) if m.id}


@pytest.fixture(scope="module")
def english_only() -> set[str]:
    with (TRANSLATIONS / "english_only.po").open("rb") as f:
        return {_key(m.id) for m in read_po(f) if m.id}


def catalog(lang: str):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=lang)


def translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return not message.fuzzy and all(s.strip() for s in strings)


def test_every_language_has_a_catalog():
    assert sorted(p.parent.parent.name for p in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")) == sorted(SHIPPED)


def test_the_committed_template_is_current(extracted):
    with (TRANSLATIONS / "messages.pot").open("rb") as f:
        committed = {_key(m.id) for m in read_po(f) if m.id}
    assert committed == extracted, "run `make i18n`: messages.pot differs from the strings in the code"


@pytest.mark.parametrize("lang", SHIPPED)
def test_no_string_is_missing(lang, extracted, english_only):
    cat = catalog(lang)
    have = {_key(m.id): m for m in cat if m.id}
    missing = sorted(k for k in extracted - english_only if k not in have or not translated(have[k]))
    assert not missing, f"{lang}: {len(missing)} msgid(s) with no reviewed translation:\n" + "\n".join(missing)


def test_the_english_list_holds_only_extracted_strings(extracted, english_only):
    assert not english_only - extracted, sorted(english_only - extracted)


@pytest.mark.parametrize("lang", SHIPPED)
def test_catalog_says_english_is_authoritative_and_formats_check(lang):
    text = (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert "project's own translation" in text and "The English text is authoritative" in text
    cat = catalog(lang)
    problems = [(m.id, [str(e) for e in errors]) for m, errors in cat.check()]
    assert not problems, problems  # a placeholder the English does not have, or a bad plural


PAGES = [
    "/",
    "/?substance=7-oh",
    "/jurisdictions/TH",
    "/jurisdictions/US",
    "/jurisdictions/US-TX",
    "/search?q=georgia",
    "/search?q=zzzz",
    "/travel",
    "/travel?from=US-TX&via=SG&to=TH",
    "/travel?from=US-TX&to=NOPE",
    "/table",
    "/changes",
    "/about",
    "/report",
    "/jurisdictions/XX",
    "/check",
    "/check?place=US-TX&product=leaf&pct_7oh_of_alkaloids=1&buyer_age=30",
    "/check?place=NOPE&product=leaf",
    "/locate",
    "/locate?lat=29.76&lon=-95.37",
    "/locate?lat=91&lon=0",
    "/search?q=los+angeles",
    "/travel?from=houston&to=bangkok",
]
UNTRANSLATED = re.compile(r'<span lang="en" data-untranslated>(.*?)</span>', re.S)


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_page_renders_in_every_language(client, lang, english_only):
    with (TRANSLATIONS / "english_only.po").open("rb") as f:
        forms = [f for m in read_po(f) if m.id for f in ((m.id,) if isinstance(m.id, str) else m.id)]
    folded = {re.sub(r"\s+", " ", k) for k in forms}  # a plural shows either form
    for path in PAGES:
        sep = "&" if "?" in path else "?"
        response = client.get(f"{path}{sep}lang={lang}")
        assert response.status_code in (200, 400, 404), (path, response.status_code)
        body = response.get_data(as_text=True)
        assert f'<html lang="{lang}">' in body, path
        assert 'class="translation-note"' in body, path
        for shown in UNTRANSLATED.findall(body):
            text = re.sub(r"\s+", " ", html.unescape(shown))
            assert any(_matches(text, k) for k in folded), f"{lang} {path}: untranslated {text!r}"
        english = client.get(path).get_data(as_text=True)
        leaked = sorted(_sentences(english) & _sentences(body))
        assert not leaked, f'{lang} {path}: English page text not marked lang="en": {leaked}'


EN_ELEMENT = re.compile(r'<(\w+)[^>]*\blang="en"[^>]*>.*?</\1>', re.S)
LITTLE_WORDS = re.compile(
    r"\b(?:the|of|is|in|to|and|for|with|not|no|this|here|be|are|has|by|on|or|from|it|its|which|a)\b"
)
NOT_PROSE = re.compile(r"<(script|style|code|title)\b.*?</\1>|<[^>]+>", re.S)


def _sentences(page: str) -> set[str]:
    """The page's own English: runs of text with two English little words or more (not a place's name),
    outside what is marked lang="en"."""
    body = page.split("<body", 1)[-1]
    for _ in range(3):  # nested lang="en" elements
        body = EN_ELEMENT.sub(" ", body)
    runs = (re.sub(r"\s+", " ", html.unescape(t)).strip() for t in NOT_PROSE.sub("\n", body).split("\n"))
    return {t for t in runs if len(LITTLE_WORDS.findall(t)) >= 2}


def _matches(shown: str, msgid: str) -> bool:
    """Whether a string shown in English is this msgid with its placeholders filled in."""
    pattern = re.escape(msgid)
    pattern = re.sub(r"%\\\(\w+\\\)[sd]", ".*?", pattern).replace("%%", "%")
    return re.fullmatch(pattern, shown, re.S) is not None


def test_an_english_only_string_is_marked_where_it_shows(client):
    body = client.get("/jurisdictions/TH?lang=de").get_data(as_text=True)
    assert '<span lang="en" data-untranslated>History</span>' in body
    assert "data-untranslated" not in client.get("/jurisdictions/TH").get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("de", "Kratom ist in Thailand reguliert"),
        ("fr", "Thaïlande : le Kratom y est réglementé"),
        ("es", "Kratom está regulado en Tailandia"),
        ("ja", "タイではクラトムは規制の下で認められています"),
        ("zh", "卡痛在泰国受监管"),
        ("th", "กระท่อม ถูกกฎหมายภายใต้การควบคุมในไทย"),
        ("vi", "Kratom hợp pháp nhưng có quản lý tại Thái Lan"),
        ("id", "Kratom diatur di Thailand"),
        ("ms", "Ketum dikawal selia di Thailand"),
    ],
)
def test_the_answer_sentence_is_translated(client, lang, expected):
    body = client.get(f"/api/v1/jurisdictions/TH?lang={lang}").get_json()
    text = next(e["words"] for e in body["effective"] if e["substance"] == "kratom")
    assert text.startswith(expected), text
    english = client.get("/api/v1/jurisdictions/TH").get_json()
    assert "Kratom is regulated in Thailand" in str(english)


def test_whom_to_ask_follows_the_language(client):
    th = next(e for e in client.get("/api/v1/jurisdictions/TH?lang=de").get_json()["effective"] if e["ask"])
    assert th["ask"]["words"] == "Bestätigen lassen bei: Test Narcotics Board (https://example.org/th-narcotics)"
    fr = client.get("/api/v1/jurisdictions/FR?lang=fr").get_json()["effective"][0]["ask"]["words"]
    assert fr.startswith("Personne ici n’a encore trouvé le droit de ce lieu : demandez à Test Medicines Agency")  # noqa: RUF001
    page = client.get("/jurisdictions/FR?lang=ja").get_data(as_text=True)
    assert "この場所の法令はまだ見つかっていません。問い合わせ先：Test Medicines Agency" in page  # noqa: RUF001
    english = client.get("/api/v1/jurisdictions/FR").get_json()["effective"][0]["ask"]["words"]
    assert (
        english
        == "Nobody here has found the law for this place: ask Test Medicines Agency (https://example.org/fr-medicines)"
    )


def test_a_city_answer_follows_the_language(client):
    stops = client.get("/api/v1/travel?from=houston&to=bangkok&lang=de").get_json()["stops"]
    assert (
        stops[0]["city"]["words"]
        == "keine städtische Regel festgehalten; es gelten die Regeln von Texas und des Bundes"
    )
    assert stops[1]["city"]["words"].endswith("es gelten die nationalen Regeln von Thailand")
    english = client.get("/api/v1/travel?from=houston&to=bangkok").get_json()["stops"]
    assert english[0]["city"]["words"] == "no city rule recorded; the Texas and federal rules apply"
