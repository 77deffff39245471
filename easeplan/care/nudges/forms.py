"""Forms of the nudge links: the time a client books from a nudge, and reminders on or off."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from easeplan.lib import dates


class TimeForm(forms.Form):
    """The time to book: empty for the proposed one, or one of the other times offered."""

    start = forms.CharField(required=False)

    def clean_start(self) -> dt.datetime | None:
        value = self.cleaned_data["start"]
        if not value:
            return None
        try:
            return dates.moment_in_window(value, now=timezone.now(), window=dates.STAFF)
        except dates.DateRefused as refused:
            raise forms.ValidationError(refused.message) from None


class RemindersForm(forms.Form):
    """Plan reminders on or off, from the opt-out link in a nudge."""

    on = forms.TypedChoiceField(
        choices=[("on", _("On")), ("off", _("Off"))],
        coerce=lambda value: value == "on",
        error_messages={"required": _("Please choose whether to get plan reminders.")},
    )
    client = forms.CharField(required=False)
