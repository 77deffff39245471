"""Forms of the privacy area: asking for deletion, and the owner's confirmation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy

from easeplan.accounts.models import User


class DeletionForm(forms.Form):
    """The client's request to delete their account, confirmed with their password."""

    reason = forms.CharField(
        label=gettext_lazy("Why are you leaving? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Only the practice sees this. You don't have to say."),
    )
    password = forms.CharField(
        label=gettext_lazy("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=gettext_lazy("So we know it's really you asking."),
        error_messages={
            "required": gettext_lazy("Type your current password to confirm it's you.")
        },
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.has_usable_password():
            raise forms.ValidationError(
                gettext(
                    "Your account has no password yet. Choose one with “Forgot password?” on "
                    "the sign-in page, then come back here."
                )
            )
        if not self.user.check_password(password):
            raise forms.ValidationError(
                gettext(
                    "That isn't your current password. Please type the password you sign in with."
                )
            )
        return password


class CarryOutForm(forms.Form):
    """The owner confirms that the deletion may go ahead: it can't be undone."""

    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand this deletes the client's account and contact details now, "
            "and can't be undone"
        ),
        error_messages={
            "required": gettext_lazy(
                "Nothing was deleted: tick the box to confirm, then press the button."
            )
        },
    )
