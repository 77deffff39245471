"""The one-time setup link and the answers of a practice being set up."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from easeplan.practice.querysets import PracticeQuerySet


def digest(secret: str) -> str:
    """What is stored of a secret: its SHA-256. The secret itself (random, 256 bits) is
    only ever in the link or the browser's session, so a copy of the database opens nothing."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class SetupToken(models.Model):
    """The secret in the setup link that `manage.py setup_link` prints: single use, and
    only for a while (`expires_at`)."""

    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"setup link of {self.created_at:%Y-%m-%d %H:%M}"


class WizardState(models.Model):
    """The answers of one practice being set up, step by step, until it is created.

    Kept in the database rather than in the session: the last step locks this row, so a
    second submit finds the practice already made (one practice, not two), and a hosted
    sign-up can open a state for a verified email without a setup link. The browser holds
    the secret whose digest is `key`; the answers never leave the server.
    """

    key = models.CharField(max_length=64, unique=True)
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    practice = models.OneToOneField(
        "practice.Practice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy("The practice these answers created, once they did."),
    )
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"setup started {self.created_at:%Y-%m-%d %H:%M}"


class SignupRequest(models.Model):
    """An email address asking to start a practice (hosted sign-up), and the link sent to it.

    An outbox row: the link is emailed after the request commits, claimed, sent and marked
    (`claimed_at`, `sent_at`); the link carries the signed `code`, works once (`used_at`)
    and only for a while after `created_at`.
    """

    code = models.CharField(max_length=64, unique=True, default=new_secret)
    email = models.EmailField()
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"sign-up of {self.email} at {self.created_at:%Y-%m-%d %H:%M}"
