"""Staff forms for running a practice."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from easeplan.accounts.models import Membership
from easeplan.lib import dates, hosts, phones, photos, places
from easeplan.lib.names import NameField

from .models import Practice, Service, Therapist, TimeOff, WorkingHours

TIME_ZONE_CHOICES = [(z, z) for z in sorted(zoneinfo.available_timezones()) if "/" in z]
COUNTRY_CHOICES = [
    (code, f"{code} (+{phones.country_code(code)})") for code in sorted(phones.REGIONS)
]


class PracticeForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=TIME_ZONE_CHOICES,
        help_text=_("Appointments are shown in this zone."),
    )
    country = forms.ChoiceField(
        label=_("Country"),
        choices=COUNTRY_CHOICES,
        help_text=Practice._meta.get_field("country").help_text,
    )
    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=lambda: [(c, c) for c in sorted(places.known_currencies())],
        help_text=Practice._meta.get_field("currency").help_text,
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not a currency we know. Choose its three-letter "
                "code from the list, like GBP or EUR."
            )
        },
    )
    # Its length is checked with the rest of what makes a host name (clean_domain).
    domain = forms.CharField(
        label=_("Your own domain"),
        required=False,
        help_text=_(
            "The host name of your public site, if it has its own, like "
            "www.riverside-massage.org (point its DNS to this service first)."
        ),
    )
    # Read in the country chosen on the same form (clean), so a plain text field here.
    phone = forms.CharField(label=_("Phone"), required=False, widget=phones.TelInput())
    # Left out of a form posted without it, the practice keeps its language.
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=Practice._meta.get_field("language").help_text,
    )

    class Meta:
        model = Practice
        fields = (
            "name",
            "tagline",
            "time_zone",
            "country",
            "currency",
            "language",
            "address",
            "phone",
            "email",
            "cancellation_notice_hours",
            "min_booking_notice_hours",
            "booking_horizon_days",
            "reminder_hours_before",
            "plan_abandoned_after_days",
            "record_retention_years",
            "domain",
        )
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "name": _("Name"),
            "tagline": _("Tagline"),
            "address": _("Address"),
            "email": _("Email"),
            "cancellation_notice_hours": _("Cancellation notice (hours)"),
        }

    def clean_domain(self) -> str:
        """A host name no other practice uses, outside the hosting domain, whose
        addresses are given by short name."""
        domain = hosts.normalise(self.cleaned_data.get("domain") or "")
        if not domain:
            return ""
        problem = hosts.host_problem(domain)
        if problem:
            raise forms.ValidationError(problem)
        longest = Practice._meta.get_field("domain").max_length or 200
        if len(domain) > longest:
            raise forms.ValidationError(
                gettext("Give a host name of at most %(longest)d characters; this has %(count)d.")
                % {"longest": longest, "count": len(domain)}
            )
        hosting = settings.EASEPLAN_PRACTICE_DOMAIN
        if settings.EASEPLAN_PRACTICE_SIGNUP and hosts.is_under(domain, hosting):
            raise forms.ValidationError(
                gettext(
                    "Addresses under %(hosting)s come with the practice's short name: yours is "
                    "%(address)s. Give a domain of your own, or leave this empty."
                )
                % {"hosting": hosting, "address": f"{self.instance.slug}.{hosting}"}
            )
        others = Practice.objects.exclude(pk=self.instance.pk)
        if others.filter(domain__iexact=domain).exists():
            raise forms.ValidationError(
                gettext(
                    "Another practice uses %(domain)s already: each domain shows one "
                    "practice's site."
                )
                % {"domain": domain}
            )
        return domain

    def clean(self) -> dict[str, Any]:
        """The practice's phone is read in the country chosen on the same form."""
        data = super().clean() or {}
        if not data.get("language"):
            data["language"] = self.instance.language
        if data.get("phone") and data.get("country"):
            try:
                data["phone"] = phones.to_e164(data["phone"], data["country"])
            except phones.InvalidPhone as invalid:
                self.add_error("phone", invalid.message)
        return data


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = (
            "name",
            "description",
            "duration_minutes",
            "buffer_after_minutes",
            "price",
            "bookable_online",
            "is_active",
        )
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "name": _("Name"),
            "description": _("Description"),
            "price": _("Price"),
            "bookable_online": _("Bookable online"),
            "is_active": _("Active"),
        }
        error_messages = {
            "duration_minutes": {"required": _("Give the length of the visit in minutes.")},
            "price": {"required": _("Give a price (0 for free).")},
        }

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.practice = practice

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = Service.objects.filter(practice=self.instance.practice, name__iexact=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("You already have a service with this name."))
        return name


BIO_MAX = 2000


class ProfileForm(forms.ModelForm):
    """What a therapist edits of their own profile: the name and bio visitors read, and the
    photo beside them, re-encoded without its metadata (`lib.photos`)."""

    display_name = NameField(
        label=_("Display name"),
        max_length=120,
    )
    bio = forms.CharField(
        label=_("Bio"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Shown on the public site under your name. Plain text; a blank line "
            "starts a new paragraph."
        ),
    )

    class Meta:
        model = Therapist
        fields: tuple[str, ...] = ("display_name", "bio", "photo")
        labels = {"photo": _("Photo")}
        help_texts = {"photo": _("A JPEG, PNG or WebP photo under 2 MB, shown on the public site.")}

    def clean_bio(self) -> str:
        bio = self.cleaned_data["bio"].strip()
        if len(bio) > BIO_MAX:
            raise forms.ValidationError(
                gettext(
                    "Please shorten the bio to %(most)s characters or fewer (it has %(count)s)."
                )
                % {
                    "most": number_format(BIO_MAX, force_grouping=True),
                    "count": number_format(len(bio), force_grouping=True),
                }
            )
        return bio

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if not isinstance(photo, UploadedFile):  # unchanged (the stored file) or cleared
            return photo
        try:
            name, data = photos.reencoded(photo, photo.size or 0)
        except photos.PhotoRefused as refused:
            raise forms.ValidationError(refused.message) from refused
        return ContentFile(data, name=name)


class TherapistForm(ProfileForm):
    class Meta(ProfileForm.Meta):
        fields = ("display_name", "bio", "photo", "is_active")
        labels = {"photo": _("Photo"), "is_active": _("Takes bookings")}


class WorkingHoursForm(forms.ModelForm):
    class Meta:
        model = WorkingHours
        fields = ("weekday", "starts", "ends")
        widgets = {
            "starts": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        labels = {"weekday": _("Day"), "starts": _("From"), "ends": _("Until")}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("The end time must be after the start time."))
        return data


class BaseWorkingHoursFormSet(BaseInlineFormSet):
    """Rejects intervals that overlap on the same day, with the message on the interval
    that starts inside another one."""

    def clean(self) -> None:
        super().clean()
        intervals: dict[int, list[tuple[Any, Any, forms.Form]]] = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if not data or data.get("DELETE") or not data.get("starts") or not data.get("ends"):
                continue
            intervals.setdefault(data["weekday"], []).append((data["starts"], data["ends"], form))
        for weekday, spans in intervals.items():
            spans.sort(key=lambda span: (span[0], span[1]))
            latest_end = spans[0][1]
            for start, end, later in spans[1:]:
                if start < latest_end:
                    day = WorkingHours.Weekday(weekday).label
                    later.add_error(
                        "starts",
                        gettext(
                            "Two intervals on %(day)s overlap (%(start)s starts before "
                            "%(end)s). Merge them or change the times."
                        )
                        % {
                            "day": day,
                            "start": f"{start:%H:%M}",
                            "end": f"{latest_end:%H:%M}",
                        },
                    )
                latest_end = max(latest_end, end)


WorkingHoursFormSet = inlineformset_factory(
    Therapist,
    WorkingHours,
    form=WorkingHoursForm,
    formset=BaseWorkingHoursFormSet,
    extra=2,
    can_delete=True,
)


class TimeOffForm(forms.ModelForm):
    class Meta:
        model = TimeOff
        fields = ("starts_at", "ends_at", "reason")
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
        labels = {"starts_at": _("From"), "ends_at": _("Until"), "reason": _("Reason")}

    def _in_window(self, name: str) -> dt.datetime:
        """Year 9999 never reaches the database, where it would overflow in UTC."""
        moment: dt.datetime = self.cleaned_data[name]
        try:
            return dates.check_moment(moment, now=timezone.localtime(), window=dates.STAFF)
        except dates.DateRefused as refused:
            raise forms.ValidationError(refused.message) from refused

    def clean_starts_at(self) -> dt.datetime:
        return self._in_window("starts_at")

    def clean_ends_at(self) -> dt.datetime:
        return self._in_window("ends_at")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must be after the start."))
        return data


class AddMemberForm(forms.Form):
    # A therapist profile takes this name as its display name (120 characters at most).
    full_name = NameField(label=_("Name"), max_length=120)
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    is_therapist = forms.BooleanField(
        label=_("Takes appointments (create a therapist profile)"), required=False
    )

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.practice = practice

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if Membership.objects.filter(practice=self.practice, user__email__iexact=email).exists():
            raise forms.ValidationError(_("This person is already on your team."))
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
