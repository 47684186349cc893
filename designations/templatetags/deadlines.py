"""Days as Korean notices count them, in Asia/Seoul:

{% load deadlines %}{{ call.closes_at|dday }}          ->  "D-5", "D-day", or "" once past
{{ application.submitted_at|days_since }}              ->  12
"""

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


def _days_between(earlier, later) -> int:
    return (timezone.localdate(later) - timezone.localdate(earlier)).days


@register.filter
def dday(moment) -> str:
    if moment is None:
        return ""
    now = timezone.now()
    if moment <= now:
        return ""
    days = _days_between(now, moment)
    return _("D-day") if days == 0 else _("D-%(days)d") % {"days": days}


@register.filter
def days_since(moment):
    if moment is None:
        return ""
    return _days_between(moment, timezone.now())
