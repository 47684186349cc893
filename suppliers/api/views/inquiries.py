"""API v1 of inquiries: an SME's inquiry to a listed supplier, the firm's inbox, and the officers'
view of demand.

An inquiry's contact details are the firm's alone: the inbox is for its members (officers get
403); officers see the demand counted by field, region and budget, never who asked.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from registry.api.errors import Conflict
from registry.api.permissions import RulesPermission
from registry.api.schema import error_responses as _errors
from registry.api.throttles import wait_seconds
from suppliers import selectors, services
from suppliers.api import inquiry_serializers as s
from suppliers.api.views.permissions import FirmChildMixin
from suppliers.api.views.schema import FIRM_OWN_PEOPLE, PUBLIC, in_firm
from suppliers.enums import InquiryStatus
from suppliers.inquiry_forms import HONEYPOT
from suppliers.models import Inquiry
from suppliers.throttles import INQUIRY_THROTTLE_SCOPE, InquiryThrottle

# --- the SME's inquiry ---------------------------------------------------------------------------


class SupplierInquiryView(APIView):
    permission_classes = [permissions.AllowAny]
    throttle_scope = INQUIRY_THROTTLE_SCOPE

    @extend_schema(
        summary="Send an inquiry to a supplier",
        description=(
            f"{PUBLIC} Throttled per client address (scope `inquiry`, 5 an hour unless "
            "configured, counted together with the inquiry page; only well-formed inquiries "
            "count). The firm's members are told by e-mail and find it in their inbox. A firm "
            "not in the public registry is a 404. The inquiry keeps the request's language "
            "(Accept-Language). The answer holds no personal data."
        ),
        parameters=[
            OpenApiParameter(
                "firm_pk", int, OpenApiParameter.PATH, description="The supplier's (firm's) id."
            )
        ],
        request=s.InquiryCreateSerializer,
        responses={201: s.InquiryReceiptSerializer, **_errors(400, 404, 429)},
    )
    def post(self, request, firm_pk: int):
        firm = get_object_or_404(selectors.public_firms(), pk=firm_pk)
        serializer = s.InquiryCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self._throttle(request)
        values = dict(serializer.validated_data)
        inquiry = services.inquiry_create(
            firm=firm, language=get_language(), honeypot=values.pop(HONEYPOT, ""), **values
        )
        return Response(s.InquiryReceiptSerializer(inquiry).data, status=status.HTTP_201_CREATED)

    def _throttle(self, request) -> None:
        # After validation, not before: a typo costs no attempt, as on the page.
        wait = wait_seconds(request, InquiryThrottle(), self.throttle_scope)
        if wait:
            self.throttled(request, wait)


# --- the firm's inbox ---------------------------------------------------------------------------


class InquiryFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=InquiryStatus.choices, label=_("Status"))

    class Meta:
        model = Inquiry
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        summary="A firm's inquiries",
        description=(
            f"{FIRM_OWN_PEOPLE} Inquiries SMEs sent the firm, newest first, with their contact "
            "details; `?status=NEW` (ANSWERED, CLOSED) for one status."
        ),
        responses={200: s.InquirySerializer, **_errors(401, 403, 404)},
    ),
    retrieve=extend_schema(
        summary="One of a firm's inquiries",
        description=FIRM_OWN_PEOPLE,
        responses={200: s.InquirySerializer, **_errors(401, 403, 404)},
    ),
    change_status=extend_schema(
        summary="Change an inquiry's status",
        description=(
            f"{FIRM_OWN_PEOPLE} NEW -> ANSWERED or CLOSED, ANSWERED -> CLOSED, CLOSED -> NEW "
            "(reopened); any other move is a 409. The firm answers the sender itself, by e-mail "
            "or phone: the status records that it did."
        ),
        request=s.InquiryStatusSerializer,
        responses={200: s.InquirySerializer, **_errors(400, 401, 403, 404, 409)},
    ),
)
@in_firm
class InquiryViewSet(
    FirmChildMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    read_permission = "suppliers.view_inquiries"
    write_permission = "suppliers.change_inquiry"
    serializer_class = s.InquirySerializer
    filterset_class = InquiryFilter

    def get_queryset(self):
        if self.schema_only():
            return Inquiry.objects.none()
        return selectors.firm_inbox(self.firm)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def change_status(self, request, firm_pk=None, pk=None):
        inquiry = self.get_object()
        serializer = s.InquiryStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.inquiry_transition(
                inquiry=inquiry, to=serializer.validated_data["to"], actor=request.user
            )
        except ValidationError as error:
            if error.code == "inquiry_state":
                raise Conflict(detail=" ".join(error.messages)) from error
            raise
        return Response(self.get_serializer(inquiry).data)


# --- the officers' view of demand ---------------------------------------------------------------


class InquiryDemandView(APIView):
    permission_classes = [RulesPermission]

    def permission_without_object(self, request) -> str:
        return "suppliers.view_inquiry_demand"

    @extend_schema(
        summary="Inquiry demand by field, region and budget",
        description=(
            "Who: officers (403 for other users, 401 without signing in). Inquiries received "
            "in the last `days` days, counted by technology area and field, by the senders' "
            "region and by budget range, with a table of the busiest fields against the "
            "busiest regions. No sender's details."
        ),
        parameters=[s.DemandQuerySerializer],
        responses={200: s.InquiryDemandSerializer, **_errors(400, 401, 403)},
    )
    def get(self, request):
        query = s.DemandQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        demand = selectors.inquiry_demand(days=query.validated_data["days"])
        return Response(s.InquiryDemandSerializer(s.demand_data(demand)).data)
