"""Forms of the privacy area: asking for deletion, and the owner's confirmation."""

from __future__ import annotations

from typing import Any

from django import forms

from easeplan.accounts.models import User


class DeletionForm(forms.Form):
    """The client's request to delete their account, confirmed with their password."""

    reason = forms.CharField(
        label="Why are you leaving? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only the practice sees this. You don't have to say.",
    )
    password = forms.CharField(
        label="Your current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="So we know it's really you asking.",
        error_messages={"required": "Type your current password to confirm it's you."},
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.has_usable_password():
            raise forms.ValidationError(
                "Your account has no password yet. Choose one with “Forgot password?” on "
                "the sign-in page, then come back here."
            )
        if not self.user.check_password(password):
            raise forms.ValidationError(
                "That isn't your current password. Please type the password you sign in with."
            )
        return password


class CarryOutForm(forms.Form):
    """The owner confirms that the deletion may go ahead: it can't be undone."""

    confirm = forms.BooleanField(
        label="I understand this deletes the client's account and contact details now, "
        "and can't be undone",
        error_messages={
            "required": "Nothing was deleted: tick the box to confirm, then press the button."
        },
    )
