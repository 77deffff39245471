"""The manifest's pure parts: short names, the offline list, the cache's version."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from easeplan.site.webapp.manifest import (
    ICONS,
    OFFLINE_URL,
    SHORT_NAME_MAX,
    manifest,
    precache,
    short_name,
    version,
)


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Riverside Massage & Recovery", "Riverside"),
        ("Bo Yoga Studio", "Bo Yoga"),
        ("Hilltop", "Hilltop"),
        ("Physiotherapiezentrum Nord", "Physiotherap"),
        ("", "easeplan"),
    ],
)
def test_a_short_name_keeps_whole_words_that_fit(name: str, short: str) -> None:
    assert short_name(name) == short


@given(st.text())
def test_any_name_gives_a_short_name_that_fits_a_home_screen(name: str) -> None:
    short = short_name(name)
    assert 0 < len(short) <= SHORT_NAME_MAX
    assert short == "easeplan" or short in " ".join(name.split())


def test_the_manifest_lists_every_icon_once() -> None:
    urls = {icon.name: f"/static/{icon.name}" for icon in ICONS}
    listed = manifest("Hilltop Clinic", urls)["icons"]
    assert [icon["src"] for icon in listed] == list(urls.values())


@given(st.lists(st.text()))
def test_the_offline_list_refuses_anything_but_static_files(urls: list[str]) -> None:
    if all(url.startswith("/static/") for url in urls):
        assert precache(urls, "/static/") == [OFFLINE_URL, *urls]
    else:
        with pytest.raises(ValueError, match="only static files"):
            precache(urls, "/static/")


def test_a_page_can_never_be_put_on_the_list() -> None:
    for page in ("/account/", "/staff/clients/", "/book/confirm/", "/home/", "/"):
        with pytest.raises(ValueError):
            precache(["/static/css/easeplan.css", page], "/static/")


def test_the_version_follows_the_files_and_the_name() -> None:
    files = ["/static/css/easeplan.1a2b.css"]
    assert version(files, "A") == version(files, "A")
    assert version(files, "A") != version(files, "B")
    assert version(files, "A") != version(["/static/css/easeplan.3c4d.css"], "A")
