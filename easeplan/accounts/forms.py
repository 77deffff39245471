"""Account forms that add to allauth's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from easeplan.lib.names import NameField


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form: the person's name."""

    full_name = NameField(
        label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )

    def signup(self, request: Any, user: Any) -> None:
        user.full_name = self.cleaned_data["full_name"].strip()
        user.save(update_fields=["full_name"])
