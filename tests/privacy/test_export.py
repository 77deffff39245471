"""Downloading all my data: JSON and a zip of CSV files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from easeplan.accounts.models import AuditEvent
from easeplan.privacy import tables

from ..conftest import World, signed_in
from ..factories import AppointmentFactory, ClientFactory, PracticeFactory
from .records import full_record


def _json(world: World) -> dict:
    response = signed_in(world.client_user, mfa=False).get(reverse("privacy:export_json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def _zip(world: World) -> zipfile.ZipFile:
    response = signed_in(world.client_user, mfa=False).get(reverse("privacy:export_csv"))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_json_holds_my_account_and_my_record(world: World) -> None:
    mine = full_record(world.client, tag=" (Ada)")
    data = _json(world)
    assert data["account"]["email"] == world.client_user.email
    assert data["account"]["joined"].startswith(str(world.client_user.date_joined.year))
    [record] = data["records"]
    assert record["practice"]["name"] == "Riverside Massage"
    assert record["client"]["last_name"] == "Quillfeather"
    visits = {a["code"]: a for a in record["appointments"]}
    assert set(visits) == {mine.past.code, mine.future.code, mine.draft.appointment.code}
    assert visits[mine.past.code]["gluteal_consent"] == "confirmed"
    assert visits[mine.past.code]["therapist"] == "Dana Whitlockova"
    assert [p["code"] for p in record["plans"]] == [mine.plan.code]
    assert record["plans"][0]["exercises"][0]["log"][0]["session"] == 1
    assert record["intake"]["answers"] == {"occupation": "Desk job (Ada)"}
    assert record["consents"][0]["text"] == "I agree to gluteal work."
    assert record["assessments"][0]["referrals"][0]["reason"] == "Night pain (Ada)"
    assert record["messages"][0]["subject"] == "About your visit (Ada)"
    checkins = {c["code"]: c for c in record["checkins"]}
    assert checkins[mine.done_checkin.code]["responses"][0]["score"] == 4.0
    assert mine.open_checkin.code in checkins


def test_only_signed_notes_are_exported(world: World) -> None:
    mine = full_record(world.client, tag=" (Ada)")
    data = _json(world)
    [note] = data["records"][0]["notes"]
    assert note["code"] == mine.signed.code
    assert note["subjective"] == "Sitting pain (Ada) eased after figure-4 work"
    assert note["amendments"][0]["text"] == "Left side, not right (Ada)"
    assert "Unsigned draft words" not in json.dumps(data)


def test_no_other_clients_data_and_no_database_ids(world: World) -> None:
    full_record(world.client, tag=" (Ada)")
    full_record(world.another_client, tag=" (Bram)")
    full_record(world.other_client, tag=" (Cyd)")
    text = json.dumps(_json(world))
    assert "(Ada)" in text
    for outsider in ("(Bram)", "(Cyd)", "Vossbergen", "Marlowicz", "Hilltop"):
        assert outsider not in text
    assert '"id"' not in text and "_id" not in text
    assert "token" not in text


def test_the_rows_carry_exactly_the_documented_fields(world: World) -> None:
    full_record(world.client)
    record = _json(world)["records"][0]

    def check(kind: tables.Kind, rows: object) -> None:
        rows = [rows] if isinstance(rows, dict) else rows
        assert rows, kind.key
        for row in rows:
            assert set(row) == set(kind.fields) | {c.key for c in kind.children}, kind.key
            for child in kind.children:
                if row[child.key]:
                    check(child, row[child.key])

    for kind in tables.TOP_KINDS:
        if kind.key != "deletion_requests":
            check(kind, record[kind.key])


def test_a_person_with_records_at_two_practices_gets_both(world: World) -> None:
    elsewhere = PracticeFactory(name="Lakeside Bodywork")
    ClientFactory(
        practice=elsewhere,
        user=world.client_user,
        email=world.client_user.email,
        first_name="Ada",
        last_name="Quillfeather",
    )
    full_record(world.client, tag=" (Riverside)")
    data = _json(world)
    assert [r["practice"]["name"] for r in data["records"]] == [
        "Lakeside Bodywork",
        "Riverside Massage",
    ]
    assert data["records"][0]["appointments"] == []
    assert data["records"][1]["appointments"]


def test_the_zip_has_a_readme_and_one_csv_per_kind_with_headers(world: World) -> None:
    mine = full_record(world.client, tag=" (Ada)")
    archive = _zip(world)
    names = set(archive.namelist())
    for expected in ("README.txt", "appointments.csv", "plans.csv", "notes.csv", "checkins.csv"):
        assert expected in names
    assert "notes.csv: Signed session (SOAP) notes" in archive.read("README.txt").decode()
    plans = list(csv.reader(io.StringIO(archive.read("plans.csv").decode())))
    assert plans[0][:3] == ["practice", "client_code", "code"]
    assert plans[1][:3] == ["Riverside Massage", world.client.code, mine.plan.code]
    notes = archive.read("notes.csv").decode()
    assert "Sitting pain (Ada)" in notes and "Unsigned draft words" not in notes
    log = list(csv.reader(io.StringIO(archive.read("exercise_log.csv").decode())))
    assert log[0][:3] == ["practice", "client_code", "plan_code"]
    messages = list(csv.reader(io.StringIO(archive.read("messages.csv").decode())))
    assert messages[1][messages[0].index("subject")] == "About your visit (Ada)"


def test_a_person_without_records_gets_empty_files_with_headers(world: World) -> None:
    response = signed_in(world.front_desk, mfa=False).get(reverse("privacy:export_csv"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    rows = list(csv.reader(io.StringIO(archive.read("appointments.csv").decode())))
    assert rows == [["practice", "client_code", *tables.BY_KEY["appointments"].fields]]


def test_downloads_are_attachments_named_with_the_date(world: World) -> None:
    browser = signed_in(world.client_user, mfa=False)
    for name, ext in (("privacy:export_json", "json"), ("privacy:export_csv", "zip")):
        response = browser.get(reverse(name))
        assert response["Content-Disposition"].startswith('attachment; filename="easeplan-data-')
        assert response["Content-Disposition"].endswith(f'.{ext}"')
        assert "no-store" in response["Cache-Control"]


def test_exporting_is_audited(world: World) -> None:
    _json(world)
    _zip(world)
    events = AuditEvent.objects.filter(action="privacy.data.exported", actor=world.client_user)
    assert sorted(e.data["format"] for e in events) == ["json", "zip"]


def test_signed_out_visitors_are_sent_to_log_in(client, world: World) -> None:  # type: ignore[no-untyped-def]
    for name in ("privacy:export_json", "privacy:export_csv"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_the_export_makes_the_same_queries_for_many_records_as_for_one(
    world: World, django_assert_max_num_queries
) -> None:
    browser = signed_in(world.client_user, mfa=False)
    url = reverse("privacy:export_json")
    full_record(world.client)
    browser.get(url)  # warm up the session
    with CaptureQueriesContext(connection) as one:
        assert browser.get(url).status_code == 200
    for n in range(3):
        other = ClientFactory(
            practice=PracticeFactory(),
            user=world.client_user,
            email=world.client_user.email,
            last_name=f"Elsewhere{n}",
        )
        full_record(other)
        AppointmentFactory(  # more rows in the first record too
            practice=world.practice,
            therapist=world.therapist,
            client=world.client,
            starts_at=timezone.now() + dt.timedelta(days=30 + n),
        )
    with django_assert_max_num_queries(len(one)):
        response = browser.get(url)
    assert len(json.loads(response.content)["records"]) == 4
