"""Filters of the public registry list (`GET /api/v1/suppliers/`)."""

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from suppliers.enums import DesignationStatus, Region, SizeClass, Tier
from suppliers.models import Capability, Firm

# A longer query is cut here: every word adds a condition to the one SQL statement.
SEARCH_MAX_WORDS = 8


def search_firms(queryset: QuerySet[Firm], text: str) -> QuerySet[Firm]:
    """Firms matching every word of `text`, Korean or English, also inside longer words.

    A word matches the firm's names and summaries in both languages and the names of the
    solution tags it offers. This is the one place the registry search lives: the indexed search
    that replaces it later keeps this signature. Subqueries rather than joins keep the firms
    distinct.
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


class SupplierOrdering(filters.OrderingFilter):
    """Orders by the public names; empty designation dates last; name and id break ties."""

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = [self._expression(param) for param in value]
        return qs.order_by(*ordering, "name_ko", "id")

    def _expression(self, param: str):
        descending = param.startswith("-")
        field = F(self.get_ordering_value(param).lstrip("-"))
        return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)


class SupplierFilter(filters.FilterSet):
    search = filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        help_text=_(
            "Words in Korean or English, also parts of words; each must appear in the firm's "
            "name, summary or the names of its solution tags."
        ),
    )
    field = filters.CharFilter(
        method="filter_field",
        label=_("Technology field"),
        help_text=_(
            "A technology field code (e.g. INFO-MES) or an area code (e.g. INFO): firms offering "
            "a solution tag in it. The codes are in /api/v1/taxonomy/."
        ),
    )
    region = filters.ChoiceFilter(choices=Region.choices, label=_("Region"))
    size = filters.ChoiceFilter(field_name="size_class", choices=SizeClass.choices, label=_("Size"))
    designated = filters.BooleanFilter(
        method="filter_designated",
        label=_("Designated"),
        help_text=_("true: only firms with a valid designation; false: all others."),
    )
    tier = filters.ChoiceFilter(field_name="designation_tier", choices=Tier.choices)
    ordering = SupplierOrdering(
        fields=(
            ("name_ko", "name"),
            ("designated_on", "designated_on"),
            ("confirmed_outcomes", "confirmed_outcomes"),
        ),
        help_text=_("name, designated_on or confirmed_outcomes; a leading - reverses."),
    )

    class Meta:
        model = Firm
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        return search_firms(queryset, value)

    def filter_field(self, queryset, name, value):
        offering = Capability.objects.filter(
            Q(tag__field__code=value) | Q(tag__field__area__code=value)
        ).values("firm_id")
        return queryset.filter(pk__in=offering)

    def filter_designated(self, queryset, name, value):
        valid = Q(designation_status=DesignationStatus.VALID)
        return queryset.filter(valid if value else ~valid)
