"""Background work of accounts: the email to an account's owner about failed sign-ins."""

from __future__ import annotations

from django_tasks import task

from .emails import failed_sign_ins
from .models import User


@task()
def tell_owner_of_failed_sign_ins(user_id: int, failures: int) -> None:
    """Email the owner that someone keeps failing to sign in to their account. Sent by the
    worker, so a slow or unreachable mail server never holds up or breaks a sign-in."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        failed_sign_ins(user, failures)
