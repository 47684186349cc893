import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from designations.enums import CallStatus
from designations.models import CallDocument
from designations.tests.factories import PDF_BYTES, CallFactory, pdf_upload
from registry.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return CallFactory()


def _add(client, call, **data):
    return client.post(reverse("call_documents", args=[call.pk]), data)


def test_an_officer_publishes_a_document_anyone_downloads_it(call, officer, logged_in, client):
    response = _add(logged_in(officer), call, title="공고문", file=pdf_upload("공고문.pdf"))
    assert response.status_code == 302
    document = CallDocument.objects.get(call=call)
    assert document.title == "공고문"
    assert document.file.name.endswith(".pdf") and "공고문" not in document.file.name
    assert AuditEntry.objects.filter(action="call.document_add", scope=f"call:{call.pk}").exists()

    client.logout()
    page = client.get(reverse("call_detail", args=[call.pk]))
    url = reverse("call_document", args=[call.pk, document.pk])
    assert url in page.content.decode()
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_a_refused_file_keeps_the_title_and_says_why(call, officer, logged_in):
    client = logged_in(officer)
    client.cookies["lang"] = "en"
    response = _add(client, call, title="서식", file=SimpleUploadedFile("a.pdf", b"not a pdf"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Allowed: HWP, HWPX, JPEG, PDF, PNG, XLSX." in page
    assert 'value="서식"' in page
    assert not CallDocument.objects.exists()


def test_only_officers_manage_documents(call, member, logged_in):
    client = logged_in(member)
    assert client.get(reverse("call_documents", args=[call.pk])).status_code == 403
    assert _add(client, call, title="x", file=pdf_upload()).status_code == 403


def test_documents_of_a_draft_call_are_hidden(officer, logged_in, client):
    draft = CallFactory(status=CallStatus.DRAFT)
    _add(logged_in(officer), draft, title="초안 공고문", file=pdf_upload())
    document = CallDocument.objects.get()
    client.logout()
    assert client.get(reverse("call_document", args=[draft.pk, document.pk])).status_code == 404


def test_an_officer_removes_a_document(call, officer, logged_in):
    client = logged_in(officer)
    _add(client, call, title="공고문", file=pdf_upload())
    document = CallDocument.objects.get()
    response = client.post(reverse("call_document_remove", args=[call.pk, document.pk]))
    assert response.status_code == 302
    assert not CallDocument.objects.exists()
    assert AuditEntry.objects.filter(action="call.document_remove").exists()


# Measured once; what matters is that 1 and 3 documents cost the same.
QUERIES = 6


@pytest.mark.parametrize("count", [1, 3])
def test_the_documents_page_costs_the_same_for_1_and_3(
    count, call, officer, logged_in, django_assert_num_queries
):
    client = logged_in(officer)
    for number in range(count):
        _add(client, call, title=f"서식 {number}", file=pdf_upload())
    with django_assert_num_queries(QUERIES):
        response = client.get(reverse("call_documents", args=[call.pk]))
    assert response.status_code == 200
