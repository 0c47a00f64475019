"""People to talk to now, from the helplines file shipped with the project.

The country comes from the visitor's own choice, else from the browser's language (en-GB → GB),
never from the address. The international directory is always shown.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FILE = Path(__file__).with_name("helplines.json")
# A bare language that points to one country's services.
LANGUAGE_COUNTRY = {"de": "DE", "fr": "FR", "nl": "NL"}


@dataclass(frozen=True)
class Service:
    name: str
    phone: str | None = None
    text: str | None = None
    web: str | None = None
    hours: str | None = None


@dataclass(frozen=True)
class Region:
    code: str | None
    name: str
    emergency: str
    services: tuple[Service, ...]


class BadHelplines(ValueError):
    """The data file is malformed: caught by a test, never at a visitor's expense."""


def _region(code: str | None, raw: dict) -> Region:
    services = tuple(Service(**s) for s in raw["services"])
    if not services or any(not (s.phone or s.text or s.web) for s in services):
        raise BadHelplines(f"{code or 'international'}: every service needs a phone, text or web entry")
    return Region(code, raw["name"], raw["emergency"], services)


@cache
def load(path: Path = FILE) -> tuple[Region, dict[str, Region]]:
    """(the international directory, {country code: region}), checked once per process."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        world = _region(None, data["international"])
        countries = {code: _region(code, raw) for code, raw in data["countries"].items()}
    except (KeyError, TypeError, json.JSONDecodeError) as exc:
        raise BadHelplines(f"{path}: {exc!r}") from exc
    return world, countries


def choices() -> list[tuple[str, str]]:
    _, countries = load()
    return sorted(((code, region.name) for code, region in countries.items()), key=lambda c: c[1])


def country_from_languages(accept_language: list[tuple[str, float]]) -> str | None:
    """The first country we know from the browser's languages, best first: en-AU → AU, de → DE."""
    _, countries = load()
    for tag, _quality in accept_language:
        parts = tag.replace("_", "-").split("-")
        if len(parts) > 1:
            # de-AT is Austria: better the chooser than Germany's numbers.
            return parts[-1].upper() if parts[-1].upper() in countries else None
        if parts[0].lower() in LANGUAGE_COUNTRY:
            return LANGUAGE_COUNTRY[parts[0].lower()]
    return None


def for_country(code: str | None) -> tuple[Region | None, Region]:
    """(the country's region or None, the international directory)."""
    world, countries = load()
    return countries.get((code or "").upper()), world
