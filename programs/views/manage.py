"""Pages for programme managers and the ministry. Placeholders until built (issue 7)."""

from django.http import HttpResponse


def _todo(*args, **kwargs):
    return HttpResponse(status=501)


programme_create = programme_manage = programme_edit = programme_rules = _todo
eligible_firms = eligible_firms_export = referral_inbox = referral_detail = _todo
support_record_create = statistics = _todo
