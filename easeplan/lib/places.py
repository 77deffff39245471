"""What a country implies for a practice: its currency and its time zones.

Taken from the Unicode CLDR data that Babel ships (territory currencies and zones), and
checked against Python's own time zone database, so a zone offered here is one `zoneinfo`
can load. Countries are ISO 3166 codes ("GB"), currencies ISO 4217 codes ("GBP").
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import cache

from babel.core import get_global
from babel.numbers import get_territory_currencies, list_currencies

# Where a country spans several zones, the one most of its people live in (or its
# capital's) comes first; the others stay in the list for practices elsewhere.
MAIN_ZONE = {
    "AR": "America/Argentina/Buenos_Aires",
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "CL": "America/Santiago",
    "CN": "Asia/Shanghai",
    "DE": "Europe/Berlin",
    "EC": "America/Guayaquil",
    "ES": "Europe/Madrid",
    "ID": "Asia/Jakarta",
    "KZ": "Asia/Almaty",
    "MX": "America/Mexico_City",
    "NZ": "Pacific/Auckland",
    "PT": "Europe/Lisbon",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "US": "America/New_York",
}


@cache
def known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@cache
def known_currencies() -> frozenset[str]:
    """ISO 4217 codes of the currencies some country uses as legal tender today."""
    known = set(list_currencies())
    return frozenset(
        code
        for spans in get_global("territory_currencies").values()
        for code, _start, end, tender in spans
        if end is None and tender and code in known
    )


def time_zones_for(country: str) -> list[str]:
    """The zones of `country`, its main one first; empty for a code we don't know."""
    zones = [
        z for z in get_global("territory_zones").get(country.upper(), ()) if z in known_zones()
    ]
    main = MAIN_ZONE.get(country.upper(), "")
    rest = sorted(z for z in zones if z != main)
    return [main, *rest] if main in zones else rest


def main_time_zone(country: str) -> str | None:
    """The zone a practice in `country` most likely keeps, or None when there is no zone."""
    zones = time_zones_for(country)
    return zones[0] if zones else None


def currency_for(country: str, *, on: dt.date | None = None) -> str | None:
    """The currency `country` uses as legal tender (on `on`, default today), or None."""
    found = get_territory_currencies(country.upper(), on or dt.date.today(), tender=True)
    current = [code for code in found if code in known_currencies()]
    return current[0] if current else None


def is_currency(code: str) -> bool:
    return code in known_currencies()


def is_time_zone(name: str) -> bool:
    return name in known_zones()
