"""Templates build links and form fields with Django's own tools, not by hand.

A query string comes from ``{% querystring %}`` (it keeps the page's other parameters and
escapes values), never from ``|add:`` concatenation. A field of a Django form is rendered
by the form (its name, id, label, help and errors stay in step with the Python side).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"

# A URL attribute whose value is assembled with |add:, or an |add: of a query-string piece.
ADD_IN_URL = re.compile(r"""(href|src|action|hx-\w+)="[^"]*\|add:""")
ADD_QUERY_PIECE = re.compile(r"""\|add:["'][^"']*[?&=]""")


def _templates() -> Iterator[tuple[str, int, str]]:
    for path in sorted(TEMPLATES.rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            yield str(path.relative_to(TEMPLATES)), number, line


def test_no_template_builds_a_query_string_with_add() -> None:
    built = [
        f"{name}:{number}"
        for name, number, line in _templates()
        if ADD_IN_URL.search(line) or ADD_QUERY_PIECE.search(line)
    ]
    assert built == []


def test_the_scan_finds_what_it_looks_for() -> None:
    assert ADD_QUERY_PIECE.search('{% with base="?service="|add:service.code|add:"&therapist=" %}')
    assert ADD_IN_URL.search("""<a href="mailto:x?subject={{ 'Re: '|add:subject }}">""")
    assert not ADD_QUERY_PIECE.search('{% with table_id=chart.id|add:"-table" %}')


CONTROL = re.compile(r"<(input|textarea|select)\b([^>]*)>")
NAME = re.compile(r'\bname="([^"]*)"')

# Form controls still written by hand, each for a reason a rendered field can't serve.
HAND_WRITTEN = {
    ("booking/public/waitlist.html", "days"): "days come from the free-time search, no form",
    ("care/notes/partials/_body_map.html", "regions"): "each region sits on the body map",
    ("care/notes/partials/_form.html", "techniques"): "each choice carries its badges",
    ("care/notes/partials/_form.html", "pressure"): "each choice carries its badges",
    ("care/programme/picker.html", "exercise"): "a blocked choice says why, per choice",
    ("care/series/proposal.html", "visit-{{ visit.number }}"): "the proposal's own times",
    ("care/series/shift_offer.html", "to-{{ item.visit.code }}"): "the offer's own times",
    ("outcomes/progress/mine.html", ""): "the chart picker is a script control, not sent",
    ("practice/therapist_form.html", ""): "a read-only link to copy, not sent",
    ("privacy/requests.html", "confirm"): "one confirmation per request row, ids per row",
    ("staff/clients.html", "q"): "the search box of a GET link, no form",
}


def _hand_written_controls() -> set[tuple[str, str]]:
    found = set()
    for path in sorted(TEMPLATES.rglob("*.html")):
        for kind, attributes in CONTROL.findall(path.read_text()):
            if 'type="hidden"' in attributes:
                continue
            name = NAME.search(attributes)
            found.add((str(path.relative_to(TEMPLATES)), name.group(1) if name else ""))
            assert kind != "textarea", f"{path}: render the form's field instead"
    return found


def test_form_fields_are_rendered_by_their_forms() -> None:
    assert _hand_written_controls() - HAND_WRITTEN.keys() == set()


def test_no_template_assembles_a_field_from_its_parts() -> None:
    assembled = [f"{name}:{number}" for name, number, line in _templates() if ".html_name" in line]
    assert assembled == []
