"""/feeds: Atom feeds of the change log, for the whole dataset and for one place."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request, url_for

from regstatus.errors import InvalidParameter
from regstatus.extensions import db
from regstatus.services import changes as change_log
from regstatus.services import jurisdictions, rules
from regstatus.services.publish import feeds
from regstatus.vocab import CHANGE_KINDS

bp = Blueprint("feeds", __name__, url_prefix="/feeds")

ATOM = "application/atom+xml"


def _page_of(e) -> str:
    return url_for("pages.jurisdiction", code=e.jurisdiction.code, _external=True)


def _answer(document: bytes) -> Response:
    # Validators and 304s come from regstatus/http_cache.py, as for every GET.
    return Response(document, mimetype=ATOM)


def _kinds() -> list[str]:
    """The kinds `kind=` asks for (comma-separated, or `all`); empty for the default, the legal events."""
    asked = [k.strip() for k in request.args.get("kind", "").split(",") if k.strip()]
    allowed = [*CHANGE_KINDS, change_log.ALL_KINDS]
    for k in asked:
        if k not in allowed:
            raise InvalidParameter(f"Kind must be a comma-separated list of: {', '.join(allowed)}.", "kind", None)
    return asked


@bp.get("/changes.atom")
def changes():
    """The latest legal change events of every place (other kinds on asking, `kind=`), as Atom."""
    ds = rules.dataset(db.session)
    kinds = _kinds()
    document = feeds.atom(
        feed_id="feed:changes" + (f":{','.join(kinds)}" if kinds else ""),
        title="regstatus: kratom law changes" + (f" ({', '.join(kinds)})" if kinds else ""),
        self_url=url_for("feeds.changes", _external=True, **({"kind": ",".join(kinds)} if kinds else {})),
        html_url=url_for("pages.index", _external=True),
        events=feeds.latest(db.session, kind=kinds or None),
        entry_url=_page_of,
        dated=ds.dated,
        license_id=current_app.config["DATA_LICENSE"],
    )
    return _answer(document)


@bp.get("/jurisdictions/<string:code>.atom")
def jurisdiction(code: str):
    """One place's change events (its own), each with the version it concerns, as Atom."""
    place = jurisdictions.get_by_code(db.session, code)
    events, versions = feeds.of_place(db.session, place)
    document = feeds.atom(
        feed_id=f"feed:jurisdiction:{place.code}",
        title=f"regstatus: kratom law changes in {place.name}",
        self_url=url_for("feeds.jurisdiction", code=place.code, _external=True),
        html_url=url_for("pages.jurisdiction", code=place.code, _external=True),
        events=events,
        entry_url=_page_of,
        dated=rules.dataset(db.session).dated,
        versions=versions,
        license_id=current_app.config["DATA_LICENSE"],
    )
    return _answer(document)
