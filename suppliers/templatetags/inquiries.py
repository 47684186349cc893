"""The firm dashboard's count of new inquiries, asked for by the template alone:

    {% load inquiries %}{% new_inquiry_count firm as new_inquiries %}

None for anyone who may not read the firm's inquiries (an officer sees the dashboard, not the
inbox); otherwise one query, however many inquiries there are.
"""

import rules
from django import template

from suppliers.selectors import new_inquiry_count as count_new

register = template.Library()


@register.simple_tag(takes_context=True)
def new_inquiry_count(context, firm) -> int | None:
    if not rules.has_perm("suppliers.view_inquiries", context["request"].user, firm):
        return None
    return count_new(firm)
