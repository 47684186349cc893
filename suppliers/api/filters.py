"""Filters of the public registry list (`GET /api/v1/suppliers/`)."""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from suppliers.enums import DesignationStatus, Region, SizeClass, Tier
from suppliers.models import Firm
from suppliers.selectors import firms_offering, search_firms


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
        return firms_offering(queryset, value)

    def filter_designated(self, queryset, name, value):
        valid = Q(designation_status=DesignationStatus.VALID)
        return queryset.filter(valid if value else ~valid)
