"""Reads of the programs app: the facts the rule engine needs, programme lists, histories."""

import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.rules import is_officer
from designations.models import Designation
from programs.eligibility import DesignationFact, FirmFacts, Rule, SupportFact, labels
from programs.enums import EligibilityStatus, ReferralStatus
from programs.models import (
    BonusConfirmation,
    Eligibility,
    EligibilityRule,
    Programme,
    Referral,
    SupportRecord,
)
from suppliers.enums import Region, Tier
from suppliers.models import Capability, Firm, Membership
from suppliers.selectors import firms_for_user

BONUS_PREFIX = "가점-"


def firm_facts(firm_ids: Iterable[int]) -> dict[int, FirmFacts]:
    """What the rule engine knows of each firm, in 4 queries whatever the number of firms."""
    ids = list(firm_ids)
    fields: dict[int, set[str]] = defaultdict(set)
    for firm_id, field_code, area_code in Capability.objects.filter(firm_id__in=ids).values_list(
        "firm_id", "tag__field__code", "tag__field__area__code"
    ):
        fields[firm_id] |= {field_code, area_code}
    designations: dict[int, list[DesignationFact]] = defaultdict(list)
    for row in Designation.objects.filter(firm_id__in=ids).values(
        "firm_id", "number", "status", "tier", "valid_from", "valid_until"
    ):
        firm_id = row.pop("firm_id")
        designations[firm_id].append(DesignationFact(**row))
    support: dict[int, list[SupportFact]] = defaultdict(list)
    for firm_id, programme_id, amount, granted_on in SupportRecord.objects.filter(
        firm_id__in=ids
    ).values_list("firm_id", "programme_id", "amount", "granted_on"):
        support[firm_id].append(SupportFact(programme_id, amount, granted_on))
    return {
        firm.pk: FirmFacts(
            firm_id=firm.pk,
            size=firm.size_class,
            region=firm.region,
            founded_on=firm.founded_on,
            field_codes=frozenset(fields[firm.pk]),
            designations=tuple(designations[firm.pk]),
            support=tuple(support[firm.pk]),
        )
        for firm in Firm.objects.filter(pk__in=ids).only("pk", "size_class", "region", "founded_on")
    }


def programme_rules(programme: Programme) -> list[Rule]:
    """Reads what `programmes_with_rules` prefetched."""
    return [Rule(kind=rule.kind, params=rule.params) for rule in programme.rules.all()]


def programmes_with_rules(queryset: QuerySet[Programme] | None = None) -> QuerySet[Programme]:
    queryset = Programme.objects.all() if queryset is None else queryset
    return queryset.prefetch_related(
        Prefetch("rules", queryset=EligibilityRule.objects.order_by("order", "id"))
    )


def published_programmes() -> QuerySet[Programme]:
    return Programme.objects.filter(is_published=True)


def programmes_for_user(user) -> QuerySet[Programme]:
    """Programmes this user may manage: their own, or every one for an officer."""
    if not getattr(user, "is_authenticated", False):
        return Programme.objects.none()
    if is_officer(user):
        return Programme.objects.all()
    return Programme.objects.filter(managers=user)


def visible_programmes(user) -> QuerySet[Programme]:
    """Published programmes for anyone, plus the unpublished ones the user manages."""
    own = programmes_for_user(user).values("pk")
    return Programme.objects.filter(Q(is_published=True) | Q(pk__in=own))


# --- ranking: one order for the dashboard panel, the catalogue page and the API ---------------


def _window_order(prefix: str, today) -> list:
    """Open programmes first, then upcoming, then closed; within each the one closing first."""
    state = Case(
        When(**{f"{prefix}opens_on__gt": today}, then=1),
        When(**{f"{prefix}closes_on__lt": today}, then=2),
        default=0,
    )
    return [state, F(f"{prefix}closes_on").asc(nulls_last=True), f"{prefix}name_ko"]


def _eligibility_order(status: str, failed: str, prefix: str) -> list:
    """Eligible, almost eligible, the rest; fewest rules failed; the one that closes first (a
    programme not computed for the firm, unpublished, comes last)."""
    rank = Case(
        When(**{status: EligibilityStatus.ELIGIBLE}, then=0),
        When(**{status: EligibilityStatus.ALMOST}, then=1),
        default=2,
    )
    return [
        rank,
        F(failed).asc(nulls_last=True),
        F(f"{prefix}closes_on").asc(nulls_last=True),
        f"{prefix}name_ko",
    ]


def ranked_programmes(programmes: QuerySet[Programme], *, firm: Firm | None = None):
    """The catalogue's order: for a firm, by its stored eligibility (each programme then carries
    eligibility_status, eligibility_failed and eligibility_results); without one, by the
    application window."""
    if firm is None:
        return programmes.order_by(*_window_order("", timezone.localdate()), "id")
    return programmes.annotate(
        firm_eligibility=FilteredRelation("eligibilities", condition=Q(eligibilities__firm=firm)),
        eligibility_status=F("firm_eligibility__status"),
        eligibility_failed=F("firm_eligibility__failed"),
        eligibility_results=F("firm_eligibility__results"),
    ).order_by(*_eligibility_order("eligibility_status", "eligibility_failed", ""), "id")


def firm_eligibilities(firm: Firm) -> list[Eligibility]:
    """The firm's published programmes in the catalogue's order for the firm. One query."""
    rows = Eligibility.objects.filter(firm=firm, programme__is_published=True)
    order = _eligibility_order("status", "failed", "programme__")
    return list(rows.select_related("programme").order_by(*order, "programme_id"))


def eligibility_badges(user, programme_ids: list[int]) -> dict[int, list[dict]]:
    """{programme id: [{"firm", "status", "label"}]} for each firm the user is a member of."""
    if not user.is_authenticated or not programme_ids:
        return {}
    badges: dict[int, list[dict]] = defaultdict(list)
    rows = (
        Eligibility.objects.filter(firm__memberships__user=user, programme_id__in=programme_ids)
        .values_list("programme_id", "firm__name_ko", "status")
        .order_by("firm__name_ko", "firm_id")
    )
    for programme_id, firm_name, status in rows:
        badges[programme_id].append(
            {"firm": firm_name, "status": status, "label": EligibilityStatus(status).label}
        )
    return badges


def member_firms(user) -> QuerySet[Firm]:
    """The firms the user speaks for (officers see firms, but are members of none)."""
    if not user.is_authenticated:
        return Firm.objects.none()
    return Firm.objects.filter(memberships__user=user).order_by("name_ko", "pk")


def firms_standing(firms: list[Firm], programme: Programme):
    """For these firms and one programme: {firm id: Eligibility} and {firm id: [Referral]}
    (newest first)."""
    eligibilities = {
        e.firm_id: e
        for e in Eligibility.objects.filter(firm__in=firms, programme=programme).select_related(
            "programme"
        )
    }
    referrals: dict[int, list[Referral]] = defaultdict(list)
    for referral in Referral.objects.filter(firm__in=firms, programme=programme).order_by(
        "-created_at", "-id"
    ):
        referrals[referral.firm_id].append(referral)
    return eligibilities, referrals


def latest_referrals(firm: Firm) -> dict[int, Referral]:
    """The firm's newest referral to each programme."""
    latest: dict[int, Referral] = {}
    for referral in Referral.objects.filter(firm=firm).order_by("-created_at", "-id"):
        latest.setdefault(referral.programme_id, referral)
    return latest


def firm_referrals(firm: Firm) -> QuerySet[Referral]:
    return Referral.objects.filter(firm=firm).select_related("programme")


# --- managers ------------------------------------------------------------------------------------


def _count(model, **filters) -> Coalesce:
    rows = (
        model.objects.filter(programme=OuterRef("pk"), **filters)
        .order_by()
        .values("programme")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0, output_field=BigIntegerField())


def programmes_with_counts(programmes: QuerySet[Programme]) -> QuerySet[Programme]:
    """Each programme with its eligible and almost eligible firms, open referrals, support
    records and won given: subqueries, so that no join multiplies another's rows."""
    won = (
        SupportRecord.objects.filter(programme=OuterRef("pk"))
        .order_by()
        .values("programme")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return programmes.annotate(
        eligible_count=_count(Eligibility, status=EligibilityStatus.ELIGIBLE),
        almost_count=_count(Eligibility, status=EligibilityStatus.ALMOST),
        open_referrals=_count(Referral, status=ReferralStatus.SENT),
        support_count=_count(SupportRecord),
        support_won=Coalesce(Subquery(won), 0, output_field=BigIntegerField()),
    )


def eligibility_counts(programme: Programme, statuses: Iterable[str]) -> dict[str, int]:
    rows = (
        Eligibility.objects.filter(programme=programme, status__in=list(statuses))
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def programme_support_records(programme: Programme) -> QuerySet[SupportRecord]:
    return SupportRecord.objects.filter(programme=programme).select_related(
        "programme", "firm", "recorded_by", "referral"
    )


def eligible_firms(programme: Programme, *, status: str = EligibilityStatus.ELIGIBLE):
    return (
        Eligibility.objects.filter(programme=programme, status=status)
        .select_related("firm")
        .order_by("firm__name_ko", "firm_id")
    )


def programme_referrals(programme: Programme, *, status: str = "") -> QuerySet[Referral]:
    referrals = Referral.objects.filter(programme=programme).select_related("firm", "created_by")
    return referrals.filter(status=status) if status else referrals


def referral_counts(programme: Programme) -> dict[str, int]:
    rows = (
        Referral.objects.filter(programme=programme).values_list("status").annotate(n=Count("id"))
    )
    counts = dict.fromkeys(ReferralStatus.values, 0)
    counts.update(dict(rows))
    return counts


def referrals_for_user(user) -> QuerySet[Referral]:
    """Referrals to the programmes the user manages and of the firms they belong to; every one
    for an officer."""
    if not getattr(user, "is_authenticated", False):
        return Referral.objects.none()
    if is_officer(user):
        return Referral.objects.all()
    return Referral.objects.filter(
        Q(programme__in=user.managed_programmes.values("pk"))
        | Q(firm__in=Membership.objects.filter(user=user).values("firm_id"))
    )


def firm_support_history(firm: Firm) -> QuerySet[SupportRecord]:
    return SupportRecord.objects.filter(firm=firm).select_related("programme", "recorded_by")


def _programme_name(row: dict) -> str:
    if get_language() == "en" and row["programme__name_en"]:
        return row["programme__name_en"]
    return row["programme__name_ko"]


def support_statistics(*, since=None, until=None) -> dict:
    """Support given per programme, per tier and per region (number of grants, won, firms), each
    row named in the active language, and the totals.

    The tier and region are the firm's now (the registry's record), not when it was granted.
    """
    records = SupportRecord.objects.all()
    if since:
        records = records.filter(granted_on__gte=since)
    if until:
        records = records.filter(granted_on__lte=until)

    def grouped(*keys: str) -> list[dict]:
        return list(
            records.values(*keys)
            .annotate(grants=Count("id"), amount=Sum("amount"), firms=Count("firm", distinct=True))
            .order_by("-amount", *keys)
        )

    programmes = grouped("programme_id", "programme__name_ko", "programme__name_en")
    tiers, regions = grouped("firm__designation_tier"), grouped("firm__region")
    for row in programmes:
        row["name"] = _programme_name(row)
    for row in tiers:
        row["name"] = labels(Tier, [row["firm__designation_tier"]]) or _("Not designated")
    for row in regions:
        row["name"] = labels(Region, [row["firm__region"]]) or row["firm__region"]
    totals = records.aggregate(
        grants=Count("pk"), firms=Count("firm", distinct=True), amount=Coalesce(Sum("amount"), 0)
    )
    return {"programme": programmes, "tier": tiers, "region": regions, "totals": totals}


# --- bonus-points confirmations ------------------------------------------------------------------


def bonus_confirmations_for_user(user) -> QuerySet[BonusConfirmation]:
    """The confirmations this user may read: their firms' (every one for an officer)."""
    return BonusConfirmation.objects.filter(firm__in=firms_for_user(user)).select_related("firm")


def firm_bonus_confirmations(firm: Firm) -> QuerySet[BonusConfirmation]:
    """With their designations, which say whether each still holds (status_on)."""
    return BonusConfirmation.objects.filter(firm=firm).select_related("designation")


def canonical_bonus_number(raw: str) -> str:
    """가점-2026-ab12cd34, "2026-AB12CD34 " or full-width characters read as 가점-2026-AB12CD34."""
    number = unicodedata.normalize("NFKC", raw or "").strip().upper()
    return number if number.startswith(BONUS_PREFIX) else BONUS_PREFIX + number


def bonus_confirmation_for_verification(raw: str) -> BonusConfirmation | None:
    """The confirmation a typed or scanned number stands for, with what the public sees."""
    return (
        BonusConfirmation.objects.select_related("firm", "designation")
        .filter(number=canonical_bonus_number(raw))
        .first()
    )
