"""Filters of the call and application lists."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from designations.enums import ApplicationStatus, CallStatus, Track
from designations.models import Application, Call
from registry.api.filters import YesNoFilter


class CallFilter(filters.FilterSet):
    status = filters.ChoiceFilter(
        choices=CallStatus.choices,
        label=_("Status"),
        help_text=_("DRAFT (officers only), PUBLISHED or CLOSED."),
    )
    track = filters.ChoiceFilter(choices=Track.choices, label=_("Track"))
    open = YesNoFilter(
        method="filter_open",
        label=_("Open now"),
        help_text=_("true: only calls published and inside their window now."),
    )

    class Meta:
        model = Call
        fields: list[str] = []

    def filter_open(self, queryset, name, value):
        from designations.selectors import open_calls

        open_ids = open_calls().values("id")
        return queryset.filter(id__in=open_ids) if value else queryset.exclude(id__in=open_ids)


class ApplicationFilter(filters.FilterSet):
    call = filters.NumberFilter(field_name="call_id", label=_("Call"), help_text=_("A call's id."))
    firm = filters.NumberFilter(field_name="firm_id", label=_("Firm"), help_text=_("A firm's id."))
    status = filters.ChoiceFilter(choices=ApplicationStatus.choices, label=_("Status"))

    class Meta:
        model = Application
        fields: list[str] = []
