"""What the site's menu shows for the signed-in user."""

import rules
from django.utils.functional import SimpleLazyObject


def navigation(request) -> dict:
    """Menu entries by role, asked of django-rules alone (the model backend's permission tables
    would cost queries on every page for answers they never hold), and only when rendered."""
    user = request.user

    def entries() -> dict[str, bool]:
        return {
            "reviews": rules.has_perm("evaluations.review", user),
            "reviewer_pool": rules.has_perm("evaluations.manage_pool", user),
            "call_results": rules.has_perm("evaluations.view_call_results", user),
            "designations": rules.has_perm("designations.manage_designations", user),
            "inquiry_demand": rules.has_perm("suppliers.view_inquiry_demand", user),
            "programme_manage": rules.has_perm("programs.add_programme", user),
            "programme_statistics": rules.has_perm("programs.view_statistics", user),
        }

    return {"menu": SimpleLazyObject(entries)}
