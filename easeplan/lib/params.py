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
    return asked_day(request, name, today=today, window=window) or default


def asked_day(request: HttpRequest, name: str, *, today: dt.date, window: Window) -> dt.date | None:
    """`?name=YYYY-MM-DD` inside the window; None when not asked, or refused (with a
    message saying why)."""
    value = request.GET.get(name, "")
    if not value:
        return None
    try:
        return day_in_window(value, today=today, window=window)
    except DateRefused as refused:
        messages.error(request, refused.message)
        return None


def strip_days(
    request: HttpRequest, *, today: dt.date, window: Window
) -> tuple[dt.date | None, dt.date | None]:
    """A day strip's `?from=` (its first day) and `?day=` (the day chosen), as asked."""
    return (
        asked_day(request, "from", today=today, window=window),
        asked_day(request, "day", today=today, window=window),
    )


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
