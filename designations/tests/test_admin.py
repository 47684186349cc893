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


def test_designations_are_read_only_in_the_admin_with_their_timeline(admin_client):
    from designations.tests.factories import make_designation

    designation = make_designation()
    page = admin_client.get(f"/admin/designations/designation/{designation.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert designation.number in text
    assert 'name="status"' not in text  # changes go through the officer's pages and services
    assert "DESIGNATED" in text or "지정" in text
    assert admin_client.get("/admin/designations/designation/add/").status_code == 403
    assert (
        admin_client.post(
            f"/admin/designations/designation/{designation.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )


def test_the_menu_shows_designations_and_reports_to_officers_only(client, officer, member):
    client.force_login(officer)
    page = client.get("/").content.decode()
    assert 'href="/designations/"' in page and 'href="/reports/"' in page
    client.force_login(member)
    page = client.get("/").content.decode()
    assert 'href="/designations/"' not in page and 'href="/reports/"' not in page
    assert 'href="/verify/"' in page  # verification is for everyone
