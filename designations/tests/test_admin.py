import pytest

from designations.models import RubricArea
from designations.tests.factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    from accounts.tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True, totp=True))
    return client


def test_a_calls_rubric_copy_cannot_be_edited_but_a_template_can(admin_client):
    call = CallFactory()
    copy_area = call.rubric.areas.first()
    template_area = RubricArea.objects.filter(rubric__is_template=True).first()
    url = "/admin/designations/rubricarea/{}/change/"
    copy_page = admin_client.get(url.format(copy_area.pk)).content.decode()
    assert 'name="name_ko"' not in copy_page
    template_page = admin_client.get(url.format(template_area.pk)).content.decode()
    assert 'name="name_ko"' in template_page


def test_a_published_calls_fixed_settings_are_read_only(admin_client):
    call = CallFactory()
    page = admin_client.get(f"/admin/designations/call/{call.pk}/change/").content.decode()
    assert 'name="pass_mark"' not in page
    assert 'name="title_en"' in page
