"""Pages of the programs app. Placeholders until built (issue 7)."""

from django.http import HttpResponse


def _todo(*args, **kwargs):
    return HttpResponse(status=501)


programme_list = programme_manage = programme_detail = programme_create = programme_edit = _todo
programme_rules = eligible_firms = eligible_firms_export = referral_inbox = _todo
referral_detail = referral_create = support_record_create = statistics = _todo
firm_support_history = bonus_confirmation_create = bonus_confirmation_download = _todo
bonus_verify = _todo
