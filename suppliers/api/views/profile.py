"""API v1 for a firm's profile, piece by piece: revenues, capabilities, certifications,
reference deployments and their outcomes."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from registry.api.schema import error_responses as _errors
from registry.uploads import FILE_TYPES
from suppliers import services
from suppliers.api import serializers as s
from suppliers.api.views.permissions import FirmChildMixin
from suppliers.api.views.schema import (
    DEPLOYMENT_PK,
    FIRM_OWN_PEOPLE,
    FIRM_PK,
    FIRM_READERS,
    FIRM_WRITERS,
    in_firm,
)
from suppliers.evidence import evidence_response
from suppliers.models import Capability, Certification, Deployment, FirmRevenue, Outcome


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
