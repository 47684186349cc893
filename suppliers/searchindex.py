"""Keeps the registry's search record (FirmSearch) of each firm.

Every service that changes what the registry shows of a firm (its profile, capabilities,
certifications, deployments, outcome confirmations, designation) calls `index_firm` in its own
transaction, so a search never shows stale data. `index_firms()` rebuilds any number of firms in
batches (the `search_index` command, the nightly refresh, the benchmark).
"""

from collections.abc import Iterable
from datetime import date
from functools import cache

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone, translation

from registry.firm_changes import firm_changed
from suppliers import searchmemory
from suppliers.enums import DesignationStatus, Region
from suppliers.models import (
    Capability,
    Certification,
    Deployment,
    Firm,
    FirmSearch,
    SolutionTag,
    TechArea,
    TechField,
)
from suppliers.search import search_index_changed
from suppliers.searchtokens import facet_token, text_tokens
from suppliers.selectors import confirmed_outcome_count

BATCH_SIZE = 1000
# What of one text (a summary, a description) is indexed: far beyond any real summary.
TEXT_LIMIT = 20_000
# A valid designation outranks any number of confirmed outcomes within a relevance tier.
DESIGNATION_BOOST = 1000
CONFIRMED_BOOST_CAP = 999

_UPDATE_FIELDS = [
    "listed", "name_terms", "tag_terms", "body_terms", "facet_terms", "facets", "name_sort",
    "designated_on", "confirmed_outcomes", "boost", "field_codes", "indexed_at",
]  # fmt: skip


def ksic_division(code: str) -> str:
    """The section letter and division of a KSIC code ("C29280" -> "C29"): the industry served."""
    return code[:3].upper() if len(code) >= 3 else ""


def firms_for_indexing(queryset: QuerySet[Firm]) -> QuerySet[Firm]:
    """Everything a search record is made of, in a fixed number of queries per batch."""
    return queryset.prefetch_related(
        Prefetch("capabilities", queryset=Capability.objects.select_related("tag__field__area")),
        Prefetch("deployments", queryset=Deployment.objects.prefetch_related("outcomes")),
        "certifications",
    )


def search_record(firm: Firm, *, today: date | None = None) -> FirmSearch:
    """The search record of a firm loaded through `firms_for_indexing` (not saved)."""
    today = today or timezone.localdate()
    capabilities = list(firm.capabilities.all())
    deployments = list(firm.deployments.all())
    valid = firm.designation_status == DesignationStatus.VALID
    confirmed = confirmed_outcome_count(deployments)
    field_codes = list(dict.fromkeys(c.tag.field.code for c in capabilities))
    area_codes = list(dict.fromkeys(c.tag.field.area.code for c in capabilities))
    facets = [facet_token("r", firm.region), facet_token("s", firm.size_class)]
    facets.append(facet_token("d", "valid" if valid else "other"))
    if valid and firm.designation_tier:  # a suspended or revoked firm keeps its tier on record
        facets.append(facet_token("t", firm.designation_tier))
    if confirmed:
        facets.append(facet_token("o", "confirmed"))
    facets += [facet_token("f", code) for code in field_codes]
    facets += [facet_token("a", code) for code in area_codes]
    divisions = {ksic_division(d.customer_ksic) for d in deployments} - {""}
    facets += [facet_token("k", division) for division in sorted(divisions)]
    kinds = {c.kind for c in firm.certifications.all() if c.is_valid_on(today)}
    facets += [facet_token("c", kind) for kind in sorted(kinds)]

    def joined(*texts: str) -> str:
        # Each text is cut at TEXT_LIMIT characters: a tsvector holds at most 1 MB.
        tokens = set().union(*(text_tokens(text[:TEXT_LIMIT]) for text in texts))
        return " ".join(sorted(tokens))

    tags = []
    for capability in capabilities:
        tag, tech_field = capability.tag, capability.tag.field
        tags += [tag.name_ko, tag.name_en, tech_field.name_ko, tech_field.name_en]
        tags.append(capability.product_name)
    # The region as the site names it (경남, Gyeongnam): an address may spell it out (경상남도)
    # or leave it to the city (창원시).
    body = [firm.summary_ko, firm.summary_en, firm.address, *region_names(firm.region)]
    body += [c.description for c in capabilities] + [d.title for d in deployments]
    return FirmSearch(
        firm=firm,
        listed=firm.is_public or firm.designation_status != DesignationStatus.NONE,
        name_terms=joined(firm.name_ko, firm.name_en),
        tag_terms=joined(*tags),
        body_terms=joined(*body),
        facet_terms=" ".join(facets),
        facets=facets,
        name_sort=firm.name_ko[:200],
        designated_on=firm.designated_on,
        confirmed_outcomes=confirmed,
        boost=(DESIGNATION_BOOST if valid else 0) + min(confirmed, CONFIRMED_BOOST_CAP),
        field_codes=field_codes,
        indexed_at=timezone.now(),
    )


def index_firms(
    firm_ids: Iterable[int] | None = None, *, batch_size: int = BATCH_SIZE, notify: bool = True
) -> int:
    """(Re)build the search records of these firms, or of all firms; returns how many.

    Apps that keep something else derived from the firm are told (registry.firm_changes),
    unless `notify` is off (a bulk rebuild that changed nothing else).
    """
    firms = Firm.objects.order_by("pk")
    if firm_ids is not None:
        firms = firms.filter(pk__in=list(firm_ids))
    ids = list(firms.values_list("pk", flat=True))
    # For a few firms, their records as they were: their change then carries patches of what
    # changed, which processes' memory indexes take without re-adding whole records.
    before = searchmemory.records_before(ids)
    today = timezone.localdate()
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        records = [
            search_record(firm, today=today)
            for firm in firms_for_indexing(Firm.objects.filter(pk__in=chunk))
        ]
        FirmSearch.objects.bulk_create(
            records, update_conflicts=True, unique_fields=["firm"], update_fields=_UPDATE_FIELDS
        )
    # Cached counts, facets and result pages move on at the commit.
    search_index_changed(ids, before)
    if notify:
        firm_changed(ids)
    return len(ids)


def index_firm(firm_id: int) -> None:
    """Rebuild one firm's search record, inside the caller's transaction."""
    index_firms([firm_id])


def firms_with_certifications_turned(today: date | None = None) -> QuerySet[Firm]:
    """Firms indexed before a certification's validity began or ended: the certification facet
    changed with the date, not with any edit."""
    today = today or timezone.localdate()
    lapsed = Q(valid_until__lt=today, firm__search__indexed_at__date__lte=F("valid_until"))
    begun = Q(valid_from__lte=today, firm__search__indexed_at__date__lt=F("valid_from"))
    turned = Certification.objects.filter(lapsed | begun)
    return Firm.objects.filter(pk__in=turned.values("firm_id"))


@cache
def region_names(region: str) -> tuple[str, ...]:
    """A region's Korean and English names, as the site shows them."""
    if region not in Region.values:
        return ()
    label = Region(region).label
    with translation.override("ko"):
        korean = str(label)
    with translation.override("en"):
        return (korean, str(label))


def firms_using(entry: TechArea | TechField | SolutionTag) -> QuerySet[Firm]:
    """Firms with a capability under this taxonomy entry: its tag, or a tag of its field or area."""
    lookup = {
        SolutionTag: "capabilities__tag",
        TechField: "capabilities__tag__field",
        TechArea: "capabilities__tag__field__area",
    }[type(entry)]
    return Firm.objects.filter(**{lookup: entry}).distinct()
