"""Who may do what with calls and applications. Per object: a firm's members act for its own
applications only; officers run calls and screen; reviewers come with the evaluation."""

import rules

from accounts.rules import is_officer
from designations.enums import ApplicationStatus, CallStatus
from suppliers.rules import is_firm_member


@rules.predicate
def is_application_member(user, application) -> bool:
    return application is not None and is_firm_member(user, application.firm)


@rules.predicate
def is_withdrawable(user, application) -> bool:
    return application is not None and application.status in {
        ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.SCREENING,
        ApplicationStatus.SUPPLEMENT_REQUESTED, ApplicationStatus.DOCUMENT_REVIEW,
        ApplicationStatus.ONSITE_REVIEW,
    }  # fmt: skip


@rules.predicate
def is_published(user, call) -> bool:
    return call is not None and call.status != CallStatus.DRAFT


@rules.predicate
def is_assigned_reviewer(user, application) -> bool:
    """A reviewer whose review of this application is open (declared no conflict). The reviews
    belong to the evaluations app; designations only follows the reverse relation by name."""
    return (
        application is not None
        and getattr(user, "is_authenticated", False)
        and application.reviews.filter(expert__user=user, status__in=REVIEWER_OPEN).exists()
    )


# The review states (evaluations.enums.ReviewStatus) in which the reviewer may read the file.
REVIEWER_OPEN = ("OPEN", "SUBMITTED")

rules.add_perm("designations.view_call", is_published | is_officer)
rules.add_perm("designations.manage_calls", is_officer)
rules.add_perm("designations.view_application", is_application_member | is_officer)
# Reading through the API: the assigned reviewer too, in the reviewer's (blinded) form.
rules.add_perm(
    "designations.read_application", is_application_member | is_officer | is_assigned_reviewer
)
# The firm writes its own application; an officer sees it but gets 403 on these.
rules.add_perm("designations.change_application", is_application_member)
rules.add_perm("designations.submit_application", is_application_member)
rules.add_perm("designations.withdraw_application", is_application_member & is_withdrawable)
# Officers screen: move, request supplements, write internal notes, read them.
# ...but never their own firm's application (an officer may also work for an applicant).
rules.add_perm("designations.screen_application", is_officer & ~is_application_member)
rules.add_perm("designations.view_notes", is_officer & ~is_application_member)


# --- designations, their certificates, reports and cases --------------------------------------
# Each predicate takes the designation, or an object with a `designation` (a report, a case).


def _designation(obj):
    return getattr(obj, "designation", obj)


@rules.predicate
def is_designation_member(user, obj) -> bool:
    return obj is not None and is_firm_member(user, _designation(obj).firm)


@rules.predicate
def is_designation_valid(user, obj) -> bool:
    return obj is not None and _designation(obj).status == "VALID"


# An officer acts on designations, but never on their own firm's.
is_acting_officer = is_officer & ~is_designation_member

rules.add_perm("designations.view_designation", is_designation_member | is_officer)
rules.add_perm("designations.manage_designations", is_officer)
# The firm downloads the certificate of a valid designation only; officers any certificate.
rules.add_perm(
    "designations.download_certificate",
    (is_designation_member & is_designation_valid) | is_officer,
)
rules.add_perm("designations.renew_designation", is_designation_member)
rules.add_perm("designations.file_report", is_designation_member)
rules.add_perm("designations.review_report", is_acting_officer)
rules.add_perm("designations.respond_case", is_designation_member)
rules.add_perm("designations.open_case", is_acting_officer)
rules.add_perm("designations.decide_case", is_acting_officer)
rules.add_perm("designations.reinstate_designation", is_acting_officer)
# In the timeline, officers are named to officers acting on the designation; the firm (and an
# officer who belongs to it) sees "Officer".
rules.add_perm("designations.see_officer_names", is_acting_officer)
