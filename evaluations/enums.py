from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewStage(models.TextChoices):
    DOCUMENT = "DOCUMENT", _("Document review")
    ONSITE = "ONSITE", _("On-site review")
    APPEAL = "APPEAL", _("Appeal re-review")


class ReviewStatus(models.TextChoices):
    """An assignment's life: see evaluations.transitions.REVIEW_TRANSITIONS."""

    ASSIGNED = "ASSIGNED", _("Assigned (not yet released)")
    RELEASED = "RELEASED", _("Released: declaration due")
    OPEN = "OPEN", _("Scoring")
    SUBMITTED = "SUBMITTED", _("Submitted")
    CONFLICT = "CONFLICT", _("Conflict declared")
    DECLINED = "DECLINED", _("Declined")
    REMOVED = "REMOVED", _("Removed")


class ExpertStatus(models.TextChoices):
    INVITED = "INVITED", _("Invited")
    ACTIVE = "ACTIVE", _("Active")
    INACTIVE = "INACTIVE", _("Inactive")


class RelationKind(models.TextChoices):
    """Recorded relations that exclude a reviewer from a firm's applications (제척 and more)."""

    RELATIVE = "RELATIVE", _("The reviewer or a relative is the applicant or its officer")
    ADVISORY = "ADVISORY", _("Advised, researched or consulted for the firm")
    JOINT_PROJECT = "JOINT_PROJECT", _("Joint project with the firm")
    DECLARED = "DECLARED", _("Conflict declared by the reviewer (회피)")
    CHALLENGE = "CHALLENGE", _("Challenge upheld (기피)")
    OTHER = "OTHER", _("Other relation")


class ChallengeStatus(models.TextChoices):
    FILED = "FILED", _("Filed")
    UPHELD = "UPHELD", _("Upheld")
    DISMISSED = "DISMISSED", _("Dismissed")


class Vote(models.TextChoices):
    DESIGNATE = "DESIGNATE", _("Designate")
    REJECT = "REJECT", _("Reject")
    HOLD = "HOLD", _("Hold")


class DecisionKind(models.TextChoices):
    DESIGNATE = "DESIGNATE", _("Designate")
    REJECT = "REJECT", _("Reject")


class AppealStatus(models.TextChoices):
    FILED = "FILED", _("Filed")
    UPHELD = "UPHELD", _("Rejection upheld")
    OVERTURNED = "OVERTURNED", _("Overturned: designated")


class Flag(models.TextChoices):
    LENIENT = "LENIENT", _("Lenient reviewer")
    HARSH = "HARSH", _("Harsh reviewer")
    DISAGREEMENT = "DISAGREEMENT", _("Reviewers disagree: consensus needed")
    INCOMPLETE = "INCOMPLETE", _("Score sheets missing")
