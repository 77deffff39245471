"""The shape of a client's data export, and its CSV form (pure, no Django).

`KINDS` is the documented, stable structure: the JSON export holds, for the account, an
``account`` object and a list of ``records`` (one per practice the person is a client
of); each record holds one entry per kind below, keyed by `Kind.key`, whose rows carry
exactly `Kind.fields` plus their children (e.g. a plan's ``exercises``). The CSV export
writes one file per kind with a header row; children go to their own file with the
parent's code as a column. Dates and times are ISO 8601 (times in UTC); things are
named by their public codes, never by database ids.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Kind:
    """One kind of row: its JSON key, CSV file, fields, and nested children."""

    key: str
    file: str
    about: str
    fields: tuple[str, ...]
    children: tuple[Kind, ...] = ()
    # Leading CSV columns naming whose row it is ("practice", "client_code") ...
    lead: tuple[str, ...] = ("practice", "client_code")
    # ... and, for a child, the column holding its parent's code.
    parent_column: str = ""


ACCOUNT = Kind(
    "account", "account.csv", "Your sign-in account.", ("email", "name", "joined"), lead=()
)

PRACTICE = Kind(
    "practice",
    "practices.csv",
    "Each practice that holds a record of you.",
    ("name", "email", "phone", "address"),
    lead=(),
)

CLIENT = Kind(
    "client",
    "clients.csv",
    "Your client record at each practice: name and contact details.",
    (
        "code",
        "first_name",
        "last_name",
        "email",
        "phone",
        "date_of_birth",
        "created_at",
        "plan_nudges_off_at",
    ),
    lead=("practice",),
)

REFERRAL = Kind(
    "referrals",
    "referrals.csv",
    "Letters referring you to a doctor, written from an assessment.",
    ("code", "reason", "sent_to", "emailed_at", "created_at"),
    parent_column="assessment_code",
)

STATUS_CHANGE = Kind(
    "status_changes",
    "plan_status_changes.csv",
    "The history of each plan's status, with the reasons.",
    ("from_status", "to_status", "reason", "changed_at"),
    parent_column="plan_code",
)

EXERCISE_LOG = Kind(
    "log",
    "exercise_log.csv",
    "The home exercise sessions you ticked off.",
    ("done_on", "session", "logged_at"),
    parent_column="exercise_code",
)

EXERCISE = Kind(
    "exercises",
    "exercises.csv",
    "Home exercises prescribed in a plan, with their dosage.",
    (
        "code",
        "exercise",
        "hold_seconds",
        "reps",
        "sets",
        "times_per_day",
        "days_per_week",
        "notes",
        "prescribed_at",
        "stopped_at",
    ),
    children=(EXERCISE_LOG,),
    parent_column="plan_code",
)

AMENDMENT = Kind(
    "amendments",
    "note_amendments.csv",
    "Dated corrections to signed session notes.",
    ("author", "text", "created_at"),
    parent_column="note_code",
)

RESPONSE = Kind(
    "responses",
    "checkin_answers.csv",
    "Your answers to each questionnaire in a check-in, with its score.",
    ("instrument", "version", "items", "answers", "score", "answered", "collected_at"),
    parent_column="checkin_code",
)

RECORD_KINDS: tuple[Kind, ...] = (
    Kind(
        "appointments",
        "appointments.csv",
        "Your visits, past and booked.",
        (
            "code",
            "starts_at",
            "ends_at",
            "status",
            "service",
            "therapist",
            "plan",
            "gluteal_consent",
            "late_change",
            "cancelled_at",
            "created_at",
        ),
    ),
    Kind(
        "waitlist",
        "waitlist.csv",
        "Times you asked to be offered if a visit opened up.",
        ("code", "service", "therapist", "days", "created_at", "closed_at"),
    ),
    Kind(
        "intake",
        "intake.csv",
        "Your health questions (intake): submitted answers and any unsent draft.",
        ("version", "answers", "submitted_at", "draft", "draft_saved_at"),
    ),
    Kind(
        "consents",
        "consents.csv",
        "Consents you signed, with the exact text.",
        (
            "code",
            "kind",
            "version",
            "text",
            "choice",
            "typed_name",
            "signed_at",
            "ip",
            "revoked_at",
        ),
    ),
    Kind(
        "self_checks",
        "self_checks.csv",
        "The online self-check you took before booking.",
        ("version", "answers", "outcome", "created_at"),
    ),
    Kind(
        "red_flag_holds",
        "red_flag_holds.csv",
        "Warning signs that paused online booking, and the note of the clinician who cleared them.",
        ("code", "source", "flags", "visit", "raised_at", "cleared_at", "clearing_note"),
    ),
    Kind(
        "assessments",
        "assessments.csv",
        "Your therapist's assessments (clinical tests and findings).",
        (
            "code",
            "assessed_on",
            "therapist",
            "visit",
            "version",
            "results",
            "features",
            "notes",
            "created_at",
        ),
        children=(REFERRAL,),
    ),
    Kind(
        "plans",
        "plans.csv",
        "Your plans of care: visits, goals, dates and status.",
        (
            "code",
            "condition",
            "condition_detail",
            "goals",
            "visits_planned",
            "weeks",
            "frequency_days",
            "starts_on",
            "review_on",
            "therapist",
            "service",
            "assessment",
            "glute_work_every_session",
            "baseline_pain",
            "status",
            "status_reason",
            "status_changed_at",
            "closing_note",
            "summary",
            "created_at",
            "closed_at",
        ),
        children=(STATUS_CHANGE, EXERCISE),
    ),
    Kind(
        "notes",
        "notes.csv",
        "Signed session (SOAP) notes of your visits. Drafts are not yet part of your record.",
        (
            "code",
            "visit",
            "plan_of_care",
            "author",
            "pain_today",
            "subjective",
            "objective",
            "assessment",
            "plan",
            "regions",
            "techniques",
            "pressure",
            "client_response",
            "gluteal_consent",
            "signed_at",
            "signed_by",
        ),
        children=(AMENDMENT,),
    ),
    Kind(
        "nudges",
        "nudges.csv",
        "Reminders we sent when a plan visit was missed or not booked.",
        ("code", "reason", "plan", "visit", "proposed_start", "sent_at"),
    ),
    Kind(
        "checkins",
        "checkins.csv",
        "Check-ins before visits and weekly between visits.",
        ("code", "kind", "plan", "visit", "sent_at", "expires_at", "completed_at", "created_at"),
        children=(RESPONSE,),
    ),
    Kind(
        "messages",
        "messages.csv",
        "Messages the practice sent you.",
        ("code", "subject", "body", "sender", "sent_at", "read_at"),
    ),
    Kind(
        "deletion_requests",
        "deletion_requests.csv",
        "Your requests to delete your account.",
        ("code", "status", "reason", "requested_at", "handled_at"),
    ),
)

TOP_KINDS: tuple[Kind, ...] = (PRACTICE, CLIENT, *RECORD_KINDS)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def all_kinds(kinds: Iterable[Kind] = (ACCOUNT, *TOP_KINDS)) -> list[tuple[Kind, tuple[str, ...]]]:
    """Every kind with its CSV header, children after their parent."""
    found: list[tuple[Kind, tuple[str, ...]]] = []

    def walk(kind: Kind, lead: tuple[str, ...]) -> None:
        found.append((kind, (*lead, *kind.fields)))
        for child in kind.children:
            walk(child, (*lead, child.parent_column))

    for kind in kinds:
        walk(kind, kind.lead)
    return found


BY_KEY: dict[str, Kind] = {kind.key: kind for kind, _ in all_kinds()}


def cell(value: Any) -> str:
    """One CSV cell: empty for nothing, yes/no, JSON for lists and objects; text that a
    spreadsheet would run as a formula starts with an apostrophe instead."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _rows(value: Any) -> list[Mapping[str, Any]]:
    if value is None:
        return []
    return [value] if isinstance(value, Mapping) else list(value)


def tables(export: Mapping[str, Any]) -> dict[str, list[list[str]]]:
    """The export as CSV tables: file name -> rows, the header row first."""
    out = {kind.file: [list(header)] for kind, header in all_kinds()}

    def add(kind: Kind, value: Any, lead: list[str]) -> None:
        for row in _rows(value):
            out[kind.file].append([*lead, *(cell(row.get(f)) for f in kind.fields)])
            for child in kind.children:
                add(child, row.get(child.key), [*lead, cell(row.get("code"))])

    add(ACCOUNT, export.get("account"), [])
    for record in export.get("records", []):
        names = {
            "practice": cell(record["practice"]["name"]),
            "client_code": cell(record["client"]["code"]),
        }
        for kind in TOP_KINDS:
            add(kind, record.get(kind.key), [names[c] for c in kind.lead])
    return out


def readme(exported_at: str) -> str:
    """README.txt of the zip: what each file holds and how to read it."""
    lines = [
        "Your data from easeplan",
        f"Exported at {exported_at} (format version {FORMAT_VERSION}).",
        "",
        "Each file is CSV (UTF-8, comma separated) with a header row. Dates and times are",
        "ISO 8601; times are in UTC. Rows name things by their codes: a plan's code in",
        "plans.csv is the plan_code in exercises.csv. Lists and questionnaire answers are",
        "written as JSON. Text starting with = + - or @ begins with an apostrophe so that",
        "spreadsheets show it instead of running it.",
        "",
    ]
    for kind, header in all_kinds():
        lines += [f"{kind.file}: {kind.about}", f"  columns: {', '.join(header)}", ""]
    return "\n".join(lines)


def zip_bytes(export: Mapping[str, Any]) -> bytes:
    """The export as a zip of one CSV file per kind and a README.txt."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme(str(export.get("exported_at", ""))))
        for name, rows in tables(export).items():
            text = io.StringIO()
            csv.writer(text, lineterminator="\r\n").writerows(rows)
            archive.writestr(name, text.getvalue())
    return buffer.getvalue()
