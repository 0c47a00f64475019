"""People to talk to, and what Small Steps keeps: two pages anyone can read, no account needed."""

from flask import Blueprint, render_template, request

from wall.care.helplines import choices, country_from_languages, for_country, load

bp = Blueprint("care", __name__)


def visitor_country() -> str | None:
    """The visitor's own choice (?country=GB), else their browser's language. Never their address."""
    _, countries = load()
    chosen = (request.args.get("country") or "").strip().upper()
    if chosen in countries:
        return chosen
    return country_from_languages(list(request.accept_languages))


@bp.get("/help")
def helplines():
    code = visitor_country()
    region, world = for_country(code)
    return render_template("care/helplines.html", region=region, world=world, choices=choices(), code=code)


@bp.get("/privacy")
def privacy():
    return render_template("care/privacy.html")
