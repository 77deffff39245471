"""Messages sent through the public contact form."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from easeplan.lib.codes import new_code
from easeplan.practice.models import Practice
from easeplan.practice.querysets import PracticeQuerySet

from .conditions import Condition, on_show


class ContactMessage(models.Model):
    """A visitor's message to a practice, kept for staff in the inbox."""

    class Topic(models.TextChoices):
        QUESTION = "question", _("A question")
        BOOKING = "booking", _("Booking a first assessment")
        OTHER = "other", _("Something else")

    practice = models.ForeignKey(
        "practice.Practice", on_delete=models.CASCADE, related_name="contact_messages"
    )
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    name = models.CharField(max_length=120)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    topic = models.CharField(max_length=20, choices=Topic.choices, default=Topic.QUESTION)
    message = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)
    # While a worker is emailing the practice (easeplan.lib.outbox): no lock is held meanwhile.
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> {self.created_at:%Y-%m-%d}"


INTRO_MAX = 2000


class PublicSite(models.Model):
    """How the practice's owner shapes its public site. A practice without a row shows the
    site as it always was: the standard intro, every condition page, the team, no hours."""

    practice = models.OneToOneField(
        "practice.Practice", on_delete=models.CASCADE, related_name="public_site"
    )
    intro = models.TextField(
        _("introduction"),
        max_length=INTRO_MAX,
        blank=True,
        help_text=_(
            "Shown on the home page under the practice's name, instead of the standard "
            "text. Plain text; a blank line starts a new paragraph."
        ),
    )
    # Slugs of the condition pages the practice does not show (easeplan.site.conditions).
    # Kept as what is hidden, so a condition page added later is shown until hidden.
    hidden_conditions = models.JSONField(default=list, blank=True)
    show_team = models.BooleanField(
        _("show the team"), default=True, help_text=_("Therapists' names, photos and bios.")
    )
    show_opening_hours = models.BooleanField(
        _("show opening hours"),
        default=False,
        help_text=_("The hours someone is working, from the therapists' weekly working hours."),
    )
    updated_at = models.DateTimeField(default=timezone.now)
    objects = PracticeQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Public site of {self.practice}"

    @classmethod
    def of(cls, practice: Practice) -> PublicSite:
        """The practice's settings, or the defaults (unsaved) when it never changed them."""
        try:
            return practice.public_site  # loaded with the site's practice (site/apps.py)
        except cls.DoesNotExist:
            return cls(practice=practice)

    @property
    def conditions(self) -> list[Condition]:
        """The condition pages on show, in the site's order."""
        return on_show(self.hidden_conditions)
