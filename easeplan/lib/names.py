"""People's names in forms: a name that is too long gets a message, never a silent cut."""

from __future__ import annotations

from typing import Any

from django import forms


class NameField(forms.CharField):
    """A person's name, at most `max_length` characters, checked by the server.

    No `maxlength` attribute goes to the browser: browsers drop whatever is typed or pasted
    past it without a word, so the person would never learn their name was cut.
    """

    def __init__(self, *, max_length: int, **kwargs: Any) -> None:
        super().__init__(max_length=max_length, **kwargs)
        self.error_messages["max_length"] = (
            "Please shorten this name to %(limit_value)d characters or fewer "
            "(it has %(show_value)d)."
        )

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs
