"""A form's field as the kind it is: `form.fields` holds plain `Field`s to the type checker."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django import forms
from django.db.models import QuerySet

F = TypeVar("F", bound=forms.Field)


def field_of(fields: Mapping[str, forms.Field], name: str, kind: type[F]) -> F:
    """`fields[name]` (a form's `fields` or `base_fields`), checked to be a `kind`: the
    `ModelChoiceField` whose queryset a form sets per practice, the `PhoneField` whose
    region it sets per practice, the `ChoiceField` whose choices it sets per request."""
    field = fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"The field {name!r} is a {type(field).__name__}, not a {kind.__name__}.")
    return field


def set_queryset(fields: Mapping[str, forms.Field], name: str, queryset: QuerySet[Any]) -> None:
    """Offer `queryset` in the model-choice field `name` (the practice's own rows)."""
    field_of(fields, name, forms.ModelChoiceField).queryset = queryset
