"""Reads of the programs app: the facts the rule engine needs, programme lists, histories."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from accounts.rules import is_officer
from designations.models import Designation
from programs.eligibility import DesignationFact, FirmFacts, Rule, SupportFact
from programs.enums import EligibilityStatus, ReferralStatus
from programs.models import Eligibility, EligibilityRule, Programme, Referral, SupportRecord
from suppliers.models import Capability, Firm, Membership


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


_RANK = {EligibilityStatus.ELIGIBLE: 0, EligibilityStatus.ALMOST: 1}


def firm_eligibilities(firm: Firm) -> list[Eligibility]:
    """The firm's programmes, eligible first, then almost eligible, then the rest; within each
    the programme that closes first. One query."""
    rows = list(
        Eligibility.objects.filter(firm=firm, programme__is_published=True).select_related(
            "programme"
        )
    )
    far = timezone.localdate().replace(year=9999)
    return sorted(
        rows,
        key=lambda e: (_RANK.get(e.status, 2), e.failed, e.programme.closes_on or far,
                       e.programme.name_ko),
    )  # fmt: skip


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


def support_statistics(*, since=None, until=None) -> dict[str, list[dict]]:
    """Support given per programme, per tier and per region: number of grants and won.

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

    return {
        "programme": grouped("programme_id", "programme__name_ko", "programme__name_en"),
        "tier": grouped("firm__designation_tier"),
        "region": grouped("firm__region"),
    }
