import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from registry.access import object_for
from suppliers.models import Firm

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_outside_the_scope_is_404_inside_without_the_permission_is_403(member, officer):
    firm = member.firm
    with pytest.raises(Http404):
        object_for(_request(member), Firm.objects.none(), firm.pk, "suppliers.view_firm")
    with pytest.raises(PermissionDenied):  # an officer sees the firm but does not speak for it
        object_for(_request(officer), Firm.objects.all(), firm.pk, "suppliers.manage_members")
    assert (
        object_for(_request(member), Firm.objects.all(), firm.pk, "suppliers.manage_members")
        == firm
    )
