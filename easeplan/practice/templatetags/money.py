"""`{{ amount|money:practice.currency }}`: an amount in the practice's currency (£60.00, €60.00)."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency
from django import template

register = template.Library()


@register.filter
def money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return ""
    return format_currency(amount, currency or "GBP", locale="en_GB")
