"""Who may do what with programmes, referrals and support records."""

import rules

from accounts.rules import is_officer, is_program_manager
from suppliers.enums import DesignationStatus
from suppliers.rules import is_firm_member


@rules.predicate
def manages_programme(user, programme) -> bool:
    if programme is None or not getattr(user, "is_authenticated", False):
        return False
    cache = getattr(user, "_managed_programme_ids", None)
    if cache is None:
        cache = set(user.managed_programmes.values_list("pk", flat=True))
        user._managed_programme_ids = cache
    return programme.pk in cache


can_manage = manages_programme | is_officer


@rules.predicate
def has_valid_designation(user, firm) -> bool:
    """The firm's current designation is valid, as its registry record says (kept by the
    designations services in the transaction that changes a designation): no query."""
    return firm is not None and firm.designation_status == DesignationStatus.VALID


# Whether to offer a bonus-points confirmation (the panel and the support history page); asking
# for one without a valid designation is the service's error, not a permission's.
can_issue_bonus = is_firm_member & has_valid_designation

# Programme managers create programmes (and manage those they created or were added to);
# officers (the ministry) see and manage every programme.
rules.add_perm("programs.add_programme", is_program_manager | is_officer)
rules.add_perm("programs.change_programme", can_manage)
rules.add_perm("programs.view_eligible_firms", can_manage)
rules.add_perm("programs.decide_referral", can_manage)
rules.add_perm("programs.record_support", can_manage)
rules.add_perm("programs.view_statistics", is_officer)
# A firm's own people see its eligibility, refer it, withdraw, and issue its bonus confirmation;
# officers see a firm's eligibility and support history too.
rules.add_perm("programs.view_firm_eligibility", is_firm_member | is_officer)
rules.add_perm("programs.refer_firm", is_firm_member)
rules.add_perm("programs.view_support_history", is_firm_member | is_officer)
rules.add_perm("programs.issue_bonus_confirmation", is_firm_member)
