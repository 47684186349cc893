"""The state machines of applications, designations, their cases and outcome reports: which move
is allowed from which state, and by whom."""

from django.utils.translation import gettext_lazy as _

from designations.enums import ApplicationStatus as S
from designations.enums import CaseStatus, DesignationStatus, ReportStatus

APPLICANT, OFFICER, SYSTEM = "applicant", "officer", "system"

# from -> {to: who may make the move}. DOMAIN.md: WITHDRAWN is possible until COMMITTEE.
TRANSITIONS: dict[str, dict[str, str]] = {
    S.DRAFT: {S.SUBMITTED: APPLICANT, S.WITHDRAWN: APPLICANT},
    S.SUBMITTED: {S.SCREENING: OFFICER, S.WITHDRAWN: APPLICANT},
    S.SCREENING: {
        S.SUPPLEMENT_REQUESTED: OFFICER,
        S.DOCUMENT_REVIEW: OFFICER,
        S.REJECTED: OFFICER,
        S.WITHDRAWN: APPLICANT,
    },
    S.SUPPLEMENT_REQUESTED: {S.SCREENING: APPLICANT, S.REJECTED: SYSTEM, S.WITHDRAWN: APPLICANT},
    S.DOCUMENT_REVIEW: {S.ONSITE_REVIEW: OFFICER, S.COMMITTEE: OFFICER, S.WITHDRAWN: APPLICANT},
    S.ONSITE_REVIEW: {S.COMMITTEE: OFFICER, S.WITHDRAWN: APPLICANT},
    S.COMMITTEE: {S.DESIGNATED: OFFICER, S.REJECTED: OFFICER},
    # An appeal (once, within the call's window) re-opens a committee's rejection; the committee
    # then upholds it (REJECTED again) or overturns it (DESIGNATED).
    S.REJECTED: {S.APPEAL: APPLICANT},
    S.APPEAL: {S.DESIGNATED: OFFICER, S.REJECTED: OFFICER},
}

# The moves an officer makes through the generic transition (pages and API); supplement requests
# and committee decisions have their own services because they carry more than a reason.
OFFICER_MOVES = {
    (S.SUBMITTED, S.SCREENING),
    (S.SCREENING, S.DOCUMENT_REVIEW),
    (S.SCREENING, S.REJECTED),
    (S.DOCUMENT_REVIEW, S.ONSITE_REVIEW),
    (S.DOCUMENT_REVIEW, S.COMMITTEE),
    (S.ONSITE_REVIEW, S.COMMITTEE),
}
EDITABLE_STATES = {S.DRAFT, S.SUPPLEMENT_REQUESTED}
REASON_REQUIRED = {S.REJECTED, S.WITHDRAWN, S.SUPPLEMENT_REQUESTED}


class TransitionNotAllowed(Exception):
    """The object's current state does not allow this move (HTTP 409)."""

    def __init__(self, current: str, to: str, message: str | None = None):
        self.current, self.to = current, to
        super().__init__(
            message
            or _("An application in state %(current)s cannot move to %(to)s.")
            % {"current": S(current).label, "to": S(to).label}
        )


# --- a designation's life ----------------------------------------------------------------------
# from -> {to: who may make the move}. Suspension and revocation follow a case's decision; the
# system expires designations and ends suspensions whose period is over.
_D = DesignationStatus
DESIGNATION_TRANSITIONS: dict[str, dict[str, set[str]]] = {
    _D.VALID: {_D.SUSPENDED: {OFFICER}, _D.REVOKED: {OFFICER}, _D.EXPIRED: {SYSTEM}},
    _D.SUSPENDED: {_D.VALID: {OFFICER, SYSTEM}, _D.REVOKED: {OFFICER}, _D.EXPIRED: {SYSTEM}},
}

# A suspension or revocation case: the firm responds once by the deadline; the officer decides
# after the response or once the deadline has passed.
CASE_TRANSITIONS: dict[str, dict[str, str]] = {
    CaseStatus.OPEN: {CaseStatus.RESPONDED: APPLICANT, CaseStatus.DECIDED: OFFICER},
    CaseStatus.RESPONDED: {CaseStatus.DECIDED: OFFICER},
}

# An outcome report: filed by the firm, then accepted or returned for correction by an officer.
# WAIVED is not a move of its own: the reports still due are waived together when their
# designation ends (services.reports.reports_waive_future, audited on the designation).
REPORT_TRANSITIONS: dict[str, dict[str, str]] = {
    ReportStatus.DUE: {ReportStatus.SUBMITTED: APPLICANT},
    ReportStatus.SUBMITTED: {ReportStatus.ACCEPTED: OFFICER, ReportStatus.DUE: OFFICER},
}
