"""The table page: every place with its status per substance, filter and sort by query, CSV link of the same view."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from regstatus.vocab import STATUSES


def _codes(html: str) -> list[str]:
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r'<th scope="row"><a href="/jurisdictions/([^"]+)">', body)


def test_every_place_is_listed_across_pages(client):
    html = client.get("/table").get_data(as_text=True)
    total = int(re.search(r'class="count" role="status">(\d+) places', html).group(1))
    assert total == client.get("/api/v1/jurisdictions?per_page=1").json["meta"]["total"]
    assert len(_codes(html)) == 100 and 'rel="next"' in html


def test_filter_by_level_parent_and_status(client):
    html = client.get("/table?parent=US-CA&level=locality").get_data(as_text=True)
    assert _codes(html) == ["US-CA-SAN-DIEGO"]
    banned = _codes(client.get("/table?status=banned").get_data(as_text=True))
    assert "US-CA-SAN-DIEGO" in banned and "US-TX" not in banned
    api = client.get("/api/v1/jurisdictions?status=banned&per_page=500").json["data"]
    assert sorted(banned) == sorted(j["code"] for j in api)


def test_sort_by_column_both_ways(client):
    asc = _codes(client.get("/table?parent=US&sort=name").get_data(as_text=True))
    desc = _codes(client.get("/table?parent=US&sort=-name").get_data(as_text=True))
    assert asc == list(reversed(desc)) and asc[0] == "US-AL"
    for order in ("status", "-status"):
        rows = client.get(f"/table?parent=US&sort={order}").get_data(as_text=True).split("<tbody>")[1].split("</tr>")
        kratom = [re.findall(r"status-(\w+)", row)[0] for row in rows if "status-" in row]
        ranks = [STATUSES.index(s) for s in kratom if s != "unknown"]
        assert ranks == sorted(ranks, reverse=order.startswith("-")) and ranks
        assert "unknown" not in kratom or kratom.index("unknown") == len(ranks), "unknown goes last"


def test_sort_links_keep_the_filters(client):
    html = client.get("/table?level=subdivision&status=regulated").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)"[^>]*>In effect since', html).group(1).replace("&amp;", "&")
    query = parse_qs(urlsplit(link).query)
    assert query == {"level": ["subdivision"], "status": ["regulated"], "sort": ["effective"]}


def test_csv_link_repeats_the_view_with_the_export_parameters(client):
    html = client.get("/table?level=subdivision&status=regulated&substance=kratom&as_of=2025-01-01").get_data(
        as_text=True
    )
    link = re.search(r'<a href="(/api/v1/export\.csv[^"]*)">Download', html).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(link).query) == {
        "level": ["subdivision"],
        "status": ["regulated"],
        "substance": ["kratom"],
        "as_of": ["2025-01-01"],
    }


def test_row_shows_effective_date_verification_and_best_tier(client):
    html = client.get("/table?parent=US&level=subdivision").get_data(as_text=True)
    row = html.split('href="/jurisdictions/US-TX"')[1].split("</tr>")[0]
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}|by \d{4}-\d{2}-\d{2}", cells[-3])
    assert "never" in cells[-2] and cells[-1] == "1"


def test_bad_filters_are_named_at_their_field(client):
    response = client.get("/table?status=fine&parent=ATLANTIS")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="status-error"' in html
    html = client.get("/table?parent=ATLANTIS").get_data(as_text=True)
    assert 'id="parent-error"' in html and "No jurisdiction has the code" in html


def test_json_twin(client):
    html = client.get("/table?level=country").get_data(as_text=True)
    twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)">', html).group(1)
    assert client.get(twin.replace("&amp;", "&")).status_code == 200
