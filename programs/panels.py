"""The firm's dashboard panel (registered in apps.py; see registry.panels): its programmes,
eligible first, then the almost eligible ones with what is missing, each rule's outcome, the
one-click referral and its status, the support history and the bonus-points confirmation.

Three queries whatever the number of programmes: the stored eligibilities (with their
programmes), the firm's referrals, and the user's memberships (often cached by the dashboard).
"""

import rules
from django.template.loader import render_to_string
from django.utils import timezone

from programs import wording
from programs.enums import EligibilityStatus, ReferralStatus
from programs.forms import BonusConfirmationForm
from programs.models import Eligibility, Referral
from programs.rules import can_issue_bonus
from programs.selectors import firm_eligibilities, latest_referrals

# After these the firm may refer itself again (services allow one open referral at a time); an
# accepted referral is settled.
REFER_AGAIN = (ReferralStatus.WITHDRAWN, ReferralStatus.DECLINED)


def programme_row(
    eligibility: Eligibility, *, referral: Referral | None, can_refer: bool, today
) -> dict:
    """What the panel and the programme page show of one programme for one firm."""
    programme = eligibility.programme
    window = wording.window(programme, today)
    return {
        "programme": programme,
        "eligibility": eligibility,
        "benefits": wording.benefits(programme),
        "window": window,
        "outcomes": wording.outcomes(eligibility.results),
        "missing": wording.missing(eligibility.results),
        "referral": referral,
        "can_refer": (
            can_refer
            and eligibility.status == EligibilityStatus.ELIGIBLE
            and window["state"] != "closed"
            and (referral is None or referral.status in REFER_AGAIN)
        ),
    }


def firm_programmes_panel(*, request, firm) -> str:
    user = request.user
    if not rules.has_perm("programs.view_firm_eligibility", user, firm):
        return ""
    eligibilities = firm_eligibilities(firm)
    referrals = latest_referrals(firm)
    can_refer = rules.has_perm("programs.refer_firm", user, firm)
    today = timezone.localdate()
    shown = [
        programme_row(e, referral=referrals.get(e.programme_id), can_refer=can_refer, today=today)
        for e in eligibilities
        if e.status in (EligibilityStatus.ELIGIBLE, EligibilityStatus.ALMOST)
    ]
    context = {
        "firm": firm,
        "eligible": [row for row in shown if row["eligibility"].status == "ELIGIBLE"],
        "almost": [row for row in shown if row["eligibility"].status == "ALMOST"],
        "total": len(eligibilities),
        "can_issue_bonus": can_issue_bonus(user, firm),
        "bonus_form": BonusConfirmationForm(auto_id=f"bonus-{firm.pk}-%s"),
        "next": request.get_full_path(),
    }
    return render_to_string("programs/includes/firm_panel.html", context, request=request)
