"""The staff booking form: an existing client or a new one, the service, who and when."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from easeplan.lib import dates
from easeplan.lib.forms import set_queryset
from easeplan.lib.params import form_moment
from easeplan.practice.models import Client, Service, Therapist
from easeplan.screening.holds import services as holds


class StaffBookingForm(forms.Form):
    """Who and what: an existing client, or a new one with their details."""

    client: forms.ModelChoiceField[Client] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Client"),
        empty_label=_("New client"),
        to_field_name="code",
    )
    service: forms.ModelChoiceField[Service] = forms.ModelChoiceField(
        queryset=None, label=_("Service"), to_field_name="code"
    )
    therapist: forms.ModelChoiceField[Therapist] = forms.ModelChoiceField(
        queryset=None, label=_("Therapist"), to_field_name="code"
    )
    start = forms.DateTimeField(
        label=_("Starts"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("In the practice's time zone."),
    )

    def __init__(self, *args: Any, practice: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self.fields, "client", practice.clients.all())
        set_queryset(self.fields, "service", practice.services.filter(is_active=True))
        set_queryset(self.fields, "therapist", practice.therapists.filter(is_active=True))
        self.practice = practice
        self._ask_acknowledgement(practice)

    def _ask_acknowledgement(self, practice: Any) -> None:
        """A client held by a red flag is booked only after ticking that the flag was seen
        (DESIGN invariant 11)."""
        chosen = self.data.get("client") if self.is_bound else self.initial.get("client")
        client = practice.clients.filter(code=chosen).first() if chosen else None
        if client is None or holds.stop_for(client=client) is None:
            return
        self.fields["acknowledge_red_flag"] = forms.BooleanField(
            label=gettext("I have seen %(name)s's red flag and book this visit anyway.")
            % {"name": client.full_name},
            error_messages={
                "required": gettext(
                    "This client has a red flag: tick to confirm you have seen it, "
                    "or don't book yet."
                )
            },
        )

    def clean_start(self) -> dt.datetime:
        now = timezone.now().astimezone(self.practice.zone)
        return form_moment(self.cleaned_data["start"], now=now, window=dates.STAFF)


class AttendanceForm(forms.Form):
    """The visit page's two buttons: "Attended" or "Did not attend"."""

    attended = forms.TypedChoiceField(
        choices=[("yes", _("Attended")), ("no", _("Did not attend"))], coerce=lambda v: v == "yes"
    )
