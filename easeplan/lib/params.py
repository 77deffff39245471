"""Dates from query strings and forms, through the one rule of `lib.dates`.

A page asked for an unusable date still answers: it shows its default day and says why the
asked-for one was refused. A form field answers with the rule's message as its error.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from .dates import DateRefused, Window, check_day, check_moment, day_in_window


def day_param(
    request: HttpRequest, name: str, *, today: dt.date, window: Window, default: dt.date
) -> dt.date:
    """`?name=YYYY-MM-DD` inside the window, else `default` with a message saying why."""
    value = request.GET.get(name, "")
    if not value:
        return default
    try:
        return day_in_window(value, today=today, window=window)
    except DateRefused as refused:
        messages.error(request, refused.message)
        return default


def form_day(day: dt.date, *, today: dt.date, window: Window) -> dt.date:
    """A form's cleaned date, or the rule's message as a validation error."""
    try:
        return check_day(day, today=today, window=window)
    except DateRefused as refused:
        raise forms.ValidationError(refused.message) from None


def form_moment(moment: dt.datetime, *, now: dt.datetime, window: Window) -> dt.datetime:
    """A form's cleaned aware time (in UTC), or the rule's message as a validation error."""
    try:
        return check_moment(moment, now=now, window=window)
    except DateRefused as refused:
        raise forms.ValidationError(refused.message) from None
