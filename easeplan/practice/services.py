"""State changes for running a practice: one transaction each, audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.forms import BaseInlineFormSet, ModelForm
from django.utils.translation import gettext_lazy

from easeplan.accounts.audit import AuditContext, log_action
from easeplan.accounts.links import password_link
from easeplan.accounts.models import Membership, User

from . import tasks
from .models import Practice, Therapist, TimeOff


def add_member(
    practice: Practice,
    *,
    full_name: str,
    email: str,
    role: str,
    is_therapist: bool,
    actor: User | None,
) -> tuple[Membership, bool]:
    """Add a person to the practice's team; returns (membership, whether the user is new).

    A new user gets an unusable password and an emailed link to set their own; someone
    who already has an account is told they were added.
    """
    with transaction.atomic():
        Practice.objects.select_for_update().filter(pk=practice.pk).first()
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if user is None:
            user = User.objects.create_user(email, None, full_name=full_name)
        membership = Membership.objects.create(user=user, practice=practice, role=role)
        if is_therapist:
            Therapist.objects.get_or_create(
                practice=practice,
                user=user,
                defaults={"display_name": user.full_name or full_name},
            )
        log_action(actor, "practice.member.added", membership, {"role": role}, practice=practice)
        reset_url = password_link(user) if created else ""
        transaction.on_commit(lambda: tasks.tell_new_member.enqueue(membership.code, reset_url))
    return membership, created


class LastOwner(Exception):
    """The change would leave the practice without an owner."""

    message = gettext_lazy("A practice needs at least one owner. Make someone else owner first.")


def _would_leave_no_owner(membership: Membership) -> bool:
    """Call inside a transaction: locks the practice so two owners can't both step down."""
    Practice.objects.select_for_update().filter(pk=membership.practice_id).first()
    membership.refresh_from_db(fields=["role"])
    if membership.role != Membership.Role.OWNER:
        return False
    owners = Membership.objects.filter(
        practice_id=membership.practice_id, role=Membership.Role.OWNER
    )
    return not owners.exclude(pk=membership.pk).exists()


def change_role(membership: Membership, role: str, *, actor: User | None) -> None:
    """Give a team member another role; the last owner keeps theirs."""
    with transaction.atomic():
        if role != Membership.Role.OWNER and _would_leave_no_owner(membership):
            raise LastOwner
        old = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        log_action(
            actor,
            "practice.member.role_changed",
            membership,
            {"from": old, "to": role},
            practice=membership.practice,
        )


def remove_member(membership: Membership, *, actor: User | None) -> None:
    """Take someone off the team. Their therapist profile stops taking bookings but keeps
    its history; the user account stays (they may be a client elsewhere)."""
    with transaction.atomic():
        if _would_leave_no_owner(membership):
            raise LastOwner
        Therapist.objects.filter(practice=membership.practice, user=membership.user).update(
            is_active=False
        )
        log_action(
            actor,
            "practice.member.removed",
            membership,
            {"email": membership.user.email, "role": membership.role},
            practice=membership.practice,
        )
        membership.delete()


def save_therapist(
    therapist: Therapist,
    profile: ModelForm[Therapist] | None,
    hours: BaseInlineFormSet | None,
    *,
    actor: User | None,
    audit: AuditContext,
) -> None:
    """Save a therapist's profile and/or working hours (validated forms) in one transaction.

    A replaced or removed photo is deleted from storage once the change is committed: a
    photo of a person is personal data, kept no longer than it is shown.
    """
    with transaction.atomic():
        stored = Therapist.objects.filter(pk=therapist.pk).values_list("photo", flat=True).first()
        if profile is not None:
            profile.save()
        if hours is not None:
            hours.save()
        log_action(
            actor,
            "practice.therapist.changed",
            therapist,
            {
                "fields": profile.changed_data if profile is not None else [],
                "hours_changed": hours.has_changed() if hours is not None else False,
            },
            audit=audit,
        )
        if stored and stored != therapist.photo.name:
            storage = therapist.photo.storage
            transaction.on_commit(lambda: storage.delete(stored))


def add_time_off(
    therapist: Therapist,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    reason: str,
    actor: User | None,
    audit: AuditContext,
) -> tuple[TimeOff, bool]:
    """Add time off; the same stretch sent twice (a double click) is kept once.
    Returns the entry and whether it is new."""
    with transaction.atomic():
        Therapist.objects.select_for_update().filter(pk=therapist.pk).first()
        same = therapist.time_off.filter(starts_at=starts_at, ends_at=ends_at).first()
        if same is not None:
            return same, False
        entry = TimeOff.objects.create(
            therapist=therapist, starts_at=starts_at, ends_at=ends_at, reason=reason
        )
        log_action(
            actor, "practice.time_off.added", entry, practice=therapist.practice, audit=audit
        )
    return entry, True
