"""API v1 for the public registry and for firms' own profiles.

Every write calls a service in suppliers.services; serializers only validate and format. A firm
is first looked up among the firms the caller may see (selectors.firms_for_user), so one they
may not see is a 404; then the django-rules permission the request needs is checked on it, so
one they see but may not change is a 403.
"""

import rules
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

from registry.api.schema import error_responses as _errors
from registry.models import AuditEntry
from registry.uploads import FILE_TYPES
from suppliers import selectors, services
from suppliers.api import serializers as s
from suppliers.api.filters import SupplierFilter
from suppliers.evidence import evidence_response
from suppliers.models import (
    Capability,
    Certification,
    Deployment,
    Firm,
    FirmRevenue,
    Membership,
    Outcome,
)

# --- schema pieces -----------------------------------------------------------------------------

FIRM_READERS = "Who: the firm's members and officers; for anyone else the firm is a 404."
FIRM_WRITERS = "Who: the firm's members and officers (401 when not signed in; 404 for other users)."
FIRM_OWN_PEOPLE = (
    "Who: the firm's members only: an officer gets 403, other users 404, no sign-in 401."
)
PUBLIC = "Who: anyone, without signing in."

FIRM_PK = OpenApiParameter("firm_pk", int, OpenApiParameter.PATH, description="The firm's id.")
DEPLOYMENT_PK = OpenApiParameter(
    "deployment_pk", int, OpenApiParameter.PATH, description="The reference deployment's id."
)
in_firm = extend_schema(parameters=[FIRM_PK])


# --- throttles ---------------------------------------------------------------------------------


class AccessRequestThrottle(ScopedRateThrottle):
    """Access requests per user (per address when anonymous), at the rate named by the view's
    `throttle_scope` in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].

    Without that entry DRF would fail every request with ImproperlyConfigured; this throttle
    falls back to `default_rate` instead. The rates are read on each request, not once at import
    as DRF's own throttles do, so a changed setting takes effect.
    """

    default_rate = "10/hour"

    def get_rate(self) -> str:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) or self.default_rate


# --- permissions -------------------------------------------------------------------------------


class FirmPermission(permissions.BasePermission):
    """The django-rules permission the view names for this request, checked on the firm.

    Signing in comes first (401). The firm was looked up among those the user may see, so what
    is left to answer here is 403.
    """

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        perm = view.permission_without_object(request)
        return perm is None or rules.has_perm(perm, request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        firm = obj if isinstance(obj, Firm) else view.firm
        perm = view.required_permission(request)
        return perm is None or rules.has_perm(perm, request.user, firm)


class FirmRulesMixin:
    """Names the django-rules permission each request needs; FirmPermission checks it."""

    permission_classes = [FirmPermission]
    read_permission: str | None = "suppliers.view_firm"
    write_permission: str | None = "suppliers.change_firm"

    def required_permission(self, request) -> str | None:
        if request.method in permissions.SAFE_METHODS:
            return self.read_permission
        return self.write_permission

    def permission_without_object(self, request) -> str | None:
        return None

    def handle_exception(self, exc):
        # API.md promises {"detail": "message"} for an error that names no field.
        if isinstance(exc, DjangoValidationError) and not hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError({"detail": " ".join(exc.messages)})
        return super().handle_exception(exc)


class FirmChildMixin(FirmRulesMixin):
    """For views under /firms/{firm_pk}/: the firm comes from the caller's scope first."""

    firm: Firm

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        scope = selectors.firms_for_user(request.user)
        self.firm = get_object_or_404(scope, pk=kwargs["firm_pk"])
        self.check_object_permissions(request, self.firm)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "firm": getattr(self, "firm", None)}

    def schema_only(self) -> bool:
        return getattr(self, "swagger_fake_view", False)


def _listed(firms):
    """Firms as lists show them. The count annotation groups rows, which drops the default
    ordering, so it is named again."""
    return (
        selectors.firm_list_annotated(firms)
        .prefetch_related(
            Prefetch("capabilities", queryset=Capability.objects.select_related("tag__field"))
        )
        .order_by("name_ko", "id")
    )


# --- public: taxonomy and registry -------------------------------------------------------------


@extend_schema(
    tags=["registry"],
    summary="The technology taxonomy",
    description=(
        f"{PUBLIC} The areas, paginated like every list (the default page of 20 holds all "
        "of them); inside each area its fields (strategic ones flagged) and the solution tags "
        "of each field, with codes and Korean and English names."
    ),
)
class TaxonomyView(ListAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = s.TechAreaSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.taxonomy_tree()


@extend_schema_view(
    list=extend_schema(
        summary="Search the public registry",
        description=(
            f"{PUBLIC} Listed firms and every firm with a designation record, paginated "
            "(`?page=`, `?page_size=` up to 100). Each firm appears once."
        ),
        responses={200: s.SupplierListSerializer, **_errors(400)},
    ),
    retrieve=extend_schema(
        summary="A supplier's public profile",
        description=(
            f"{PUBLIC} Capabilities, certifications, reference deployments with their outcomes "
            "(customers shown anonymised when the firm asked; no evidence files) and the "
            "designation. No revenue. A firm not in the public registry is a 404."
        ),
        responses={200: s.SupplierDetailSerializer, **_errors(404)},
    ),
)
class SupplierViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.AllowAny]
    filterset_class = SupplierFilter

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.firm_with_profile(selectors.public_firms())
        return _listed(selectors.public_firms())

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.SupplierDetailSerializer
        return s.SupplierListSerializer

    def filter_queryset(self, queryset):
        # The filters and orderings are the list's; a profile is found by its id alone.
        return super().filter_queryset(queryset) if self.action == "list" else queryset


# --- firms -------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="The caller's firms",
        description=(
            "Who: any signed-in user: the firms they are a member of; officers see every firm."
        ),
        responses={200: s.SupplierListSerializer, **_errors(401)},
    ),
    create=extend_schema(
        summary="Register a firm",
        description=(
            "Who: any signed-in user, who becomes the firm's representative member. "
            "`business_number` must pass the 사업자등록번호 checksum. A number already "
            "registered is a 400 that names the firm and the address where the caller, sending "
            "the same `business_number`, asks its members for access."
        ),
        request=s.FirmRegisterSerializer,
        responses={
            201: s.FirmProfileSerializer,
            400: OpenApiResponse(
                response=s.FirmTakenSerializer,
                description="Invalid input ({field: [messages]}), or the number is taken.",
            ),
            **_errors(401),
        },
    ),
    retrieve=extend_schema(
        summary="A firm's full profile",
        description=f"{FIRM_READERS} Revenues, R&D, capabilities, deployments, members.",
        responses={200: s.FirmProfileSerializer, **_errors(401, 404)},
    ),
    partial_update=extend_schema(
        summary="Change a firm's profile",
        description=f"{FIRM_WRITERS} The business number cannot change.",
        request=s.FirmWriteSerializer,
        responses={200: s.FirmProfileSerializer, **_errors(400, 401, 404)},
    ),
    access_requests=extend_schema(
        summary="Ask a firm's members for access",
        description=(
            "Who: any signed-in user who is not yet a member, for any registered firm, named "
            "by its `business_number` as well as its id: a number that is not that firm's is a "
            "404, like an id that does not exist, so firms outside the public registry cannot "
            "be found by trying ids. The firm's members are told and may accept. Throttled "
            "per user (scope `access_request`, 10 an hour unless configured)."
        ),
        request=s.AccessRequestSerializer,
        responses={201: s.AccessRequestSerializer, **_errors(400, 401, 404, 429)},
    ),
)
class FirmViewSet(FirmRulesMixin, viewsets.GenericViewSet):
    filter_backends: list = []
    serializer_class = s.FirmProfileSerializer
    throttle_scope: str | None = None  # set by the actions that add AccessRequestThrottle

    def permission_without_object(self, request):
        return "suppliers.register_firm" if self.action == "create" else None

    def get_queryset(self):
        firms = selectors.firms_for_user(self.request.user)
        if self.action == "list":
            return _listed(firms)
        return selectors.firm_with_profile(firms).prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("user"))
        )

    def get_serializer_class(self):
        return {
            "list": s.SupplierListSerializer,
            "create": s.FirmRegisterSerializer,
            "partial_update": s.FirmWriteSerializer,
            "access_requests": s.AccessRequestSerializer,
        }.get(self.action, s.FirmProfileSerializer)

    def _profile(self, firm_id: int) -> dict:
        firm = self.get_queryset().get(pk=firm_id)
        return s.FirmProfileSerializer(firm, context=self.get_serializer_context()).data

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            firm = services.firm_register(actor=request.user, **serializer.validated_data)
        except services.FirmAlreadyRegistered as taken:
            path = reverse("api-firm-access-requests", args=[taken.firm.pk])
            body = {
                **taken.message_dict,
                "firm_id": taken.firm.pk,
                "access_request_url": request.build_absolute_uri(path),
            }
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        location = request.build_absolute_uri(reverse("api-firm-detail", args=[firm.pk]))
        return Response(
            self._profile(firm.pk), status=status.HTTP_201_CREATED, headers={"Location": location}
        )

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    def partial_update(self, request, pk=None):
        firm = self.get_object()
        serializer = self.get_serializer(firm, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.firm_update(firm=firm, actor=request.user, changes=serializer.validated_data)
        return Response(self._profile(firm.pk))

    @action(
        detail=True,
        methods=["post"],
        url_path="access-requests",
        throttle_classes=[*api_settings.DEFAULT_THROTTLE_CLASSES, AccessRequestThrottle],
        throttle_scope="access_request",
    )
    def access_requests(self, request, pk=None):
        # Any registered firm, listed or not (the answer to a duplicate registration points
        # here), but only for a caller who knows its business number: the body is checked
        # before the firm is looked up, so the answer never tells whether an id exists.
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        number = serializer.validated_data["business_number"]
        firm = get_object_or_404(Firm, pk=pk, business_number=number)
        access_request = services.access_request_create(
            firm=firm, user=request.user, message=serializer.validated_data.get("message", "")
        )
        return Response(self.get_serializer(access_request).data, status=status.HTTP_201_CREATED)


# --- the firm's profile, piece by piece --------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="A firm's annual revenues",
        description=f"{FIRM_READERS} Latest year first.",
        responses={200: s.RevenueSerializer, **_errors(401, 404)},
    ),
    create=extend_schema(
        summary="Set a year's revenue",
        description=f"{FIRM_WRITERS} Creates the year (201) or replaces it (200).",
        responses={200: s.RevenueSerializer, 201: s.RevenueSerializer, **_errors(400, 401, 404)},
    ),
    update=extend_schema(
        summary="Set the revenue of the year in the address",
        description=f"{FIRM_WRITERS} Creates the year (201) or replaces it (200).",
        request=s.RevenueYearSerializer,
        responses={200: s.RevenueSerializer, 201: s.RevenueSerializer, **_errors(400, 401, 404)},
    ),
    destroy=extend_schema(
        summary="Remove a year's revenue",
        description=FIRM_WRITERS,
        responses={204: None, **_errors(401, 404)},
    ),
)
@in_firm
class RevenueViewSet(FirmChildMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = s.RevenueSerializer
    lookup_field = "year"
    lookup_value_regex = "[0-9]{4}"

    def get_queryset(self):
        if self.schema_only():
            return FirmRevenue.objects.none()
        return self.firm.revenues.all()

    def _set(self, year: int, values: dict) -> Response:
        existed = self.firm.revenues.filter(year=year).exists()
        revenue = services.firm_set_revenue(
            firm=self.firm, actor=self.request.user, year=year, **values
        )
        answer = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(s.RevenueSerializer(revenue).data, status=answer)

    def create(self, request, firm_pk=None):
        serializer = s.RevenueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        return self._set(values.pop("year"), values)

    def update(self, request, firm_pk=None, year=None):
        serializer = s.RevenueYearSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._set(int(year), serializer.validated_data)

    def destroy(self, request, firm_pk=None, year=None):
        services.firm_remove_revenue(revenue=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class _ProfilePartViewSet(
    FirmChildMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """List, read, add, change and remove one kind of profile part through its services."""

    def save(self, instance, values: dict):
        raise NotImplementedError

    def remove(self, instance) -> None:
        raise NotImplementedError

    def create(self, request, firm_pk=None, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        saved = self.save(None, dict(serializer.validated_data))
        return Response(self.get_serializer(saved).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, firm_pk=None, pk=None, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        saved = self.save(instance, dict(serializer.validated_data))
        return Response(self.get_serializer(saved).data)

    def destroy(self, request, firm_pk=None, pk=None, **kwargs):
        self.remove(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


def _part_schema(noun: str, serializer) -> dict:
    return {
        "list": extend_schema(
            summary=f"A firm's {noun}s",
            description=FIRM_READERS,
            responses={200: serializer, **_errors(401, 404)},
        ),
        "retrieve": extend_schema(
            summary=f"One {noun}",
            description=FIRM_READERS,
            responses={200: serializer, **_errors(401, 404)},
        ),
        "create": extend_schema(
            summary=f"Add a {noun}",
            description=FIRM_WRITERS,
            responses={201: serializer, **_errors(400, 401, 404)},
        ),
        "partial_update": extend_schema(
            summary=f"Change a {noun}",
            description=FIRM_WRITERS,
            responses={200: serializer, **_errors(400, 401, 404)},
        ),
        "destroy": extend_schema(
            summary=f"Remove a {noun}",
            description=FIRM_WRITERS,
            responses={204: None, **_errors(401, 404)},
        ),
    }


@extend_schema_view(**_part_schema("capability", s.CapabilitySerializer))
@in_firm
class CapabilityViewSet(_ProfilePartViewSet):
    serializer_class = s.CapabilitySerializer

    def get_queryset(self):
        if self.schema_only():
            return Capability.objects.none()
        return self.firm.capabilities.select_related("tag__field__area")

    def save(self, capability, values):
        if capability is not None:  # the service sets all three: keep what PATCH leaves out
            values = {
                "tag": capability.tag,
                "product_name": capability.product_name,
                "description": capability.description,
                **values,
            }
        return services.capability_save(
            firm=self.firm, actor=self.request.user, capability=capability, **values
        )

    def remove(self, capability):
        services.capability_remove(capability=capability, actor=self.request.user)


@extend_schema_view(**_part_schema("certification", s.CertificationSerializer))
@in_firm
class CertificationViewSet(_ProfilePartViewSet):
    serializer_class = s.CertificationSerializer

    def get_queryset(self):
        if self.schema_only():
            return Certification.objects.none()
        return self.firm.certifications.all()

    def save(self, certification, values):
        return services.certification_save(
            firm=self.firm, actor=self.request.user, certification=certification, **values
        )

    def remove(self, certification):
        services.certification_remove(certification=certification, actor=self.request.user)


@extend_schema_view(
    **_part_schema("reference deployment", s.DeploymentSerializer),
    confirmation_request=extend_schema(
        summary="Ask the customer to confirm the outcomes",
        description=(
            f"{FIRM_OWN_PEOPLE} Mails the customer a signed link; the deployment's outcomes "
            "await the answer. 400 when the deployment has no outcome."
        ),
        request=s.ConfirmationRequestSerializer,
        responses={201: s.ConfirmationRequestSerializer, **_errors(400, 401, 403, 404)},
    ),
)
@in_firm
class DeploymentViewSet(_ProfilePartViewSet):
    serializer_class = s.DeploymentSerializer

    def get_queryset(self):
        if self.schema_only():
            return Deployment.objects.none()
        return self.firm.deployments.prefetch_related("tags", "outcomes")

    def get_serializer_class(self):
        if self.action == "confirmation_request":
            return s.ConfirmationRequestSerializer
        return s.DeploymentSerializer

    def required_permission(self, request):
        if self.action == "confirmation_request":
            return "suppliers.request_confirmation"
        return super().required_permission(request)

    def save(self, deployment, values):
        tags = values.pop("tags", None)
        deployment = services.deployment_save(
            firm=self.firm, actor=self.request.user, deployment=deployment, tags=tags, **values
        )
        return self.get_queryset().get(pk=deployment.pk)

    def remove(self, deployment):
        services.deployment_remove(deployment=deployment, actor=self.request.user)

    @action(detail=True, methods=["post"], url_path="confirmation-request")
    def confirmation_request(self, request, firm_pk=None, pk=None):
        deployment = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        confirmation = services.confirmation_request_send(
            deployment=deployment, actor=request.user, **serializer.validated_data
        )
        return Response(self.get_serializer(confirmation).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    **_part_schema("deployment outcome", s.OutcomeSerializer),
    evidence=extend_schema(
        summary="Download an outcome's evidence file",
        description=(
            f"{FIRM_READERS} Served as an attachment with the type its content was found to be "
            "at upload (application/octet-stream for a file of no known type). 404 when the "
            "outcome has no file or the file is gone from storage."
        ),
        responses={
            **{(200, mime): OpenApiTypes.BINARY for _ext, mime in FILE_TYPES.values()},
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            **_errors(401, 404),
        },
    ),
)
@extend_schema(parameters=[FIRM_PK, DEPLOYMENT_PK])
class OutcomeViewSet(_ProfilePartViewSet):
    serializer_class = s.OutcomeSerializer

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.deployment = get_object_or_404(self.firm.deployments.all(), pk=kwargs["deployment_pk"])

    def get_queryset(self):
        if self.schema_only():
            return Outcome.objects.none()
        return self.deployment.outcomes.all()

    def save(self, outcome, values):
        return services.outcome_save(
            deployment=self.deployment, actor=self.request.user, outcome=outcome, **values
        )

    def remove(self, outcome):
        services.outcome_remove(outcome=outcome, actor=self.request.user)

    @action(detail=True, methods=["get"])
    def evidence(self, request, firm_pk=None, deployment_pk=None, pk=None):
        return evidence_response(self.get_object())


@extend_schema_view(
    list=extend_schema(
        summary="A firm's members",
        description=FIRM_READERS,
        responses={200: s.MembershipSerializer, **_errors(401, 404)},
    ),
    create=extend_schema(
        summary="Invite a colleague",
        description=f"{FIRM_OWN_PEOPLE} Mails an invitation link to the address.",
        request=s.InvitationSerializer,
        responses={201: s.InvitationSerializer, **_errors(400, 401, 403, 404)},
    ),
    destroy=extend_schema(
        summary="Remove a member",
        description=(
            f"{FIRM_OWN_PEOPLE} A member may also remove themself. The firm keeps at least "
            "one member: removing the last one is a 400 with a `detail`."
        ),
        responses={204: None, **_errors(400, 401, 403, 404)},
    ),
)
@in_firm
class MemberViewSet(FirmChildMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    write_permission = "suppliers.manage_members"

    def get_queryset(self):
        if self.schema_only():
            return Membership.objects.none()
        return selectors.firm_members(self.firm)

    def get_serializer_class(self):
        return s.InvitationSerializer if self.action == "create" else s.MembershipSerializer

    def create(self, request, firm_pk=None):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitation = services.member_invite(
            firm=self.firm, actor=request.user, email=serializer.validated_data["email"]
        )
        return Response(self.get_serializer(invitation).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, firm_pk=None, pk=None):
        services.membership_remove(membership=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(
        summary="A firm's change history",
        description=(
            f"{FIRM_READERS} Every recorded change to the firm and its profile, newest first: "
            "when, who, what and the changed values."
        ),
        responses={200: s.HistoryEntrySerializer, **_errors(401, 404)},
    ),
)
@in_firm
class HistoryViewSet(FirmChildMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    read_permission = "suppliers.view_firm_history"
    serializer_class = s.HistoryEntrySerializer

    def get_queryset(self):
        if self.schema_only():
            return AuditEntry.objects.none()
        return selectors.firm_history(self.firm)
