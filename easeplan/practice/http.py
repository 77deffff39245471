"""The requests of staff pages and of the public site, with the practice they are for."""

from __future__ import annotations

from easeplan.accounts.models import Membership, User
from easeplan.lib.http import HtmxRequest

from .models import Practice


class StaffRequest(HtmxRequest):
    """Behind a staff decorator (`practice.access`): the member, the membership they work
    under and its practice, which every query of the page is scoped to."""

    user: User
    membership: Membership
    practice: Practice


class SiteRequest(HtmxRequest):
    """A public page: `SitePracticeMiddleware` sets the practice of the site, loaded when
    first used; None before any practice is set up."""

    site_practice: Practice | None
