"""Filters of the programme, referral and support lists."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from programs.enums import GrowthStage, ProgrammeKind, ReferralStatus
from programs.models import Programme, Referral
from registry.api.filters import YesNoFilter


def open_on_q(day) -> Q:
    """Programmes whose application window holds `day` (Programme.is_open_on, in SQL)."""
    return (Q(opens_on__isnull=True) | Q(opens_on__lte=day)) & (
        Q(closes_on__isnull=True) | Q(closes_on__gte=day)
    )


class ProgrammeFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=ProgrammeKind.choices, label=_("Type"))
    stage = filters.ChoiceFilter(
        choices=GrowthStage.choices,
        method="filter_stage",
        label=_("Growth stage"),
        help_text=_("Only programmes serving this growth stage."),
    )
    open = YesNoFilter(
        method="filter_open",
        label=_("Open today"),
        help_text=_("true: only programmes whose application window is open today."),
    )

    class Meta:
        model = Programme
        fields: list[str] = []

    def filter_stage(self, queryset, name, value):
        # JSON `contains` does not exist on SQLite; the quoted code cannot match another stage.
        return queryset.filter(stages__icontains=f'"{value}"')

    def filter_open(self, queryset, name, value):
        window = open_on_q(timezone.localdate())
        return queryset.filter(window) if value else queryset.exclude(window)


class ReferralFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=ReferralStatus.choices, label=_("Status"))
    programme = filters.NumberFilter(
        field_name="programme_id", label=_("Programme"), help_text=_("A programme's id.")
    )
    firm = filters.NumberFilter(field_name="firm_id", label=_("Firm"), help_text=_("A firm's id."))

    class Meta:
        model = Referral
        fields: list[str] = []
