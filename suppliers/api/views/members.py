"""API v1 for a firm's members: the list, invitations, removal."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from registry.api.schema import error_responses as _errors
from suppliers import selectors, services
from suppliers.api import serializers as s
from suppliers.api.views.permissions import FirmChildMixin
from suppliers.api.views.schema import FIRM_OWN_PEOPLE, FIRM_READERS, in_firm
from suppliers.models import Membership


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
