"""State changes of the public site: one transaction each, audited."""

from __future__ import annotations

from django.db import transaction

from easeplan.accounts.audit import AuditContext, log_action
from easeplan.accounts.models import User
from easeplan.practice.models import Practice

from .forms import PublicSiteForm
from .models import PublicSite


def save_public_site(
    form: PublicSiteForm, *, actor: User | None, audit: AuditContext
) -> PublicSite:
    """Save the owner's choices for the public site (a validated form). Saving the same
    choices twice (a double click) leaves the same site."""
    with transaction.atomic():
        # Two owners saving a first time at once: the second updates the row the first made.
        Practice.objects.select_for_update().filter(pk=form.instance.practice_id).first()
        if form.instance.pk is None:
            made = PublicSite.objects.for_practice(form.instance.practice).first()
            if made is not None:
                form.instance.pk = made.pk
                form.instance._state.adding = False
        public_site = form.save()
        log_action(
            actor,
            "site.settings.changed",
            public_site,
            {"fields": form.changed_data, "hidden_conditions": public_site.hidden_conditions},
            audit=audit,
        )
    return public_site
