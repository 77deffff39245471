"""The practice (tenant), its therapists, services, working hours, time off and clients."""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from easeplan.lib import phones, places
from easeplan.lib.codes import new_code

from .querysets import PracticeQuerySet, TherapistRowQuerySet


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone we know. Use a name like Europe/London."),
            params={"value": value},
        )


def validate_country(value: str) -> None:
    if value not in phones.REGIONS:
        raise ValidationError(
            _("“%(value)s” is not a country code we know. Use two letters, like GB or FR."),
            params={"value": value},
        )


def validate_currency(value: str) -> None:
    if not places.is_currency(value):
        raise ValidationError(
            _(
                "“%(value)s” is not a currency we know. Use its three-letter ISO 4217 code, "
                "like GBP or EUR."
            ),
            params={"value": value},
        )


class Practice(models.Model):
    """A massage practice: the tenant that owns all of its data."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    tagline = models.CharField(max_length=200, blank=True)
    time_zone = models.CharField(
        max_length=64, default="Europe/London", validators=[validate_time_zone]
    )
    country = models.CharField(
        max_length=2,
        default="GB",
        validators=[validate_country],
        help_text=_(
            "Phone numbers written without a country code are read as numbers of this country."
        ),
    )
    currency = models.CharField(
        max_length=3,
        default="GBP",
        validators=[validate_currency],
        help_text=_("Prices and invoices are in this currency (ISO 4217 code, like GBP or EUR)."),
    )
    language = models.CharField(
        max_length=10,
        default="en-gb",
        choices=settings.LANGUAGES,
        help_text=_(
            "Pages and emails are in this language unless a visitor or client picks another."
        ),
    )
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(help_text=_("Contact messages are sent here."))
    cancellation_notice_hours = models.PositiveSmallIntegerField(
        default=24,
        validators=[MaxValueValidator(14 * 24)],
        help_text=_("Cancelling or moving with less notice than this is marked late."),
    )
    min_booking_notice_hours = models.PositiveSmallIntegerField(
        _("minimum notice for online booking (hours)"),
        default=2,
        validators=[MaxValueValidator(14 * 24)],
        help_text=_("Clients can't book online closer to the visit than this."),
    )
    booking_horizon_days = models.PositiveSmallIntegerField(
        _("how far ahead clients can book (days)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    reminder_hours_before = models.PositiveSmallIntegerField(
        _("send reminders (hours before the visit)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(7 * 24)],
    )
    plan_abandoned_after_days = models.PositiveSmallIntegerField(
        _("a plan with no visit for this many days is abandoned"),
        default=42,
        validators=[MinValueValidator(7), MaxValueValidator(365)],
    )
    record_retention_years = models.PositiveSmallIntegerField(
        _("keep clinical records for (years after the last visit)"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_(
            "When a client asks to be deleted, their clinical records are kept this long; "
            "everything else goes at once."
        ),
    )
    domain = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Host name of this practice's public site, if it has its own."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def min_booking_notice(self) -> dt.timedelta:
        return dt.timedelta(hours=self.min_booking_notice_hours)

    @property
    def booking_horizon(self) -> dt.timedelta:
        return dt.timedelta(days=self.booking_horizon_days)


class Therapist(models.Model):
    """A therapist's profile in a practice: whose calendar holds the appointments."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="therapists")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="therapist_profiles",
    )
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    display_name = models.CharField(max_length=120)
    bio = models.TextField(blank=True)
    photo = models.ImageField(upload_to="therapists/", blank=True)
    is_active = models.BooleanField(
        default=True, help_text=_("Inactive therapists take no bookings.")
    )
    # The secret in the private calendar feed URL; a new one revokes the old link.
    feed_token = models.CharField(max_length=64, blank=True, db_index=True)
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ("display_name",)
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["practice", "user"],
                name="one_profile_per_user",
                condition=models.Q(user__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def new_feed_token(self) -> str:
        """Give the feed a new secret address (the old one stops working at once)."""
        self.feed_token = secrets.token_urlsafe(32)
        self.save(update_fields=["feed_token"])
        return self.feed_token


class Service(models.Model):
    """Something a client can book, with its length and the buffer kept free after it."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="services")
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    buffer_after_minutes = models.PositiveSmallIntegerField(
        _("buffer after (minutes)"),
        default=0,
        validators=[MaxValueValidator(120)],
        help_text=_("Time kept free after the visit for notes and turning the room."),
    )
    price = models.DecimalField(max_digits=8, decimal_places=2, validators=[MinValueValidator(0)])
    bookable_online = models.BooleanField(default=True)
    is_active = models.BooleanField(default=True)
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ("duration_minutes", "name")
        constraints: ClassVar = [
            models.UniqueConstraint("practice", Lower("name"), name="service_name_per_practice"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.duration_minutes} min)"

    @property
    def duration(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.duration_minutes)

    @property
    def buffer_after(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.buffer_after_minutes)


class WorkingHours(models.Model):
    """One interval of a therapist's regular week, in the practice's local time."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    therapist = models.ForeignKey(Therapist, on_delete=models.CASCADE, related_name="working_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts = models.TimeField()
    ends = models.TimeField()
    objects = TherapistRowQuerySet.as_manager()

    class Meta:
        ordering = ("weekday", "starts")
        verbose_name_plural = "working hours"
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")),
                name="working_hours_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"


class TimeOff(models.Model):
    """A stretch of time a therapist is away (holiday, course, sick)."""

    therapist = models.ForeignKey(Therapist, on_delete=models.CASCADE, related_name="time_off")
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    reason = models.CharField(max_length=120, blank=True)
    objects = TherapistRowQuerySet.as_manager()

    class Meta:
        ordering = ("starts_at",)
        verbose_name_plural = "time off"
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="time_off_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.therapist}: {self.starts_at:%Y-%m-%d} – {self.ends_at:%Y-%m-%d}"


class Client(models.Model):
    """A person the practice treats. Linked to a user account once they have one."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="clients")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="client_records",
    )
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    # Set when the client asked not to get plan nudges (one click from any nudge email).
    plan_nudges_off_at = models.DateTimeField(null=True, blank=True)
    # Set when the client's deletion request was carried out: contact details and the login
    # are gone; the clinical record is kept until records_kept_until, then purged.
    erased_at = models.DateTimeField(null=True, blank=True)
    records_kept_until = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ("last_name", "first_name")
        constraints: ClassVar = [
            models.UniqueConstraint("practice", Lower("email"), name="client_email_per_practice"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def initials(self) -> str:
        return f"{self.first_name[:1]}{self.last_name[:1]}".upper()
