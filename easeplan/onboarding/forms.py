"""The wizard's forms: each turns one page of answers into plain values the wizard keeps.

`answers()` gives what is stored for the step (JSON: strings and numbers, never a password,
only its hash); `initial_from(answers)` turns them back into the form's initial values, so
going back to a page shows what was given.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any, cast

from allauth.mfa.totp.internal.auth import validate_totp_code
from babel import Locale
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.text import capfirst, format_lazy, slugify
from django.utils.translation import gettext, gettext_lazy

from easeplan.accounts.models import Membership, User
from easeplan.lib import phones, places
from easeplan.lib.names import NameField
from easeplan.practice.models import Practice

from . import rules
from .passkey import PasskeyRefused

LONG_TEXT = 500


class PlainCharField(forms.CharField):
    """Text checked for length by the server, saying how long it is (no silent cut)."""

    def __init__(self, *, max_length: int, **kwargs: Any) -> None:
        super().__init__(max_length=max_length, **kwargs)
        self.error_messages["max_length"] = (
            "Please shorten this to %(limit_value)d characters or fewer (it has %(show_value)d)."
        )

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


def country_choices() -> list[tuple[str, str]]:
    """The countries, named and sorted in the reader's language."""
    return _countries_in(translation.get_language() or settings.LANGUAGE_CODE)


@cache
def _countries_in(language: str) -> list[tuple[str, str]]:
    try:
        names = Locale.parse(translation.to_locale(language)).territories
    except (ValueError, LookupError):
        names = Locale("en").territories
    named = [(code, names[code]) for code in phones.REGIONS if code in names]
    return sorted(named, key=lambda pair: strxfrm_key(pair[1]))


def strxfrm_key(name: str) -> str:
    """Sorts "Égypte" with the E's: accents set aside, then the letters."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


@cache
def zone_choices() -> list[tuple[str, Any]]:
    zones = sorted(z for z in places.known_zones() if "/" in z and not z.startswith("Etc/"))
    return [
        ("", gettext_lazy("The country's time zone")),
        *((z, z.replace("_", " ")) for z in zones),
    ]


@cache
def currency_choices() -> list[tuple[str, Any]]:
    return [
        ("", gettext_lazy("The country's currency")),
        *((c, c) for c in sorted(places.known_currencies())),
    ]


@cache
def country_defaults() -> dict[str, dict[str, Any]]:
    """For the practice page's script: each country's zone (when it has one), how many
    zones it has, and its currency, to show what "the country's" will be."""
    found = {}
    for code, _name in country_choices():
        zones = places.time_zones_for(code)
        found[code] = {
            "zone": zones[0] if len(zones) == 1 else "",
            "zones": len(zones),
            "currency": places.currency_for(code) or "",
        }
    return found


class PracticeStep(forms.Form):
    name = PlainCharField(label=gettext_lazy("Name of the practice"), max_length=120)
    country = forms.ChoiceField(
        choices=country_choices,
        initial="GB",
        error_messages={"invalid_choice": gettext_lazy("Choose the country from the list.")},
    )
    time_zone = forms.ChoiceField(
        choices=zone_choices,
        required=False,
        help_text=gettext_lazy(
            "Appointments are shown in this zone. Left as it is, the country's own."
        ),
        error_messages={
            "invalid_choice": gettext_lazy(
                "“%(value)s” is not a time zone we know. Choose one from the "
                "list, like Europe/London."
            )
        },
    )
    currency = forms.ChoiceField(
        choices=currency_choices,
        required=False,
        help_text=gettext_lazy("Prices are in this currency. Left as it is, the country's own."),
        error_messages={
            "invalid_choice": gettext_lazy(
                "“%(value)s” is not a currency we know. Choose its three-letter "
                "code from the list, like GBP or EUR."
            )
        },
    )
    address = PlainCharField(
        max_length=LONG_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    phone = PlainCharField(
        max_length=phones.LONGEST_INPUT, required=False, widget=phones.TelInput()
    )
    email = forms.EmailField(
        label=gettext_lazy("Email of the practice"),
        help_text=gettext_lazy("Contact messages are sent here."),
    )
    cancellation_notice_hours = forms.IntegerField(
        label=gettext_lazy("Cancellation notice (hours)"),
        initial=24,
        help_text=format_lazy(
            gettext_lazy(
                "Cancelling or moving with less notice is marked late. At most 14 days "
                "({hours} hours)."
            ),
            hours=rules.MAX_NOTICE_HOURS,
        ),
        error_messages={
            "invalid": gettext_lazy("Give the notice as a whole number of hours, like 24.")
        },
    )

    def __init__(self, *args: Any, hosted: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hosted = hosted
        if hosted:  # one practice among many: it chooses the address of its public site
            domain = settings.EASEPLAN_PRACTICE_DOMAIN
            self.fields["slug"] = forms.CharField(
                label=gettext("Address of your public site"),
                required=False,
                help_text=gettext(
                    "Your public pages, where clients book, are at <this>.%(domain)s. "
                    "%(min)s to %(max)s lowercase letters, digits and hyphens; left empty, "
                    "made from the name."
                )
                % {
                    "domain": domain,
                    "min": rules.MIN_SLUG_LENGTH,
                    "max": rules.MAX_SLUG_LENGTH,
                },
                widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
            )
            self.order_fields(["name", "slug"])

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data.get("slug", "").strip().lower()
        if not slug:
            slug = rules.suggested_slug(self.cleaned_data.get("name") or "")
            if not slug:
                raise ValidationError(
                    gettext("Give the address of your public site, like riverside.")
                )
        problem = rules.slug_problem(slug, gettext)
        if problem:
            raise ValidationError(problem)
        if Practice.objects.filter(slug=slug).exists():
            raise ValidationError(
                gettext(
                    "“%(slug)s” is taken: another practice has this address. Choose another, "
                    "like %(example)s-city."
                )
                % {"slug": slug, "example": slug[: rules.MAX_SLUG_LENGTH - 5]}
            )
        return slug

    def clean_cancellation_notice_hours(self) -> int:
        hours: int = self.cleaned_data["cancellation_notice_hours"]
        problem = rules.notice_problem(hours, gettext)
        if problem:
            raise ValidationError(problem)
        return hours

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        country = data.get("country")
        if not country:
            return data
        if not data.get("time_zone"):
            zones = places.time_zones_for(country)
            if len(zones) == 1:
                data["time_zone"] = zones[0]
            else:
                if zones:
                    problem = gettext(
                        "This country has several time zones (most people there keep "
                        "%(zone)s): choose yours."
                    ) % {"zone": zones[0]}
                else:
                    problem = gettext("This country has several time zones: choose yours.")
                self.add_error("time_zone", problem)
        if not data.get("currency"):
            currency = places.currency_for(country)
            if currency is None:
                self.add_error("currency", gettext("Choose the currency your prices are in."))
            data["currency"] = currency or ""
        if data.get("phone"):
            try:
                data["phone"] = phones.to_e164(data["phone"], country)
            except phones.InvalidPhone as invalid:
                self.add_error("phone", invalid.message)
        return data

    def answers(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if not self.hosted:
            data["slug"] = slugify(data["name"])[:50] or "practice"
        return data

    @staticmethod
    def initial_from(answers: dict[str, Any]) -> dict[str, Any]:
        return answers


class OwnerStep(forms.Form):
    full_name = NameField(label=gettext_lazy("Your name"), max_length=120)
    email = forms.EmailField(
        label=gettext_lazy("Your email"), help_text=gettext_lazy("You sign in with it.")
    )
    password1 = forms.CharField(
        label=gettext_lazy("Password"), strip=False, widget=forms.PasswordInput(render_value=False)
    )
    password2 = forms.CharField(
        label=gettext_lazy("Password again"),
        strip=False,
        widget=forms.PasswordInput(render_value=False),
    )

    def __init__(
        self, *args: Any, kept_password: str = "", verified_email: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kept_password = kept_password
        if verified_email:  # a hosted sign-up proved this address: it is the owner's
            self.fields["email"].disabled = True
            self.fields["email"].help_text = gettext(
                "The address you confirmed: you sign in with it."
            )
            self.initial["email"] = verified_email
        if kept_password:  # coming back to this page: the chosen password stays unless changed
            for name in ("password1", "password2"):
                self.fields[name].required = False
            self.fields["password1"].help_text = gettext(
                "Leave empty to keep the password you chose."
            )

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                gettext("An account with this email exists already: use another one.")
            )
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1") or "", data.get("password2") or ""
        if not first and not second and self.kept_password:
            data["password_hash"] = self.kept_password
            return data
        if first != second:
            self.add_error(
                "password2", gettext("The two passwords differ: type the same one twice.")
            )
            return data
        person = User(email=data.get("email", ""), full_name=data.get("full_name", ""))
        try:
            validate_password(first, user=person)
        except ValidationError as weak:
            self.add_error("password1", weak)
            return data
        data["password_hash"] = make_password(first)
        return data

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {k: data[k] for k in ("full_name", "email", "password_hash")}

    @staticmethod
    def initial_from(answers: dict[str, Any]) -> dict[str, Any]:
        return {k: answers.get(k, "") for k in ("full_name", "email")}


class AuthenticatorStep(forms.Form):
    """The owner's second factor, one of two ways: a passkey made on this page (the
    browser fills `credential`, checked by `verify_passkey`), or a code from an
    authenticator app that shows the app is set up."""

    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    credential = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20000)

    def __init__(
        self,
        *args: Any,
        secret: str,
        verify_passkey: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.secret = secret
        self.verify_passkey = verify_passkey
        self.passkey: dict[str, Any] | None = None

    def clean_credential(self) -> str:
        text: str = self.cleaned_data["credential"].strip()
        if not text:
            return ""
        try:
            found = json.loads(text)
            if not isinstance(found, dict) or self.verify_passkey is None:
                raise ValueError
            self.passkey = self.verify_passkey(found)
        except (ValueError, PasskeyRefused):
            # A hidden field: the message goes above the form, where it is read.
            self.add_error(
                None,
                gettext(
                    "The passkey could not be set up. Try again, or use an authenticator app below."
                ),
            )
        return text

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].replace(" ", "")
        if not code:
            if not self.data.get("credential"):
                raise ValidationError(
                    gettext("Set up a passkey, or type the 6 digits your authenticator app shows.")
                )
            return ""
        if not validate_totp_code(self.secret, code):
            raise ValidationError(
                gettext(
                    "That code doesn't match. Type the 6 digits your app shows now (check that "
                    "your phone's clock is right)."
                )
            )
        return code

    def answers(self) -> dict[str, Any]:
        if self.passkey is not None:
            return {"method": "webauthn", "passkey": self.passkey}
        return {"method": "totp", "totp_secret": self.secret}

    @staticmethod
    def initial_from(answers: dict[str, Any]) -> dict[str, Any]:
        return {}


class ServiceRow(forms.Form):
    include = forms.BooleanField(label=gettext_lazy("Offer this service"), required=False)
    name = PlainCharField(max_length=120, required=False)
    duration_minutes = forms.IntegerField(label=gettext_lazy("Minutes"), required=False)
    buffer_after_minutes = forms.IntegerField(
        label=gettext_lazy("Buffer after (minutes)"), required=False
    )
    price = forms.DecimalField(
        max_digits=8,
        decimal_places=2,
        required=False,
        error_messages={"invalid": gettext_lazy("Give the price as a number, like 60 or 62.50.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("include"):
            return data
        missing = {
            "name": gettext("Give the service a name."),
            "duration_minutes": gettext("Give the length of the visit in minutes."),
            "price": gettext("Give a price (0 for free)."),
        }
        for name, message in missing.items():
            if data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, message)
        if data.get("buffer_after_minutes") is None:
            data["buffer_after_minutes"] = 0
        if self.errors:
            return data
        problems = rules.service_problems(
            data["duration_minutes"], data["buffer_after_minutes"], data["price"], gettext
        )
        for name, message in problems.items():
            self.add_error(name, message)
        return data


class BaseServiceRows(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        names = [
            f.cleaned_data["name"].lower() for f in self.forms if f.cleaned_data.get("include")
        ]
        for form in self.forms:
            data = form.cleaned_data
            if data.get("include") and names.count(data["name"].lower()) > 1:
                form.add_error("name", gettext("Two services have this name: give each its own."))

    def answers(self) -> dict[str, Any]:
        rows = []
        for form in self.forms:
            data = form.cleaned_data
            rows.append(
                {
                    "include": bool(data.get("include")),
                    "name": data.get("name") or "",
                    "duration_minutes": data.get("duration_minutes"),
                    "buffer_after_minutes": data.get("buffer_after_minutes"),
                    "price": str(data["price"]) if data.get("price") is not None else None,
                }
            )
        return {"rows": rows}


ServiceRows = forms.formset_factory(
    ServiceRow, formset=BaseServiceRows, extra=0, max_num=10, absolute_max=10
)


def service_rows_initial(answers: dict[str, Any]) -> list[dict[str, Any]]:
    if answers.get("rows"):
        return [
            {**row, "price": Decimal(row["price"]) if row.get("price") else None}
            for row in answers["rows"]
        ]
    return [
        {
            "include": True,
            "name": t.name,
            "duration_minutes": t.duration_minutes,
            "buffer_after_minutes": t.buffer_after_minutes,
            "price": t.price,
        }
        for t in rules.SERVICE_TEMPLATES
    ]


TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
INTERVAL_LABELS = {
    (0, "starts"): gettext_lazy("%(day)s, first interval: From"),
    (0, "ends"): gettext_lazy("%(day)s, first interval: Until"),
    (1, "starts"): gettext_lazy("%(day)s, second interval: From"),
    (1, "ends"): gettext_lazy("%(day)s, second interval: Until"),
}


def _interval_label(day_name: str, slot: int, end: str) -> str:
    """The label a screen reader gives one time field of the weekly grid."""
    return str(INTERVAL_LABELS[min(slot, 1), end]) % {"day": capfirst(gettext(day_name))}


class HoursStep(forms.Form):
    """The owner's week: for each day, up to two intervals (a break fits between them)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day, day_name in enumerate(rules.DAY_NAMES):
            for slot in range(rules.SLOTS_PER_DAY):
                for end in ("starts", "ends"):
                    self.fields[rules.field_name(day, slot, end)] = forms.TimeField(
                        label=_interval_label(day_name, slot, end),
                        required=False,
                        widget=TIME_WIDGET,
                        error_messages={"invalid": gettext("Give a time like 09:00.")},
                    )

    def rows(self) -> list[dict[str, Any]]:
        """The grid for the template: one row per day, its intervals' fields."""
        return [
            {
                "name": capfirst(gettext(day_name)),
                "key": rules.WEEKDAYS[day],
                "slots": [
                    (
                        self[rules.field_name(day, slot, "starts")],
                        self[rules.field_name(day, slot, "ends")],
                    )
                    for slot in range(rules.SLOTS_PER_DAY)
                ],
            }
            for day, day_name in enumerate(rules.DAY_NAMES)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        spans = []
        for day in range(7):
            for slot in range(rules.SLOTS_PER_DAY):
                start_field = rules.field_name(day, slot, "starts")
                end_field = rules.field_name(day, slot, "ends")
                starts, ends = data.get(start_field), data.get(end_field)
                if start_field in self.errors or end_field in self.errors:
                    continue
                if starts is None and ends is None:
                    continue
                if starts is None or ends is None:
                    empty = start_field if starts is None else end_field
                    self.add_error(empty, gettext("Give both From and Until, or leave both empty."))
                    continue
                spans.append(rules.Span(day, slot, starts, ends))
        for name, message in rules.week_problems(spans, gettext).items():
            self.add_error(name, message)
        self.spans = spans
        return data

    def answers(self) -> dict[str, Any]:
        return {"spans": [_span_answer(s) for s in self.spans]}

    @staticmethod
    def initial_from(answers: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for span in spans_from(answers):
            initial[rules.field_name(span.day, span.slot, "starts")] = span.starts
            initial[rules.field_name(span.day, span.slot, "ends")] = span.ends
        return initial

    def copied_monday(self) -> dict[str, Any]:
        """The answers with Monday copied to Tuesday–Friday, from what was typed (the
        rest of the grid as typed too, where it reads as times)."""
        typed = []
        field = forms.TimeField()
        for day in range(7):
            for slot in range(rules.SLOTS_PER_DAY):
                raw = [
                    self.data.get(self.add_prefix(rules.field_name(day, slot, e)), "")
                    for e in ("starts", "ends")
                ]
                try:
                    starts, ends = (field.clean(value) for value in raw)
                except ValidationError:
                    continue
                if starts is not None and ends is not None:
                    typed.append(rules.Span(day, slot, starts, ends))
        return {"spans": [_span_answer(s) for s in rules.copy_monday(typed)]}


def _span_answer(span: rules.Span) -> list[Any]:
    return [span.day, span.slot, f"{span.starts:%H:%M}", f"{span.ends:%H:%M}"]


def spans_from(answers: dict[str, Any]) -> list[rules.Span]:
    return [
        rules.Span(day, slot, dt.time.fromisoformat(starts), dt.time.fromisoformat(ends))
        for day, slot, starts, ends in answers.get("spans", [])
    ]


ROLE_CHOICES = [
    (Membership.Role.THERAPIST, gettext_lazy("Therapist")),
    (Membership.Role.FRONT_DESK, gettext_lazy("Front desk")),
    (Membership.Role.OWNER, gettext_lazy("Owner")),
]


class InvitationRow(forms.Form):
    full_name = NameField(label=gettext_lazy("Name"), max_length=120, required=False)
    email = forms.EmailField(label=gettext_lazy("Email"), required=False)
    role = forms.ChoiceField(choices=ROLE_CHOICES, initial=Membership.Role.THERAPIST)
    is_therapist = forms.BooleanField(
        label=gettext_lazy("Takes appointments"), required=False, initial=True
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("full_name") and not data.get("email") and "email" not in self.errors:
            self.add_error("email", gettext("Give their email, so the invitation can reach them."))
        if data.get("email") and not data.get("full_name") and "full_name" not in self.errors:
            self.add_error("full_name", gettext("Give their name."))
        return data


class BaseInvitationRows(forms.BaseFormSet):
    def __init__(self, *args: Any, owner_email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner_email = owner_email.lower()

    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[str] = set()
        for form in self.forms:
            email = (form.cleaned_data.get("email") or "").lower()
            if not email:
                continue
            if email == self.owner_email:
                form.add_error(
                    "email", gettext("This is your own address: you are on the team already.")
                )
            elif email in seen:
                form.add_error("email", gettext("This address is in the list twice."))
            seen.add(email)

    def answers(self) -> dict[str, Any]:
        rows = [f.cleaned_data for f in self.forms if f.cleaned_data.get("email")]
        return {
            "rows": [
                {k: row[k] for k in ("full_name", "email", "role", "is_therapist")} for row in rows
            ]
        }


InvitationRows = cast(
    "type[BaseInvitationRows]",
    forms.formset_factory(
        InvitationRow, formset=BaseInvitationRows, extra=3, max_num=3, absolute_max=3
    ),
)
