"""Whom to ask, on the place page (one line in each answer card) and at each stop of the route check page."""

from __future__ import annotations

import re


def _html(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def _card(html: str, slug: str) -> str:
    return html.split(f'id="s-{slug}"')[1].split("</section>")[0]


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment)).strip()


def test_unknown_answer_says_whom_to_ask_with_the_link(client):
    card = _card(_html(client, "/jurisdictions/FR"), "kratom")
    line = card.split('<p class="ask ask-ask">')[1].split("</p>")[0]
    assert _text(line).startswith(
        "Nobody here has found the law for this place: ask Test Medicines Agency (example.org)"
    )
    # the link goes to the address the source gives; its text is the address's host
    assert '<a href="https://example.org/fr-medicines">example.org</a>' in line
    assert '<a href="https://example.org/news-b">source</a>, read 2026-01-15' in line


def test_known_answer_says_confirm_with_beside_it(client):
    html = _html(client, "/jurisdictions/TH")
    api = {e["substance"]: e["ask"]["kind"] for e in client.get("/api/v1/jurisdictions/TH").json["effective"]}
    assert api["kratom"] == "confirm"
    for slug, kind in api.items():
        card = _card(html, slug)
        assert card.count('class="ask') == 1
        line = card.split(f'<p class="ask ask-{kind}">')[1].split("</p>")[0]
        lead = "Confirm with" if kind == "confirm" else "Nobody here has found the law for this place: ask"
        assert _text(line).startswith(f"{lead} Test Narcotics Board (example.org)")
        # the line stands right after the answer sentence
        assert card.index('class="answer"') < card.index('class="ask')


def test_contact_without_address_is_named_without_a_link(client):
    card = _card(_html(client, "/jurisdictions/US"), "kratom")
    line = card.split('<p class="ask ask-confirm">')[1].split("</p>")[0]
    assert _text(line).startswith("Confirm with Test Drug Agency (source, read 2026-01-15)")


def test_a_state_page_names_no_national_authority_beside_its_answer(client):
    assert 'class="ask' not in _html(client, "/jurisdictions/US-TX")


def test_no_line_where_no_contact_is_recorded(client):
    assert 'class="ask' not in _html(client, "/jurisdictions/DE")


def test_route_check_page_says_whom_to_ask_at_each_stop(client):
    html = _html(client, "/travel?from=DE&via=TH&to=FR")
    stops = html.split('class="stops"')[1].split("</ol>")[0].split('<li class="stop">')[1:]
    assert 'class="ask' not in stops[0]
    assert "Confirm with Test Narcotics Board" in _text(stops[1])
    assert "Nobody here has found the law for this place: ask Test Medicines Agency" in _text(stops[2])
