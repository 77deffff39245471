"""Public forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from easeplan.lib.forms import field_of
from easeplan.lib.names import NameField
from easeplan.lib.phones import PhoneField

from .conditions import ALWAYS_SHOWN, CONDITIONS
from .models import INTRO_MAX, ContactMessage, PublicSite


class ContactForm(forms.ModelForm):
    """A visitor's message. `website` is a honeypot: people never see or fill it.
    `region` is the practice's country, in which a phone number is read."""

    name = NameField(
        label=_("Your name"),
        max_length=ContactMessage._meta.get_field("name").max_length or 120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Please tell us your name.")},
    )
    phone = PhoneField(label=_("Phone (optional)"), required=False)

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = ContactMessage
        fields = ("name", "email", "phone", "topic", "message")
        labels = {
            "email": _("Your email"),
            "topic": _("What is it about?"),
            "message": _("Your message"),
        }
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "message": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "email": {
                "required": _("Please give an email address so we can reply."),
                "invalid": _("That email address doesn't look right — check for typos."),
            },
            "message": {
                "required": _("Please write a message."),
                "max_length": _(
                    "Please keep your message under 5,000 characters (it has %(show_value)d)."
                ),
            },
        }

    def __init__(self, *args: Any, region: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self.fields, "phone", PhoneField).region = region

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].strip()
        if len(message) < 10:
            raise forms.ValidationError(
                _("Please write a little more so we can help (at least 10 characters).")
            )
        return message

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class PublicSiteForm(forms.ModelForm):
    """The owner's choices for the public site. The introduction is plain text: it is shown
    escaped, with blank lines as paragraph breaks, so no markup of any kind gets through."""

    intro = forms.CharField(
        label=_("Introduction on the home page"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Shown on the home page under the practice's name, instead of the standard "
            "text. Plain text; a blank line starts a new paragraph. Leave it empty for the "
            "standard text."
        ),
    )
    shown_conditions = forms.MultipleChoiceField(
        label=_("Condition pages on the site"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A page you untick disappears from the site and its menus. The piriformis "
            "syndrome page is always shown: the self-check and the other pages lead to it."
        ),
    )

    field_order = ("intro", "shown_conditions", "show_team", "show_opening_hours")

    class Meta:
        model = PublicSite
        fields = ("intro", "show_team", "show_opening_hours")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = field_of(self.fields, "shown_conditions", forms.MultipleChoiceField)
        field.choices = [
            (c.slug, gettext(c.title)) for c in CONDITIONS if c.slug not in ALWAYS_SHOWN
        ]
        self.initial.setdefault("shown_conditions", [c.slug for c in self.instance.conditions])

    def clean_intro(self) -> str:
        intro = self.cleaned_data["intro"].strip().replace("\r\n", "\n")
        if len(intro) > INTRO_MAX:
            raise forms.ValidationError(
                gettext(
                    "Please shorten the introduction to %(most)s characters or fewer "
                    "(it has %(count)s)."
                )
                % {
                    "most": number_format(INTRO_MAX, force_grouping=True),
                    "count": number_format(len(intro), force_grouping=True),
                }
            )
        return intro

    def save(self, commit: bool = True) -> PublicSite:
        shown = set(self.cleaned_data["shown_conditions"]) | set(ALWAYS_SHOWN)
        self.instance.hidden_conditions = [c.slug for c in CONDITIONS if c.slug not in shown]
        self.instance.updated_at = timezone.now()
        return super().save(commit)
