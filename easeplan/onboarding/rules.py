"""What a new practice may start with: the limits the setup checks, as plain functions.

No Django here: the wizard's forms and `manage.py create_practice` both call these, so a
practice set up either way passes the same rules.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

MIN_SERVICE_MINUTES = 10
MAX_SERVICE_MINUTES = 4 * 60
MAX_BUFFER_MINUTES = 120
MAX_NOTICE_HOURS = 14 * 24
MAX_PRICE = Decimal("999999.99")  # the price column holds 8 digits, 2 after the point


def gettext_noop(text: str) -> str:
    """Marks a text for translation, like Django's own: `makemessages` collects it, and
    the caller's `translate` (Django's gettext in the wizard) gives it in the reader's
    language."""
    return text


def _same(text: str) -> str:
    return text


Translate = Callable[[str], str]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# English, as Django's own catalogue has them: a reader's language gives them through it.
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SLOTS_PER_DAY = 2  # a morning and an afternoon, so a lunch break fits


@dataclass(frozen=True)
class ServiceTemplate:
    name: str
    duration_minutes: int
    buffer_after_minutes: int
    price: Decimal
    description: str = ""


# What a massage practice for pain usually starts with (the demo practice has the same).
SERVICE_TEMPLATES = (
    ServiceTemplate(
        "Initial assessment", 75, 15, Decimal("75"), "History, assessment and a first treatment."
    ),
    ServiceTemplate("Treatment, 60 minutes", 60, 15, Decimal("60")),
    ServiceTemplate("Treatment, 90 minutes", 90, 15, Decimal("85")),
)


def service_problems(
    duration_minutes: int, buffer_minutes: int, price: Decimal, translate: Translate = _same
) -> dict[str, str]:
    """Field name -> what is wrong with a service's length, buffer or price.

    `translate` (Django's gettext) gives the messages in the reader's language."""
    problems: dict[str, str] = {}
    minutes = {"least": MIN_SERVICE_MINUTES, "most": MAX_SERVICE_MINUTES, "n": duration_minutes}
    if duration_minutes < MIN_SERVICE_MINUTES:
        problems["duration_minutes"] = (
            translate(gettext_noop("A visit needs at least %(least)s minutes; %(n)s is too short."))
            % minutes
        )
    elif duration_minutes > MAX_SERVICE_MINUTES:
        problems["duration_minutes"] = (
            translate(
                gettext_noop(
                    "A visit can last at most 4 hours (%(most)s minutes); %(n)s is too long."
                )
            )
            % minutes
        )
    if buffer_minutes < 0 or buffer_minutes > MAX_BUFFER_MINUTES:
        problems["buffer_after_minutes"] = translate(
            gettext_noop("Keep between 0 and %(most)s minutes free after a visit.")
        ) % {"most": MAX_BUFFER_MINUTES}
    if price < 0:
        problems["price"] = translate(gettext_noop("A price can't be below zero (0 is free)."))
    elif price > MAX_PRICE:
        problems["price"] = translate(gettext_noop("A price can be at most %(most)s.")) % {
            "most": MAX_PRICE
        }
    return problems


def notice_problem(hours: int, translate: Translate = _same) -> str | None:
    """What is wrong with a cancellation notice of `hours`, or None."""
    if hours < 0:
        return translate(
            gettext_noop("The notice can't be negative (0 means clients may cancel any time).")
        )
    if hours > MAX_NOTICE_HOURS:
        return translate(
            gettext_noop(
                "A cancellation notice can be at most 14 days (%(most)s hours); "
                "%(n)s hours is longer."
            )
        ) % {"most": MAX_NOTICE_HOURS, "n": hours}
    return None


@dataclass(frozen=True)
class Span:
    """One interval of the week: `day` 0 (Monday) to 6, `slot` its place in the day's row."""

    day: int
    slot: int
    starts: dt.time
    ends: dt.time


def field_name(day: int, slot: int, end: str) -> str:
    """The grid's field for one end (`starts` or `ends`) of one interval: `mon_0_starts`."""
    return f"{WEEKDAYS[day]}_{slot}_{end}"


def week_problems(spans: Iterable[Span], translate: Translate = _same) -> dict[str, str]:
    """Grid field -> what is wrong: an interval that ends before (or when) it starts, or
    one that overlaps an earlier interval of the same day. An empty dict: a usable week."""
    problems: dict[str, str] = {}
    usable: dict[int, list[Span]] = {}
    for span in spans:
        if span.ends <= span.starts:
            problems[field_name(span.day, span.slot, "ends")] = translate(
                gettext_noop("Until must be after From (%(starts)s).")
            ) % {"starts": f"{span.starts:%H:%M}"}
        else:
            usable.setdefault(span.day, []).append(span)
    for day, day_spans in usable.items():
        day_spans.sort(key=lambda s: (s.starts, s.slot))
        for earlier, later in itertools.pairwise(day_spans):
            if later.starts < earlier.ends:
                problems[field_name(day, later.slot, "starts")] = translate(
                    gettext_noop(
                        "This overlaps %(starts)s–%(ends)s on %(day)s: start at %(ends)s or later."
                    )
                ) % {
                    "starts": f"{earlier.starts:%H:%M}",
                    "ends": f"{earlier.ends:%H:%M}",
                    "day": translate(DAY_NAMES[day]),
                }
    return problems


def copy_monday(spans: Sequence[Span]) -> list[Span]:
    """The week with Tuesday to Friday replaced by Monday's intervals (the weekend kept)."""
    monday = [s for s in spans if s.day == 0]
    kept = [s for s in spans if s.day == 0 or s.day >= 5]
    copies = [Span(day, s.slot, s.starts, s.ends) for day in range(1, 5) for s in monday]
    return sorted([*kept, *copies], key=lambda s: (s.day, s.slot))


class HoursSyntax(ValueError):
    """A written week that can't be read; the message says what to write instead."""


_DAY_RANGE = re.compile(r"^([a-z]{3})(?:-([a-z]{3}))?$")
_TIME_RANGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


def parse_hours(text: str) -> list[Span]:
    """Read a week written as `mon-fri 09:00-17:00; sat 10:00-14:00`.

    Several times for one day are separated by commas (`mon 09:00-13:00,14:00-18:00`).
    Raises HoursSyntax for anything else, or for a week with problems (overlaps, an end
    before its start), saying which.
    """
    spans: list[Span] = []
    slots: dict[int, int] = {}
    for part in filter(None, (p.strip() for p in text.lower().split(";"))):
        days_text, _, times_text = part.partition(" ")
        days = _days(days_text)
        for time_text in filter(None, (t.strip() for t in times_text.split(","))):
            starts, ends = _times(time_text)
            for day in days:
                spans.append(Span(day, slots.get(day, 0), starts, ends))
                slots[day] = slots.get(day, 0) + 1
        if not times_text.strip():
            raise HoursSyntax(f"“{part}” gives days but no times: write e.g. mon 09:00-17:00.")
    problems = week_problems(spans)
    if problems:
        raise HoursSyntax(" ".join(sorted(set(problems.values()))))
    return spans


def _days(text: str) -> list[int]:
    found = _DAY_RANGE.match(text)
    if not found or found.group(1) not in WEEKDAYS or (found.group(2) or "mon") not in WEEKDAYS:
        raise HoursSyntax(f"“{text}” is not a day or days: write mon, tue… or mon-fri.")
    first = WEEKDAYS.index(found.group(1))
    last = WEEKDAYS.index(found.group(2)) if found.group(2) else first
    if last < first:
        raise HoursSyntax(f"“{text}” runs backwards: write the earlier day first.")
    return list(range(first, last + 1))


def _times(text: str) -> tuple[dt.time, dt.time]:
    found = _TIME_RANGE.match(text)
    if not found:
        raise HoursSyntax(f"“{text}” is not a time range: write e.g. 09:00-17:00.")
    h1, m1, h2, m2 = (int(g) for g in found.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        raise HoursSyntax(f"“{text}” is not a time of day: use 00:00 to 23:59.")
    return dt.time(h1, m1), dt.time(h2, m2)


# Names a hosted practice can't take as its address (`<slug>.clinics.example.org`): the
# host's own services, and words a visitor would take for the host rather than a practice.
RESERVED_SLUGS = frozenset(
    {
        "www", "api", "admin", "static", "media", "setup", "start", "mail", "app",
        "account", "accounts", "auth", "billing", "blog", "book", "cdn", "dashboard",
        "dev", "docs", "email", "fhir", "ftp", "health", "help", "imap", "login",
        "mx", "ns", "ns1", "ns2", "pop", "portal", "root", "signup", "smtp", "staff",
        "staging", "status", "support", "test", "webmail", "wpad",
    }
)  # fmt: skip
MIN_SLUG_LENGTH = 3
MAX_SLUG_LENGTH = 40
_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")


def slug_problem(slug: str, translate: Translate = _same) -> str | None:
    """What is wrong with `slug` as a hosted practice's address (one DNS label), or None.

    Whether another practice has it already is asked of the database by the caller.
    """
    if not MIN_SLUG_LENGTH <= len(slug) <= MAX_SLUG_LENGTH:
        return translate(
            gettext_noop("Use %(least)s to %(most)s characters; “%(slug)s” has %(n)s.")
        ) % {
            "least": MIN_SLUG_LENGTH,
            "most": MAX_SLUG_LENGTH,
            "slug": f"{slug[:MAX_SLUG_LENGTH]}{'…' if len(slug) > MAX_SLUG_LENGTH else ''}",
            "n": len(slug),
        }
    if not _SLUG.match(slug):
        return translate(
            gettext_noop(
                "Use lowercase letters (a–z), digits and hyphens only, starting and ending "
                "with a letter or digit, like riverside-massage."
            )
        )
    if slug in RESERVED_SLUGS:
        return translate(
            gettext_noop("“%(slug)s” is reserved for the service itself: choose another name.")
        ) % {"slug": slug}
    return None


def suggested_slug(name: str) -> str:
    """A practice's name as an address it could take: lowercase, hyphens between words,
    cut to the longest allowed (the person may change it)."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    return "-".join(words)[:MAX_SLUG_LENGTH].strip("-")
