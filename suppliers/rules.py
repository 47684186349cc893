"""Who may do what with a firm. Firm membership is per object; site roles come from accounts."""

import rules

from accounts.rules import is_officer


@rules.predicate
def is_firm_member(user, firm) -> bool:
    if firm is None or not getattr(user, "is_authenticated", False):
        return False
    cache = getattr(user, "_member_firm_ids", None)
    if cache is None:
        cache = set(user.memberships.values_list("firm_id", flat=True))
        user._member_firm_ids = cache
    return firm.pk in cache


can_view_firm = is_firm_member | is_officer

rules.add_perm("suppliers.view_firm", can_view_firm)
rules.add_perm("suppliers.change_firm", is_firm_member | is_officer)
rules.add_perm("suppliers.view_firm_history", can_view_firm)
# Only the firm's own people speak for it: invite colleagues, answer access requests, and ask
# customers to confirm outcomes. An officer sees all of it but gets 403 on these.
rules.add_perm("suppliers.manage_members", is_firm_member)
rules.add_perm("suppliers.request_confirmation", is_firm_member)
rules.add_perm("suppliers.register_firm", rules.is_authenticated)
# For pages that show a firm as one of the user's own ("My firms"), not a permission.
rules.add_rule("suppliers.is_firm_member", is_firm_member)
# Inquiries carry an SME's contact details: only the firm's own people read and answer them.
# Officers see the demand in aggregate (by field and region), never the senders.
rules.add_perm("suppliers.view_inquiries", is_firm_member)
rules.add_perm("suppliers.change_inquiry", is_firm_member)
rules.add_perm("suppliers.view_inquiry_demand", is_officer)
