"""Filters of the evaluation's lists: reviews and the reviewer pool."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from evaluations.enums import ExpertStatus, ReviewStage, ReviewStatus
from evaluations.models import Expert, Review
from registry.api.filters import YesNoFilter


class ReviewFilter(filters.FilterSet):
    call = filters.NumberFilter(
        field_name="application__call_id", label=_("Call"), help_text=_("A call's id.")
    )
    stage = filters.ChoiceFilter(
        choices=ReviewStage.choices,
        label=_("Stage"),
        help_text=_("DOCUMENT, ONSITE or APPEAL."),
    )
    status = filters.ChoiceFilter(
        choices=ReviewStatus.choices,
        label=_("Status"),
        help_text=_(
            "ASSIGNED, RELEASED, OPEN, SUBMITTED, CONFLICT, DECLINED or REMOVED (a reviewer "
            "only ever has RELEASED, OPEN and SUBMITTED ones)."
        ),
    )

    class Meta:
        model = Review
        fields: list[str] = []


class ExpertFilter(filters.FilterSet):
    search = filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        help_text=_("Part of the name, affiliation or e-mail address."),
    )
    field = filters.CharFilter(
        field_name="expertise__code",
        label=_("Technology field"),
        help_text=_("A technology field's code: experts with that expertise."),
    )
    status = filters.ChoiceFilter(
        choices=ExpertStatus.choices, label=_("Status"), help_text=_("INVITED, ACTIVE or INACTIVE.")
    )
    available = YesNoFilter(
        label=_("Available"), help_text=_("true: only experts available for assignment.")
    )

    class Meta:
        model = Expert
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(affiliation__icontains=value) | Q(email__icontains=value)
        )
