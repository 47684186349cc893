"""A designation's life through the API: designations, renewal, cases, outcome reports
(placeholder)."""

from rest_framework import viewsets


class DesignationViewSet(viewsets.GenericViewSet):
    pass


class CaseViewSet(viewsets.GenericViewSet):
    pass


class OutcomeReportViewSet(viewsets.GenericViewSet):
    pass
