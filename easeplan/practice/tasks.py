"""Background work of running a practice."""

from __future__ import annotations

from django_tasks import task

from easeplan.accounts.models import Membership

from . import emails


@task()
def tell_new_member(membership_code: str, reset_url: str) -> None:
    """Email someone added to a team; new users get a link to set their password."""
    membership = (
        Membership.objects.select_related("user", "practice").filter(code=membership_code).first()
    )
    if membership is not None:  # removed again before the email went out
        emails.staff_added(membership, reset_url)
