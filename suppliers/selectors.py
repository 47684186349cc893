"""Reads that are more than one line of ORM."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import AuditEntry
from suppliers.enums import (
    BudgetRange,
    ConfirmationStatus,
    DesignationStatus,
    InquiryStatus,
    Region,
)
from suppliers.models import (
    Capability,
    Deployment,
    Firm,
    Inquiry,
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


def public_firm_names(ids: list[int]) -> list[tuple[int, str]]:
    """(id, Korean name) of those of these firms that the public registry shows, in the order
    given: one query, none for no ids."""
    if not ids:
        return []
    names = dict(public_firms().filter(pk__in=ids).values_list("pk", "name_ko"))
    return [(pk, names[pk]) for pk in ids if pk in names]


def firms_for_user(user) -> QuerySet[Firm]:
    """The firms whose private profile this user may see: own firms, or all for an officer."""
    from accounts.rules import is_officer

    if not user.is_authenticated:
        return Firm.objects.none()
    if is_officer(user):
        return Firm.objects.all()
    return Firm.objects.filter(memberships__user=user)


def firm_with_profile(queryset: QuerySet[Firm]) -> QuerySet[Firm]:
    """Everything the firm's own profile page or endpoint shows, in a fixed number of queries."""
    return public_profile(queryset).prefetch_related("revenues")


def public_profile(queryset: QuerySet[Firm]) -> QuerySet[Firm]:
    """What a supplier's public page, the comparison and the API show: never the revenues."""
    return queryset.prefetch_related(
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


def confirmed_outcome_count(deployments: Iterable[Deployment]) -> int:
    """How many of these deployments' outcomes their customers confirmed: the figure the search
    record, the profile and the comparison show. Reads the prefetched `outcomes` (no query)."""
    return sum(
        outcome.is_confirmed for deployment in deployments for outcome in deployment.outcomes.all()
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
        # Of the firms the registry shows: an unlisted firm's outcomes are not public.
        "confirmed_outcome_count": Outcome.objects.filter(
            confirmation=ConfirmationStatus.CONFIRMED, deployment__firm__in=public_firms()
        ).count(),
    }


# --- inquiries ----------------------------------------------------------------------------------


def firm_inbox(firm: Firm, *, status: str = "") -> QuerySet[Inquiry]:
    """The firm's inquiries, newest first, all of them or those in one status."""
    inquiries = firm.inquiries.select_related("field").order_by("-created_at", "-id")
    return inquiries.filter(status=status) if status else inquiries


def inbox_counts(firm: Firm) -> dict[str, int]:
    """The firm's inquiries per status, every status named (0 when none), in one query."""
    counts = dict.fromkeys(InquiryStatus.values, 0)
    counts.update(firm.inquiries.order_by().values_list("status").annotate(Count("id")))
    return counts


def new_inquiry_count(firm: Firm) -> int:
    return firm.inquiries.filter(status=InquiryStatus.NEW).count()


# The periods the demand view offers, in days; the default is the middle one.
DEMAND_PERIODS = (30, 90, 365)
DEMAND_DEFAULT_DAYS = 90
# The field x region table: the busiest fields (rows) against the busiest regions (columns).
DEMAND_TABLE_FIELDS = 8
DEMAND_TABLE_REGIONS = 6


@dataclass
class InquiryDemand:
    """What SMEs asked suppliers for in a period, counted; nothing about who asked.

    areas: [{"area": TechArea, "count", "fields": [{"field": TechField, "count"}]}], busiest
    first; no_field: inquiries that named no field; regions: [{"region", "label", "count"}],
    busiest first; budgets: every budget range in its order, with its count; table: the busiest
    fields against the busiest regions, {"regions": [{"region", "label"}], "rows": [{"field":
    TechField, "counts": [int per region], "total"}]}.
    """

    days: int
    since: datetime
    total: int = 0
    no_field: int = 0
    areas: list[dict] = field(default_factory=list)
    regions: list[dict] = field(default_factory=list)
    budgets: list[dict] = field(default_factory=list)
    table: dict = field(default_factory=dict)


def inquiry_demand(*, days: int, now: datetime | None = None) -> InquiryDemand:
    """Inquiries of the last `days` days by technology field (and area), region and budget.

    One grouped query (at most fields x regions x budgets rows) and one for the fields' names,
    however many inquiries there are.
    """
    since = (now or timezone.now()) - timedelta(days=days)
    rows = list(
        Inquiry.objects.filter(created_at__gte=since)
        .order_by()
        .values_list("field_id", "region", "budget")
        .annotate(count=Count("id"))
    )
    by_field, by_region, by_budget, by_cell = Counter(), Counter(), Counter(), Counter()
    for field_id, region, budget, count in rows:
        by_field[field_id] += count
        by_region[region] += count
        by_budget[budget] += count
        if field_id is not None:
            by_cell[field_id, region] += count
    fields = TechField.objects.select_related("area").in_bulk(
        [field_id for field_id in by_field if field_id is not None]
    )
    regions = _demand_regions(by_region)
    return InquiryDemand(
        days=days,
        since=since,
        total=sum(by_region.values()),
        no_field=by_field.pop(None, 0),
        areas=_demand_areas(by_field, fields),
        regions=regions,
        budgets=[
            {"budget": budget.value, "label": budget.label, "count": by_budget[budget.value]}
            for budget in BudgetRange
        ],
        table=_demand_table(by_field, by_cell, fields, regions),
    )


def _demand_areas(by_field: Counter, fields: dict[int, TechField]) -> list[dict]:
    areas: dict[int, dict] = {}
    for field_id, count in by_field.items():
        tech_field = fields[field_id]
        entry = areas.setdefault(
            tech_field.area_id, {"area": tech_field.area, "count": 0, "fields": []}
        )
        entry["count"] += count
        entry["fields"].append({"field": tech_field, "count": count})
    for entry in areas.values():
        entry["fields"].sort(key=lambda item: (-item["count"], item["field"].order))
    return sorted(areas.values(), key=lambda entry: (-entry["count"], entry["area"].order))


def _demand_regions(by_region: Counter) -> list[dict]:
    order = {code: index for index, code in enumerate(Region.values)}
    return [
        {"region": code, "label": Region(code).label, "count": count}
        for code, count in sorted(by_region.items(), key=lambda item: (-item[1], order[item[0]]))
    ]


def _demand_table(
    by_field: Counter, by_cell: Counter, fields: dict[int, TechField], regions: list[dict]
) -> dict:
    columns = [
        {"region": entry["region"], "label": entry["label"]}
        for entry in regions[:DEMAND_TABLE_REGIONS]
    ]
    busiest = sorted(by_field, key=lambda field_id: (-by_field[field_id], fields[field_id].order))
    rows = []
    for field_id in busiest[:DEMAND_TABLE_FIELDS]:
        counts = [by_cell[field_id, column["region"]] for column in columns]
        total = by_field[field_id]
        # The regions without a column of their own, so that each row adds up to its total.
        rows.append(
            {
                "field": fields[field_id],
                "counts": counts,
                "other": total - sum(counts),
                "total": total,
            }
        )
    return {"regions": columns, "rows": rows, "has_other": len(regions) > len(columns)}


def certification_states(firm: Firm, today) -> list[tuple]:
    """(certification, its CertificationState on `today`) for each of the firm's certifications,
    in their order: what the firm's page and its public profile show."""
    return [(certificate, certificate.state_on(today)) for certificate in firm.certifications.all()]
