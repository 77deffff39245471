"""The request of a signed-in person (a view behind `login_required`)."""

from __future__ import annotations

from easeplan.lib.http import HtmxRequest

from .models import User


class ClientRequest(HtmxRequest):
    """Behind `login_required`: `user` is a `User`, never the anonymous one."""

    user: User
