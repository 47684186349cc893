import contextlib
import io
import itertools
import json
from unittest import mock

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from kombu.exceptions import OperationalError

from accounts.tests.factories import UserFactory
from designations.tests.factories import ApplicationFactory, make_designation
from registry.celery import app as celery_app
from registry.models import AuditEntry
from suppliers import search as search_module
from suppliers.models import FirmSearch, Inquiry, SolutionTag, TechArea, TechField
from suppliers.search import Criteria, supplier_search, tech_fields
from suppliers.searchtokens import facet_token
from suppliers.services.taxonomy import taxonomy_entry_remove, taxonomy_entry_save
from suppliers.tasks import taxonomy_reindex_task
from suppliers.taxonomy import TAXONOMY_FILE, load_taxonomy
from suppliers.tests.factories import CapabilityFactory, DeploymentFactory

pytestmark = pytest.mark.django_db


def test_the_data_migration_loaded_the_four_areas_and_seven_strategic_fields():
    assert list(TechArea.objects.values_list("code", flat=True)) == [
        "AUTO",
        "CONN",
        "INFO",
        "INTEL",
    ]
    strategic = set(TechField.objects.filter(strategic=True).values_list("code", flat=True))
    assert strategic == {
        "AUTO-VISION", "CONN-NET", "CONN-CTRL", "INFO-MES", "INFO-LOG", "INTEL-TWIN", "INTEL-AI",
    }  # fmt: skip
    assert SolutionTag.objects.get(code="AUTO-VISION-AI").field.area.code == "AUTO"


def test_reloading_updates_by_code_without_duplicates(tmp_path):
    data = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    data["areas"][0]["fields"][0]["tags"][0]["ko"] = "바코드·2D 코드"
    path = tmp_path / "taxonomy.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = SolutionTag.objects.count()
    load_taxonomy(area_model=TechArea, field_model=TechField, tag_model=SolutionTag, path=path)
    assert SolutionTag.objects.count() == before
    assert SolutionTag.objects.get(code="AUTO-VISION-BARCODE").name_ko == "바코드·2D 코드"


# --- edits by an officer: audited, and the firms using the entry re-indexed ---------------------


@pytest.fixture
def eager():
    """Queued tasks run inline, also in the integration run: the re-index is what is tested."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.update(CELERY_TASK_ALWAYS_EAGER=True)
    yield
    celery_app.conf.update(CELERY_TASK_ALWAYS_EAGER=before)


@pytest.fixture
def officer(client):
    user = UserFactory(is_staff=True, is_superuser=True, totp=True)
    client.force_login(user)
    return user


def _found(word: str) -> int:
    return supplier_search(Criteria(text=word)).count()


def _tag_form(tag: SolutionTag, **changes) -> dict:
    values = {
        "field": tag.field_id, "code": tag.code, "name_ko": tag.name_ko,
        "name_en": tag.name_en, "order": tag.order,
    }  # fmt: skip
    return {**values, **changes}


def test_a_tag_renamed_in_the_admin_is_audited_and_its_firms_are_found_by_the_new_name(
    client, officer, eager, django_capture_on_commit_callbacks
):
    tag = SolutionTag.objects.get(code="AUTO-VISION-AI")
    firm = CapabilityFactory(tag=tag).firm
    old_name = tag.name_ko
    assert _found("초분광") == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/suppliers/solutiontag/{tag.pk}/change/",
            _tag_form(tag, name_ko="초분광 검사", name_en="Hyperspectral inspection"),
        )

    assert response.status_code == 302
    assert _found("초분광") == 1
    assert _found("hyperspectral") == 1
    assert supplier_search(Criteria(text="초분광")).page(offset=0, limit=5)[0].pk == firm.pk
    entry = AuditEntry.objects.get(action="taxonomy.solutiontag.update")
    assert entry.actor == officer
    assert entry.scope == "taxonomy"
    assert entry.changes["name_ko"] == [old_name, "초분광 검사"]
    assert set(entry.changes) == {"name_ko", "name_en"}


def test_a_field_moved_to_another_area_moves_its_firms_facet(
    eager, django_capture_on_commit_callbacks
):
    firm = CapabilityFactory(tag=SolutionTag.objects.get(code="AUTO-VISION-AI")).firm
    vision, connectivity = (
        TechField.objects.get(code="AUTO-VISION"),
        TechArea.objects.get(code="CONN"),
    )

    with django_capture_on_commit_callbacks(execute=True):
        taxonomy_entry_save(entry=vision, actor=None, values={"area": connectivity})

    facets = FirmSearch.objects.get(firm=firm).facets
    assert facet_token("a", "CONN") in facets
    assert facet_token("a", "AUTO") not in facets
    assert AuditEntry.objects.get(action="taxonomy.techfield.update").changes == {
        "area_id": [TechArea.objects.get(code="AUTO").pk, connectivity.pk]
    }


def test_a_tag_moved_to_a_field_of_the_same_name_is_a_change_and_re_indexes(
    eager, django_capture_on_commit_callbacks
):
    tag = SolutionTag.objects.get(code="AUTO-VISION-AI")
    firm = CapabilityFactory(tag=tag).firm
    vision = tag.field
    twin = TechField.objects.create(
        area=TechArea.objects.get(code="INTEL"), code="INTEL-VISION2",
        name_ko=vision.name_ko, name_en=vision.name_en, order=99,
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        taxonomy_entry_save(entry=tag, actor=None, values={"field": twin})

    assert AuditEntry.objects.get(action="taxonomy.solutiontag.update").changes == {
        "field_id": [vision.pk, twin.pk]
    }
    facets = FirmSearch.objects.get(firm=firm).facets
    assert facet_token("f", "INTEL-VISION2") in facets
    assert facet_token("a", "INTEL") in facets
    assert facet_token("f", "AUTO-VISION") not in facets


@pytest.mark.parametrize("cache_down", [False, True], ids=["broker-down", "cache-down-too"])
def test_when_the_broker_is_down_the_firms_are_re_indexed_at_once(
    cache_down, django_capture_on_commit_callbacks
):
    """By default the cache is on the broker's Redis, so both may fail together."""
    tag = SolutionTag.objects.get(code="AUTO-VISION-AI")
    CapabilityFactory(tag=tag)
    refused = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with contextlib.ExitStack() as outage:
        outage.enter_context(mock.patch.object(taxonomy_reindex_task, "delay", side_effect=refused))
        if cache_down:
            for method in ("incr", "set"):
                outage.enter_context(
                    mock.patch.object(
                        search_module.cache, method, side_effect=ConnectionError("refused")
                    )
                )
        outage.enter_context(django_capture_on_commit_callbacks(execute=True))
        taxonomy_entry_save(entry=tag, actor=None, values={"name_ko": "초분광 검사"})

    assert _found("초분광") == 1


def test_a_code_is_set_once():
    tag = SolutionTag.objects.get(code="AUTO-VISION-AI")
    with pytest.raises(ValidationError) as refused:
        taxonomy_entry_save(entry=tag, actor=None, values={"code": "AUTO-VISION-HSI"})
    assert "code" in refused.value.message_dict
    assert SolutionTag.objects.filter(code="AUTO-VISION-AI").exists()
    # The same code again is not a change.
    taxonomy_entry_save(entry=tag, actor=None, values={"code": "AUTO-VISION-AI"})
    assert not AuditEntry.objects.filter(scope="taxonomy").exists()


def test_the_admin_shows_an_entrys_code_but_does_not_change_it(client, officer):
    tag = SolutionTag.objects.get(code="AUTO-VISION-AI")
    page = client.get(f"/admin/suppliers/solutiontag/{tag.pk}/change/")
    assert 'name="code"' not in page.content.decode()
    assert "AUTO-VISION-AI" in page.content.decode()

    response = client.post(
        f"/admin/suppliers/solutiontag/{tag.pk}/change/", _tag_form(tag, code="X-Y-Z")
    )

    assert response.status_code == 302
    assert SolutionTag.objects.get(pk=tag.pk).code == "AUTO-VISION-AI"


def test_a_change_the_search_records_do_not_hold_re_indexes_nothing(
    eager, django_capture_on_commit_callbacks
):
    tag = SolutionTag.objects.get(code="AUTO-VISION-AI")
    record = FirmSearch.objects.get(firm=CapabilityFactory(tag=tag).firm)
    order = tag.order

    with django_capture_on_commit_callbacks(execute=True):
        taxonomy_entry_save(entry=tag, actor=None, values={"order": order + 5})

    assert FirmSearch.objects.get(firm=record.firm).indexed_at == record.indexed_at
    assert AuditEntry.objects.get(action="taxonomy.solutiontag.update").changes == {
        "order": [order, order + 5]
    }


def test_saving_unchanged_values_writes_no_audit_entry():
    tag = SolutionTag.objects.get(code="AUTO-VISION-AI")
    taxonomy_entry_save(entry=tag, actor=None, values={"name_ko": tag.name_ko})
    assert not AuditEntry.objects.filter(scope="taxonomy").exists()


def test_an_unknown_field_is_refused():
    with pytest.raises(ValueError, match="business_number"):
        taxonomy_entry_save(
            entry=SolutionTag.objects.first(), actor=None, values={"business_number": "1"}
        )


def test_a_tag_added_and_an_unused_one_removed_in_the_admin_are_audited(client, officer):
    field = TechField.objects.get(code="AUTO-VISION")
    response = client.post(
        "/admin/suppliers/solutiontag/add/",
        {"field": field.pk, "code": "AUTO-VISION-HSI", "name_ko": "초분광", "name_en": "HSI",
         "order": 9},
    )  # fmt: skip
    assert response.status_code == 302
    tag = SolutionTag.objects.get(code="AUTO-VISION-HSI")
    assert AuditEntry.objects.get(action="taxonomy.solutiontag.create").object_id == str(tag.pk)

    response = client.post(f"/admin/suppliers/solutiontag/{tag.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not SolutionTag.objects.filter(code="AUTO-VISION-HSI").exists()
    assert AuditEntry.objects.filter(action="taxonomy.solutiontag.remove").count() == 1


def test_a_tag_a_firm_uses_cannot_be_removed():
    tag = CapabilityFactory().tag
    with pytest.raises(ValidationError) as refused:
        taxonomy_entry_remove(entry=tag, actor=None)
    assert refused.value.code == "in_use"
    assert SolutionTag.objects.filter(pk=tag.pk).exists()
    assert not AuditEntry.objects.filter(action="taxonomy.solutiontag.remove").exists()


def test_a_field_named_only_by_an_application_a_designation_or_an_inquiry_is_kept():
    """These links would vanish silently (many-to-many rows, SET_NULL): the removal is refused."""
    fields = []
    for code in ("AUTO-VISION", "CONN-NET", "INFO-MES"):
        field = TechField.objects.get(code=code)
        field.tags.all().delete()  # no tag protects it: only the link below names it
        fields.append(field)
    application = ApplicationFactory()
    application.fields.add(fields[0])
    designation = make_designation(field_codes=("CONN-NET",))
    inquiry = Inquiry.objects.create(
        firm=application.firm, company="㈜대산정밀", contact_name="최영호",
        email="yh.choi@daesan.example", field=fields[2], region="gyeongnam",
        budget="200M_500M", need="사출품 외관 검사",
    )  # fmt: skip

    for field in fields:
        with pytest.raises(ValidationError):
            taxonomy_entry_remove(entry=field, actor=None)

    assert list(application.fields.all()) == [fields[0]]
    assert list(designation.fields.all()) == [fields[1]]
    inquiry.refresh_from_db()
    assert inquiry.field == fields[2]
    assert not AuditEntry.objects.filter(action="taxonomy.techfield.remove").exists()


def _tag_a_deployment_names() -> SolutionTag:
    """A tag only a deployment's many-to-many link names: the database would let it go."""
    tag = _new_tags(TechField.objects.get(code="AUTO-VISION"), 1)[0]
    DeploymentFactory().tags.add(tag)
    return tag


def test_the_admin_says_what_uses_an_entry_and_removes_nothing(client, officer):
    tag = _tag_a_deployment_names()
    client.cookies["django_language"] = "ko"
    delete_url = f"/admin/suppliers/solutiontag/{tag.pk}/delete/"
    change_url = f"/admin/suppliers/solutiontag/{tag.pk}/change/"

    asked = client.get(delete_url, follow=True)
    sent = client.post(delete_url, {"post": "yes"}, follow=True)

    assert asked.redirect_chain == sent.redirect_chain == [(change_url, 302)]
    assert len(asked.context["messages"]) == 1
    said = [str(m) for m in sent.context["messages"]]
    assert said == [f"“{tag}” 항목은 도입 사례에서 사용 중이므로 삭제할 수 없습니다."]
    assert SolutionTag.objects.filter(pk=tag.pk).exists()
    assert not AuditEntry.objects.filter(action="taxonomy.solutiontag.remove").exists()
    assert not LogEntry.objects.filter(action_flag=DELETION).exists()


def test_an_entry_that_came_into_use_while_the_page_was_open_is_kept(client, officer):
    tag = _tag_a_deployment_names()

    with mock.patch("suppliers.admin.taxonomy_entry_uses", return_value=[]):  # the page's look
        sent = client.post(
            f"/admin/suppliers/solutiontag/{tag.pk}/delete/", {"post": "yes"}, follow=True
        )

    assert [m.level_tag for m in sent.context["messages"]] == ["error"]
    assert SolutionTag.objects.filter(pk=tag.pk).exists()
    assert not AuditEntry.objects.filter(action="taxonomy.solutiontag.remove").exists()
    assert not LogEntry.objects.filter(action_flag=DELETION).exists()


_serial = itertools.count(1)


def _new_tags(field: TechField, count: int) -> list[SolutionTag]:
    made = []
    for _ in range(count):
        n = next(_serial)
        code = f"{field.code}-NEW{n}"
        made.append(
            SolutionTag.objects.create(field=field, code=code, name_ko=f"새 태그 {n}", name_en=code)
        )
    return made


def test_a_selection_is_removed_whole_with_an_audit_entry_each(client, officer):
    tags = _new_tags(TechField.objects.get(code="AUTO-VISION"), 2)

    response = client.post(
        "/admin/suppliers/solutiontag/",
        {"action": "delete_selected", "_selected_action": [t.pk for t in tags], "post": "yes"},
    )

    assert response.status_code == 302
    assert not SolutionTag.objects.filter(pk__in=[t.pk for t in tags]).exists()
    assert AuditEntry.objects.filter(action="taxonomy.solutiontag.remove").count() == 2


def test_a_selection_with_an_entry_in_use_removes_none_of_it(client, officer):
    unused = _new_tags(TechField.objects.get(code="AUTO-VISION"), 1)[0]
    used = _tag_a_deployment_names()

    response = client.post(
        "/admin/suppliers/solutiontag/",
        {"action": "delete_selected", "_selected_action": [unused.pk, used.pk], "post": "yes"},
        follow=True,
    )

    said = [str(m) for m in response.context["messages"]]
    assert len(said) == 1 and str(used) in said[0]
    assert SolutionTag.objects.filter(pk__in=[unused.pk, used.pk]).count() == 2
    assert not AuditEntry.objects.filter(action="taxonomy.solutiontag.remove").exists()
    assert not LogEntry.objects.filter(action_flag=DELETION).exists()


def test_a_selection_that_came_into_use_while_the_page_was_open_is_kept_with_no_log(
    client, officer
):
    unused = _new_tags(TechField.objects.get(code="AUTO-VISION"), 1)[0]
    used = _tag_a_deployment_names()

    with mock.patch("suppliers.admin.taxonomy_entry_uses", return_value=[]):  # the page's look
        response = client.post(
            "/admin/suppliers/solutiontag/",
            {"action": "delete_selected", "_selected_action": [unused.pk, used.pk], "post": "yes"},
            follow=True,
        )

    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert SolutionTag.objects.filter(pk__in=[unused.pk, used.pk]).count() == 2
    assert not LogEntry.objects.filter(action_flag=DELETION).exists()


def test_every_relation_to_the_taxonomy_is_asked_before_a_removal():
    """A new model pointing at the taxonomy is covered without a change here; this pins them."""
    from suppliers.services.taxonomy import taxonomy_entry_uses

    asked = {}
    for model in (TechArea, TechField, SolutionTag):
        entry = model.objects.first()
        with CaptureQueriesContext(connection) as queries:
            taxonomy_entry_uses(entry)
        asked[model.__name__] = len(queries)
    assert asked == {"TechArea": 1, "TechField": 5, "SolutionTag": 2}


def test_what_uses_a_selection_is_asked_in_the_same_queries_however_large(
    django_assert_num_queries,
):
    from suppliers.services.taxonomy import taxonomy_entries_uses

    vision = TechField.objects.get(code="AUTO-VISION")
    one = _new_tags(vision, 1)
    DeploymentFactory().tags.add(one[0])
    five = [*one, *_new_tags(vision, 4)]
    CapabilityFactory(tag=five[2])

    with django_assert_num_queries(2):  # capabilities, deployments
        assert taxonomy_entries_uses(one) == {one[0].pk: ["도입 사례"]}
    with django_assert_num_queries(2):
        uses = taxonomy_entries_uses(five)
    assert uses == {one[0].pk: ["도입 사례"], five[2].pk: ["보유 기술"]}


@pytest.mark.parametrize("who", ["anonymous", "staff without the permission"])
def test_only_an_officer_with_the_permission_can_remove_an_entry(client, who):
    if who != "anonymous":
        client.force_login(UserFactory(is_staff=True, totp=True))
    unused = _new_tags(TechField.objects.get(code="AUTO-VISION"), 1)[0]
    used = _tag_a_deployment_names()

    single = client.post(f"/admin/suppliers/solutiontag/{used.pk}/delete/", {"post": "yes"})
    selection = client.post(
        "/admin/suppliers/solutiontag/",
        {"action": "delete_selected", "_selected_action": [unused.pk, used.pk], "post": "yes"},
    )

    expected = 302 if who == "anonymous" else 403  # to the login page
    assert (single.status_code, selection.status_code) == (expected, expected)
    assert "사용 중" not in single.content.decode() + selection.content.decode()
    assert SolutionTag.objects.filter(pk__in=[unused.pk, used.pk]).count() == 2
    assert not AuditEntry.objects.filter(scope="taxonomy").exists()


def test_a_removal_that_fails_half_way_leaves_the_whole_selection(officer):
    """delete_queryset is one transaction: the second entry's refusal undoes the first removal."""
    from django.contrib.admin.sites import site

    unused = _new_tags(TechField.objects.get(code="AUTO-VISION"), 1)[0]
    used = CapabilityFactory().tag
    request = mock.Mock(user=officer)

    unused_first = "pk" if unused.pk < used.pk else "-pk"

    with pytest.raises(ValidationError):
        site._registry[SolutionTag].delete_queryset(
            request, SolutionTag.objects.filter(pk__in=[unused.pk, used.pk]).order_by(unused_first)
        )

    assert SolutionTag.objects.filter(pk__in=[unused.pk, used.pk]).count() == 2
    assert not AuditEntry.objects.filter(action="taxonomy.solutiontag.remove").exists()


def test_staff_without_the_permission_cannot_change_the_taxonomy(client):
    client.force_login(UserFactory(is_staff=True, totp=True))
    tag = SolutionTag.objects.first()
    response = client.post(
        f"/admin/suppliers/solutiontag/{tag.pk}/change/", _tag_form(tag, name_ko="바뀜")
    )
    assert response.status_code == 403
    assert SolutionTag.objects.get(pk=tag.pk).name_ko != "바뀜"


def test_the_reindex_task_of_a_removed_entry_does_nothing():
    assert taxonomy_reindex_task(model="solutiontag", pk=999_999) == 0


def test_the_tech_fields_are_read_once_and_fresh_after_a_change(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    first = tech_fields()
    with django_assert_num_queries(0):
        assert tech_fields() == first
    vision = TechField.objects.get(code="AUTO-VISION")
    strategic = vision.strategic

    # A change the search records do not hold: no re-index, yet the cached list goes.
    with django_capture_on_commit_callbacks(execute=True):
        taxonomy_entry_save(entry=vision, actor=None, values={"strategic": not strategic})

    assert next(f for f in tech_fields() if f.code == "AUTO-VISION").strategic is not strategic


def test_load_taxonomy_audits_what_changed_and_re_indexes_its_firms(tmp_path):
    tag = SolutionTag.objects.get(code="AUTO-VISION-AI")
    CapabilityFactory(tag=tag)
    data = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    vision = next(f for f in data["areas"][0]["fields"] if f["code"] == "AUTO-VISION")
    next(t for t in vision["tags"] if t["code"] == "AUTO-VISION-AI")["ko"] = "초분광 검사"
    path = tmp_path / "taxonomy.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()

    call_command("load_taxonomy", file=str(path), stdout=out)

    assert "1 entries created or changed, 1 firms re-indexed" in out.getvalue()
    assert _found("초분광") == 1
    entry = AuditEntry.objects.get(action="taxonomy.solutiontag.update")
    assert entry.actor_label == "manage.py load_taxonomy"
    assert entry.changes["name_ko"][1] == "초분광 검사"

    again = io.StringIO()
    call_command("load_taxonomy", file=str(path), stdout=again)
    assert "0 entries created or changed, 0 firms re-indexed" in again.getvalue()
