"""The installable app, as plain data: the web app manifest and the service worker's
list of what it keeps for offline use.

Pure: names and URLs in, JSON-ready dicts and lists out. The views (views.py) resolve the
practice by host and the static URLs (hashed in production) and hand them in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from hashlib import sha256
from typing import Any

THEME_COLOUR = "#00786a"  # the jade of the favicon and Pico's theme
BACKGROUND_COLOUR = "#ffffff"
SHORT_NAME_MAX = 12  # what a home screen shows under an icon without cutting it
START_URL = "/home/"  # signed in: the person's home; signed out: the login page
OFFLINE_URL = "/offline/"


@dataclass(frozen=True)
class Icon:
    """One PNG of the app's icon: its static name, its side in pixels and its purpose
    ("any" keeps the rounded corners; "maskable" fills the square for the phone's mask)."""

    name: str
    size: int
    purpose: str


ICONS = (
    Icon("img/app/icon-192.png", 192, "any"),
    Icon("img/app/icon-512.png", 512, "any"),
    Icon("img/app/maskable-192.png", 192, "maskable"),
    Icon("img/app/maskable-512.png", 512, "maskable"),
)

# What the offline page itself needs, besides the page.
OFFLINE_ASSETS = (
    "vendor/pico-2.1.1/pico.jade.min.css",
    "css/easeplan.css",
    "img/favicon.svg",
    "img/app/icon-192.png",
)


def short_name(name: str) -> str:
    """The practice's name as short as a home screen wants it: whole words while they fit
    in 12 characters, else the first word cut to fit. "Riverside Massage & Recovery" gives
    "Riverside"."""
    words = name.split()
    if not words:
        return "easeplan"
    shown = words[0]
    for word in words[1:]:
        if len(f"{shown} {word}") > SHORT_NAME_MAX:
            break
        shown = f"{shown} {word}"
    return shown[:SHORT_NAME_MAX]


def manifest(name: str, icon_urls: Mapping[str, str]) -> dict[str, Any]:
    """The web app manifest of a practice called `name`; `icon_urls` maps each icon's
    static name to its URL."""
    title = name.strip() or "easeplan"
    return {
        "id": "/",
        "name": title,
        "short_name": short_name(title),
        "description": f"Visits, check-ins and progress with {title}.",
        "lang": "en",
        "start_url": START_URL,
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {
                "src": icon_urls[icon.name],
                "sizes": f"{icon.size}x{icon.size}",
                "type": "image/png",
                "purpose": icon.purpose,
            }
            for icon in ICONS
        ],
    }


def precache(static_urls: Iterable[str], static_prefix: str) -> list[str]:
    """What the service worker stores when it installs: the offline page and static files,
    nothing else. Anything outside `static_prefix` is refused here, so no page with a
    person's data can slip into the list."""
    urls = list(static_urls)
    stray = [url for url in urls if not url.startswith(static_prefix)]
    if stray:
        raise ValueError(f"only static files may be kept offline, not {stray}")
    return [OFFLINE_URL, *urls]


def version(urls: Iterable[str], *shown: str) -> str:
    """A name for this set of cached files: it changes whenever a file's hashed URL or what
    the offline page shows (the practice's name and phone) does, so an old cache is
    dropped."""
    digest = sha256("\n".join([*shown, "", *urls]).encode()).hexdigest()
    return f"easeplan-{digest[:12]}"
