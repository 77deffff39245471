"""Phone numbers: read as people write them, kept in E.164 (+441174960123).

A number written without a country code is read as a number of the practice's country (the
`region`, an ISO 3166 code such as "GB"); one that starts with + (or 00) may be of any
country. Only numbers that exist in that country's numbering plan pass, so a missing or an
extra digit is caught with a message that says which.
"""

from __future__ import annotations

from typing import Any

import phonenumbers
from django import forms
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

from .refusals import Refused

REGIONS: frozenset[str] = frozenset(phonenumbers.SUPPORTED_REGIONS)
LONGEST_INPUT = 40  # characters as typed (spaces, dashes, brackets); E.164 needs at most 16


class InvalidPhone(Refused, ValueError):
    """The text is not a phone number; `message` says what is wrong and how to fix it."""


def country_code(region: str) -> int:
    """The calling code of `region` (44 for GB)."""
    return phonenumbers.country_code_for_region(region)


def example(region: str) -> str:
    """A number of `region` as its people write it, for messages (0121 234 5678)."""
    number = phonenumbers.example_number(region)
    return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL) if number else ""


def to_e164(text: str, region: str) -> str:
    """`text` as an E.164 number, read as a number of `region` unless it starts with +.

    Raises InvalidPhone with a message for the person who typed it.
    """
    if len(text) > LONGEST_INPUT:
        raise InvalidPhone(_with_example("This phone number is too long.", region))
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException as error:
        if error.error_type == NumberParseException.INVALID_COUNTRY_CODE:
            raise InvalidPhone(
                "We don't know that country code. A number abroad starts with + and its "
                "country code, e.g. +33 for France."
            ) from None
        raise InvalidPhone(_with_example("Please give a phone number in digits.", region)) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(_why_invalid(number, region))
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _why_invalid(number: phonenumbers.PhoneNumber, region: str) -> str:
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason in (ValidationResult.TOO_SHORT, ValidationResult.IS_POSSIBLE_LOCAL_ONLY):
        return _with_example("This phone number is too short: please check every digit.", region)
    if reason == ValidationResult.TOO_LONG:
        return _with_example("This phone number is too long: please check every digit.", region)
    return _with_example(
        "This is not a phone number we know: please check the digits (a number abroad "
        "starts with + and its country code).",
        region,
    )


def _with_example(message: str, region: str) -> str:
    shown = example(region)
    return f"{message} For example: {shown}." if shown else message


class TelInput(forms.TextInput):
    input_type = "tel"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"autocomplete": "tel", **(attrs or {})})


class PhoneField(forms.CharField):
    """A phone number input that cleans to E.164 ("" when left blank and not required).

    `region` is the practice's country; a form sets it once it knows the practice.
    """

    widget = TelInput

    def __init__(self, *, region: str = "GB", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.region = region

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        try:
            return to_e164(text, self.region)
        except InvalidPhone as invalid:
            raise forms.ValidationError(invalid.message, code="invalid_phone") from None
