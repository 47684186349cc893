"""Reads that are more than one line of ORM."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import AuditEntry
from suppliers.enums import ConfirmationStatus, DesignationStatus
from suppliers.models import (
    Capability,
    Deployment,
    Firm,
    Membership,
    Outcome,
    TechArea,
    TechField,
)


def last_completed_years(count: int = 3) -> list[int]:
    """The last `count` calendar years that are over, newest first, by today in Asia/Seoul."""
    this_year = timezone.localdate().year
    return [this_year - offset for offset in range(1, count + 1)]


def public_firms() -> QuerySet[Firm]:
    """Firms the public registry shows: listed ones, and every firm with a designation record."""
    return Firm.objects.filter(Q(is_public=True) | ~Q(designation_status=DesignationStatus.NONE))


# A longer query is cut here: every word adds a condition to the one SQL statement.
SEARCH_MAX_WORDS = 8


def search_firms(queryset: QuerySet[Firm], text: str) -> QuerySet[Firm]:
    """Firms matching every word of `text`, Korean or English, also inside longer words.

    A word matches the firm's names and summaries in both languages and the names of the
    solution tags it offers. This is the one place the registry search lives (the pages and the
    API both call it); the indexed search that replaces it keeps this signature. Subqueries
    rather than joins keep the firms distinct.
    """
    for word in text.split()[:SEARCH_MAX_WORDS]:
        by_tag = Capability.objects.filter(
            Q(tag__name_ko__icontains=word) | Q(tag__name_en__icontains=word)
        ).values("firm_id")
        queryset = queryset.filter(
            Q(name_ko__icontains=word)
            | Q(name_en__icontains=word)
            | Q(summary_ko__icontains=word)
            | Q(summary_en__icontains=word)
            | Q(pk__in=by_tag)
        )
    return queryset


def firms_offering(queryset: QuerySet[Firm], code: str) -> QuerySet[Firm]:
    """Firms with a capability in the technology field, or the area, of this code."""
    offering = Capability.objects.filter(
        Q(tag__field__code=code) | Q(tag__field__area__code=code)
    ).values("firm_id")
    return queryset.filter(pk__in=offering)


def firms_for_user(user) -> QuerySet[Firm]:
    """The firms whose private profile this user may see: own firms, or all for an officer."""
    from accounts.rules import is_officer

    if not user.is_authenticated:
        return Firm.objects.none()
    if is_officer(user):
        return Firm.objects.all()
    return Firm.objects.filter(memberships__user=user)


def firm_with_profile(queryset: QuerySet[Firm]) -> QuerySet[Firm]:
    """Everything a profile page or detail endpoint shows, in a fixed number of queries."""
    return queryset.prefetch_related(
        "revenues",
        "certifications",
        Prefetch(
            "capabilities",
            queryset=Capability.objects.select_related("tag__field__area"),
        ),
        Prefetch(
            "deployments",
            queryset=Deployment.objects.prefetch_related(
                "tags", Prefetch("outcomes", queryset=Outcome.objects.order_by("category", "id"))
            ),
        ),
    )


def profile_checklist(firm: Firm) -> list[dict]:
    """What a complete profile still lacks, item by item, with the page that completes each.

    Each item is {"done", "label", "url", "optional"}; an optional item does not count towards a
    complete profile. Reads only what firm_with_profile prefetched: no query of its own.
    """
    years = last_completed_years()
    revenue_years = {revenue.year for revenue in firm.revenues.all()}
    deployments = list(firm.deployments.all())
    outcomes = [outcome for deployment in deployments for outcome in deployment.outcomes.all()]
    edit = reverse("firm_edit", args=[firm.pk])

    def item(done, label, url, optional=False):
        return {"done": bool(done), "label": label, "url": url, "optional": optional}

    return [
        item(
            firm.founded_on and firm.address and firm.employees is not None and firm.summary_ko,
            _("Founding date, address, employees and a summary"),
            edit,
        ),
        item(firm.main_ksic, _("Main industry code (KSIC)"), edit),
        item(
            firm.rnd_staff is not None and firm.rnd_spend is not None,
            _("R&D figures: dedicated staff and spend"),
            edit,
        ),
        item(
            set(years) <= revenue_years,
            _("Revenue for %(first)d to %(last)d") % {"first": years[-1], "last": years[0]},
            reverse("firm_revenues", args=[firm.pk]),
        ),
        item(
            firm.capabilities.all(),
            _("At least one capability (solution you offer)"),
            reverse("firm_capabilities", args=[firm.pk]),
        ),
        item(
            outcomes,
            _("A reference deployment with measured outcomes"),
            reverse("firm_deployments", args=[firm.pk]),
        ),
        item(
            any(outcome.is_confirmed for outcome in outcomes),
            _("An outcome confirmed by the customer"),
            reverse("firm_deployments", args=[firm.pk]),
            optional=True,
        ),
    ]


def firm_list_annotated(queryset: QuerySet[Firm]) -> QuerySet[Firm]:
    return queryset.annotate(
        confirmed_outcomes=Count(
            "deployments__outcomes",
            filter=Q(deployments__outcomes__confirmation=ConfirmationStatus.CONFIRMED),
            distinct=True,
        )
    )


def registry_list(queryset: QuerySet[Firm]) -> QuerySet[Firm]:
    """Firms as the registry lists them (page and API): confirmed-outcome counts and their
    capabilities. The count groups rows and drops the default ordering: callers order."""
    return firm_list_annotated(queryset).prefetch_related(
        Prefetch("capabilities", queryset=Capability.objects.select_related("tag__field"))
    )


def firm_members(firm: Firm) -> QuerySet[Membership]:
    return firm.memberships.select_related("user").order_by("created_at")


def firm_history(firm: Firm) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(scope=firm.audit_scope).select_related("actor")


def taxonomy_tree() -> QuerySet[TechArea]:
    return TechArea.objects.prefetch_related(
        Prefetch("fields", queryset=TechField.objects.prefetch_related("tags"))
    )


def home_figures() -> dict:
    return {
        "firm_count": public_firms().count(),
        "designated_count": Firm.objects.filter(designation_status=DesignationStatus.VALID).count(),
        "confirmed_outcome_count": Outcome.objects.filter(
            confirmation=ConfirmationStatus.CONFIRMED
        ).count(),
    }
