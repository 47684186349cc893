"""Measured figures as pages and e-mails show them.

    {% load figures %}{{ outcome.baseline|figure }}

A stored Decimal keeps the field's three places (3.200); people read 3.2. Thousands are grouped
with the active language's separators (1,500,000 in Korean and English) whatever
USE_THOUSAND_SEPARATOR says, so a figure reads the same on every page and in every e-mail.
"""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter(is_safe=True)
def figure(value):
    """3.200 -> "3.2", 1500000.000 -> "1,500,000", None -> ""; anything not a number: as is."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    if not number.is_finite():
        return value
    # normalize() drops the trailing zeros but writes 1500000 as 1.5E+6; number_format writes
    # it out in full again.
    return number_format(number.normalize(), use_l10n=True, force_grouping=True)
