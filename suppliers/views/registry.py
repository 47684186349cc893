"""The public registry: the searchable list of suppliers and a supplier's public profile."""

from django.core.paginator import Paginator
from django.db.models import Case, QuerySet, Value, When
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from suppliers import selectors
from suppliers.enums import ConfirmationStatus, DesignationStatus
from suppliers.forms import SupplierSearchForm
from suppliers.models import Firm, TechField

PAGE_SIZE = 20


def _filter_suppliers(firms: QuerySet[Firm], criteria: dict) -> QuerySet[Firm]:
    if search := criteria.get("search", "").strip():
        firms = selectors.search_firms(firms, search)
    if field := criteria.get("field"):
        firms = selectors.firms_offering(firms, field)
    if region := criteria.get("region"):
        firms = firms.filter(region=region)
    if size := criteria.get("size"):
        firms = firms.filter(size_class=size)
    return firms


def supplier_list(request):
    form = SupplierSearchForm(
        request.GET or None, tech_fields=TechField.objects.select_related("area")
    )
    firms = selectors.public_firms()
    if form.is_valid():
        firms = _filter_suppliers(firms, form.cleaned_data)
    firms = selectors.registry_list(firms).order_by(
        Case(When(designation_status=DesignationStatus.VALID, then=Value(0)), default=1),
        "name_ko",
        "id",
    )
    page = Paginator(firms, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "suppliers/supplier_list.html", {"form": form, "page": page})


def supplier_detail(request, firm_id: int):
    firm = get_object_or_404(selectors.firm_with_profile(selectors.public_firms()), pk=firm_id)
    deployments = list(firm.deployments.all())
    today = timezone.localdate()
    certifications = [
        (certification, certification.is_valid_on(today))
        for certification in firm.certifications.all()
    ]
    confirmed = sum(
        outcome.confirmation == ConfirmationStatus.CONFIRMED
        for deployment in deployments
        for outcome in deployment.outcomes.all()
    )
    return render(
        request,
        "suppliers/supplier_detail.html",
        {
            "firm": firm,
            "deployments": deployments,
            "certifications": certifications,
            "confirmed_count": confirmed,
        },
    )


def supplier_autocomplete(request):
    """Placeholder until the search page is built (issue 6)."""
    from django.http import HttpResponse

    return HttpResponse(status=501)


def supplier_compare(request):
    """Placeholder until the search page is built (issue 6)."""
    from django.http import HttpResponse

    return HttpResponse(status=501)
