"""State changes for running a practice: one transaction each, audited."""

from __future__ import annotations

from django.db import transaction

from easeplan.accounts.audit import log_action
from easeplan.accounts.links import password_link
from easeplan.accounts.models import Membership, User

from . import tasks
from .models import Practice, Therapist


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

    message = "A practice needs at least one owner. Make someone else owner first."


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
