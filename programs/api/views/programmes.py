"""API v1 for support programmes: the catalogue (with a firm's eligibility), the managers'
programmes and rules, the firms eligible, referrals sent to a programme, support given, and the
ministry's statistics."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rules import has_perm

from programs import selectors, services
from programs.api import serializers as s
from programs.api.filters import ProgrammeFilter
from programs.api.views.permissions import RulesMixin
from programs.api.views.referrals import referral_response
from programs.api.views.schema import ANYONE, CREATORS, ELIGIBLE_FOR, MANAGERS, OFFICERS
from programs.enums import EligibilityStatus
from programs.manage_forms import PeriodForm
from programs.models import Programme
from registry.api.schema import error_responses as _errors
from suppliers.models import Firm
from suppliers.selectors import firms_for_user

E = EligibilityStatus


CATALOGUE = PolymorphicProxySerializer(
    component_name="ProgrammeInCatalogue",
    serializers=[s.ProgrammeSerializer, s.ProgrammeForFirmSerializer],
    resource_type_field_name=None,
)
ELIGIBILITY_STATUS = OpenApiParameter(
    "status",
    str,
    OpenApiParameter.QUERY,
    enum=[E.ELIGIBLE, E.ALMOST],
    default=E.ELIGIBLE,
    description="ELIGIBLE, or ALMOST: firms that miss exactly one rule.",
)


@extend_schema_view(
    list=extend_schema(
        summary="Support programmes",
        description=(
            f"{ANYONE} As the catalogue page ranks them: open first, then upcoming, then "
            "closed; within each, the one that closes first; paginated. `?kind=`, `?stage=`, "
            "`?open=true` (window open today). Each with its benefit, window, growth stages "
            "and rules, each rule's "
            "`requirement` said in the request's language. With `?eligible_for=<firm id>` each "
            "also has the firm's eligibility (see the parameter) and the list is ranked for "
            "the firm."
        ),
        parameters=[ELIGIBLE_FOR],
        responses={200: CATALOGUE, **_errors(400, 401, 403, 404)},
    ),
    retrieve=extend_schema(
        summary="A support programme",
        description=f"{ANYONE} As in the list; `?eligible_for=` works here too.",
        parameters=[ELIGIBLE_FOR],
        responses={200: CATALOGUE, **_errors(400, 401, 403, 404)},
    ),
    create=extend_schema(
        summary="Create a support programme",
        description=(
            f"{CREATORS} The caller becomes one of its managers. Rules are set apart "
            "(PUT .../rules/)."
        ),
        request=s.ProgrammeWriteSerializer,
        responses={201: s.ProgrammeSerializer, **_errors(400, 401, 403)},
    ),
    partial_update=extend_schema(
        summary="Change a support programme",
        description=f"{MANAGERS} Any of the fields; firms' eligibility is recomputed.",
        request=s.ProgrammeWriteSerializer,
        responses={200: s.ProgrammeSerializer, **_errors(400, 401, 403, 404)},
    ),
    rules=extend_schema(
        summary="Replace a programme's eligibility rules",
        description=(
            f'{MANAGERS} The body is the whole list, in order: [{{"kind", "params"}}] '
            "(params per kind as programs.eligibility documents them). A rule that does not "
            "hold is a 400 keyed `rules.<position>`. Every firm's eligibility is recomputed "
            "after the change."
        ),
        request=s.RuleWriteSerializer(many=True),
        responses={200: s.ProgrammeSerializer, **_errors(400, 401, 403, 404)},
    ),
    eligible_firms=extend_schema(
        summary="Firms eligible for a programme",
        description=(
            f"{MANAGERS} By firm name, paginated; `?status=ALMOST` for the firms one rule "
            "short, each with what it misses."
        ),
        parameters=[ELIGIBILITY_STATUS],
        responses={200: s.EligibleFirmSerializer(many=True), **_errors(400, 401, 403, 404)},
    ),
    referrals=extend_schema(
        summary="Refer a firm to a programme",
        description=(
            "Who: the firm's members (an officer gets 403; a firm the caller is not a member "
            "of is a 404, as one that does not exist; no sign-in 401). One click: the "
            "programme's managers receive the "
            "firm's data as it stands (a snapshot) by e-mail. 400 when the firm is not eligible "
            "(or the programme is unpublished); 409 when a referral of the firm to it is "
            "still open."
        ),
        request=s.ReferralCreateSerializer,
        responses={201: s.ReferralDetailSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
    statistics=extend_schema(
        summary="Support given per programme, tier and region",
        description=(
            f"{OFFICERS} Support records granted between `since` and `until` (inclusive; "
            "as on the statistics page, this calendar year where one is not given): grants, "
            "won and firms in all, by programme, and by the firm's tier and region now."
        ),
        parameters=[s.StatisticsQuerySerializer],
        responses={200: s.StatisticsSerializer, **_errors(400, 401, 403)},
    ),
)
@extend_schema(tags=["programs"])
class ProgrammeViewSet(RulesMixin, viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]+"
    public_actions = frozenset({"list", "retrieve"})
    action_permissions = {
        "partial_update": "programs.change_programme",
        "rules": "programs.change_programme",
        "eligible_firms": "programs.view_eligible_firms",
        "support": "programs.record_support",
    }
    _firm: Firm | None = None

    @property
    def filterset_class(self):
        return ProgrammeFilter if self.action == "list" else None

    def permission_without_object(self, request):
        return {
            "create": "programs.add_programme",
            "statistics": "programs.view_statistics",
        }.get(self.action)

    def eligibility_firm(self) -> Firm | None:
        """The firm of `?eligible_for=`, once its caller may read its eligibility."""
        raw = self.request.query_params.get("eligible_for", "")
        if not raw or self.action not in self.public_actions:
            return None
        if self._firm is None:
            self._firm = self._readable_firm(raw)
        return self._firm

    def _readable_firm(self, raw: str) -> Firm:
        if not raw.isdigit():
            raise exceptions.ValidationError({"eligible_for": [_("Give a firm's id.")]})
        user = self.request.user
        if not user.is_authenticated:
            raise exceptions.NotAuthenticated()
        firm = get_object_or_404(firms_for_user(user), pk=int(raw))
        if not has_perm("programs.view_firm_eligibility", user, firm):
            raise exceptions.PermissionDenied()
        return firm

    def get_queryset(self):
        if self.schema_only():
            return Programme.objects.none()
        programmes = selectors.visible_programmes(self.request.user)
        if self.action not in self.public_actions:
            return programmes
        programmes = selectors.programmes_with_rules(programmes)
        return selectors.ranked_programmes(programmes, firm=self.eligibility_firm())

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return s.ProgrammeWriteSerializer
        if self.eligibility_firm():
            return s.ProgrammeForFirmSerializer
        return s.ProgrammeSerializer

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def _detail(self, programme_id: int, *, code: int = status.HTTP_200_OK, **kwargs) -> Response:
        programme = selectors.programmes_with_rules().get(pk=programme_id)
        data = s.ProgrammeSerializer(programme, context=self.get_serializer_context()).data
        return Response(data, status=code, **kwargs)

    def _valid(self, serializer_class, **context) -> dict:
        serializer = serializer_class(
            data=self.request.data, context={**self.get_serializer_context(), **context}
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    def create(self, request):
        values = self._valid(s.ProgrammeWriteSerializer)
        programme = services.programme_save(actor=request.user, **values)
        location = request.build_absolute_uri(reverse("api-programme-detail", args=[programme.pk]))
        return self._detail(
            programme.pk, code=status.HTTP_201_CREATED, headers={"Location": location}
        )

    def partial_update(self, request, pk=None):
        programme = self.get_object()
        serializer = s.ProgrammeWriteSerializer(programme, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.programme_save(
            actor=request.user, programme=programme, **serializer.validated_data
        )
        return self._detail(programme.pk)

    @action(detail=True, methods=["put"], parser_classes=[JSONParser])
    def rules(self, request, pk=None):
        programme = self.get_object()
        if not isinstance(request.data, list):
            raise exceptions.ValidationError(
                {"detail": _('Send the list of rules: [{"kind": ..., "params": {...}}].')}
            )
        for position, rule in enumerate(request.data):
            if not isinstance(rule, dict):
                raise exceptions.ValidationError(
                    {f"rules.{position}": [_('A rule is an object: {"kind", "params"}.')]}
                )
        services.programme_rules_set(programme=programme, actor=request.user, rules=request.data)
        return self._detail(programme.pk)

    @action(detail=True, methods=["get"], url_path="eligible-firms")
    def eligible_firms(self, request, pk=None):
        programme = self.get_object()
        wanted = request.query_params.get("status") or E.ELIGIBLE
        if wanted not in (E.ELIGIBLE, E.ALMOST):
            raise exceptions.ValidationError({"status": [_("Choose ELIGIBLE or ALMOST.")]})
        page = self.paginate_queryset(selectors.eligible_firms(programme, status=wanted))
        data = s.EligibleFirmSerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(data.data)

    @action(detail=True, methods=["post"])
    def referrals(self, request, pk=None):
        programme = self.get_object()
        values = self._valid(s.ReferralCreateSerializer)
        firm = get_object_or_404(firms_for_user(request.user), pk=values["firm"])
        if not has_perm("programs.refer_firm", request.user, firm):
            self.permission_denied(request)
        referral = services.referral_create(
            firm=firm, programme=programme, actor=request.user,
            message=values["message"],
        )  # fmt: skip
        return referral_response(request, referral, code=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        summary="Support a programme gave",
        description=f"{MANAGERS} Newest first, paginated.",
        responses={200: s.SupportRecordSerializer(many=True), **_errors(401, 403, 404)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Record support given",
        description=(
            f"{MANAGERS} What the programme gave a firm (type, won, date, note, and the "
            "referral it answers, if any): the firm's support history; rules on support "
            "already received read it, so the firm's eligibility is recomputed."
        ),
        request=s.SupportRecordCreateSerializer,
        responses={201: s.SupportRecordSerializer, **_errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["get", "post"])
    def support(self, request, pk=None):
        programme = self.get_object()
        if request.method == "GET":
            page = self.paginate_queryset(selectors.programme_support_records(programme))
            return self.get_paginated_response(s.SupportRecordSerializer(page, many=True).data)
        values = self._valid(s.SupportRecordCreateSerializer, programme=programme)
        firm = values.pop("firm")
        record = services.support_record_create(
            firm=firm, programme=programme, actor=request.user, **values
        )
        return Response(s.SupportRecordSerializer(record).data, status=status.HTTP_201_CREATED)

    @action(detail=False, methods=["get"])
    def statistics(self, request):
        form = PeriodForm(request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError(_form_errors(form))
        since, until = form.period()
        rows = statistics_rows(selectors.support_statistics(since=since, until=until))
        return Response(s.StatisticsSerializer({"since": since, "until": until, **rows}).data)


def _form_errors(form) -> dict[str, list[str]]:
    return {field: [str(message) for message in errors] for field, errors in form.errors.items()}


def statistics_rows(sums: dict) -> dict:
    """The selector's labelled rows under the API's names."""

    def totals(row: dict) -> dict:
        return {"grants": row["grants"], "amount": row["amount"] or 0, "firms": row["firms"]}

    def by_programme(row: dict) -> dict:
        names = {"name_ko": row["programme__name_ko"], "name_en": row["programme__name_en"]}
        return {"programme": row["programme_id"], **names, **totals(row)}

    def by_tier(row: dict) -> dict:
        tier = row["firm__designation_tier"] or ""
        return {"tier": tier, "tier_label": row["name"], **totals(row)}

    def by_region(row: dict) -> dict:
        return {"region": row["firm__region"], "region_label": row["name"], **totals(row)}

    return {
        "totals": totals(sums["totals"]),
        "by_programme": [by_programme(row) for row in sums["programme"]],
        "by_tier": [by_tier(row) for row in sums["tier"]],
        "by_region": [by_region(row) for row in sums["region"]],
    }
