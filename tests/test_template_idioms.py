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
