"""Pages for firms and the public: the catalogue, a programme, referrals, support history, bonus
confirmations. Placeholders until built (issue 7)."""

from django.http import HttpResponse


def _todo(*args, **kwargs):
    return HttpResponse(status=501)


programme_list = programme_detail = referral_create = referral_withdraw = _todo
firm_support_history = bonus_confirmation_create = bonus_confirmation_download = _todo
bonus_verify = _todo
