"""The export's CSV form: one table per kind, every row as wide as its header."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from easeplan.privacy import tables

pytestmark = pytest.mark.once  # independent of the database

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=20),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def rows_of(kind: tables.Kind, depth: int = 0) -> st.SearchStrategy:
    fields = {f: values for f in kind.fields}
    fields["code"] = st.text(alphabet="abc234", min_size=1, max_size=6)
    children = {c.key: st.lists(rows_of(c, depth + 1), max_size=2) for c in kind.children}
    return st.fixed_dictionaries({**fields, **children})


records = st.fixed_dictionaries(
    {
        "practice": st.fixed_dictionaries({"name": st.text(max_size=10)}),
        "client": st.fixed_dictionaries({"code": st.text(alphabet="xyz", min_size=1)}),
        **{k.key: st.lists(rows_of(k), max_size=2) for k in tables.RECORD_KINDS},
    }
)


@given(st.lists(records, max_size=3))
def test_every_row_is_as_wide_as_its_header(found: list) -> None:
    out = tables.tables({"account": {"email": "a@example.org"}, "records": found})
    for rows in out.values():
        assert all(len(row) == len(rows[0]) for row in rows)
    for kind in tables.RECORD_KINDS:
        assert len(out[kind.file]) - 1 == sum(len(r[kind.key]) for r in found)


def test_children_name_their_parent_by_code() -> None:
    export = {
        "records": [
            {
                "practice": {"name": "Riverside"},
                "client": {"code": "c1"},
                "plans": [{"code": "p1", "exercises": [{"code": "e1", "log": [{"session": 2}]}]}],
            }
        ]
    }
    out = tables.tables(export)
    assert out["exercises.csv"][1][:4] == ["Riverside", "c1", "p1", "e1"]
    assert out["exercise_log.csv"][0][:4] == [
        "practice",
        "client_code",
        "plan_code",
        "exercise_code",
    ]
    assert out["exercise_log.csv"][1][:5] == ["Riverside", "c1", "p1", "e1", ""]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, ""),
        (True, "yes"),
        (False, "no"),
        (["b", "a"], '["b", "a"]'),
        ({"z": 1, "a": 2}, '{"a": 2, "z": 1}'),
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("@SUM(1)", "'@SUM(1)"),
        (-3, "-3"),
        ("Sitting pain", "Sitting pain"),
    ],
)
def test_cells_are_plain_text_that_spreadsheets_do_not_run(value: object, shown: str) -> None:
    assert tables.cell(value) == shown


def test_the_zip_opens_with_a_readme_and_every_file() -> None:
    data = tables.zip_bytes({"exported_at": "2026-03-01T10:00:00+00:00", "records": []})
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    names = set(archive.namelist())
    assert names == {"README.txt"} | {kind.file for kind, _ in tables.all_kinds()}
    readme = archive.read("README.txt").decode()
    assert "2026-03-01T10:00:00+00:00" in readme
    for kind, header in tables.all_kinds():
        assert list(csv.reader(io.StringIO(archive.read(kind.file).decode()))) == [list(header)]
        assert kind.file in readme
