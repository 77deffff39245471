"""State changes for running a practice: one transaction each, audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from easeplan.accounts.audit import log_action
from easeplan.accounts.models import Membership, User

from .models import Practice, Therapist


def add_member(
    practice: Practice, *, full_name: str, email: str, role: str, is_therapist: bool, actor: Any
) -> tuple[Membership, bool]:
    """Add a person to the practice's team; returns (membership, whether the user is new).

    A new user gets an unusable password: they set their own from the emailed link.
    """
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if user is None:
            user = User.objects.create_user(email, None, full_name=full_name)
        membership = Membership.objects.create(user=user, practice=practice, role=role)
        if is_therapist:
            Therapist.objects.get_or_create(
                practice=practice, user=user, defaults={"display_name": full_name}
            )
        log_action(actor, "practice.member.added", membership, {"role": role}, practice=practice)
    return membership, created
