"""What a firm offers and holds: its capabilities (solution tags) and its certifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suppliers import selectors, services
from suppliers.forms import CapabilityForm, CertificationForm, Taxonomy, add_service_errors
from suppliers.models import Capability, Firm
from suppliers.views.access import firm_for
from suppliers.views.posted import posted_data

# --- capabilities -------------------------------------------------------------------------------


def _capabilities(firm: Firm) -> list[Capability]:
    return list(firm.capabilities.select_related("tag__field__area"))


@login_required
def firm_capabilities(request, firm_id: int):
    firm = firm_for(request, firm_id, "suppliers.change_firm")
    capabilities = _capabilities(firm)
    form = CapabilityForm(
        posted_data(request),
        taxonomy=Taxonomy(selectors.taxonomy_tree()),
        taken_tag_ids=[capability.tag_id for capability in capabilities],
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.capability_save(firm=firm, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The capability is added."))
            return redirect("firm_capabilities", firm.pk)
    return render(
        request,
        "suppliers/capabilities.html",
        {"firm": firm, "capabilities": capabilities, "form": form},
    )


@login_required
def capability_edit(request, firm_id: int, capability_id: int):
    firm = firm_for(request, firm_id, "suppliers.change_firm")
    capabilities = _capabilities(firm)
    capability = next((c for c in capabilities if c.pk == capability_id), None)
    if capability is None:
        raise Http404
    initial = {
        "tag": str(capability.tag_id),
        "product_name": capability.product_name,
        "description": capability.description,
    }
    form = CapabilityForm(
        posted_data(request),
        initial=initial,
        taxonomy=Taxonomy(selectors.taxonomy_tree()),
        taken_tag_ids=[c.tag_id for c in capabilities if c.pk != capability.pk],
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.capability_save(
                firm=firm, actor=request.user, capability=capability, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The capability is saved."))
            return redirect("firm_capabilities", firm.pk)
    return render(
        request,
        "suppliers/capability_edit.html",
        {"firm": firm, "capability": capability, "form": form},
    )


@login_required
@require_POST
def capability_remove(request, firm_id: int, capability_id: int):
    firm = firm_for(request, firm_id, "suppliers.change_firm")
    capability = get_object_or_404(firm.capabilities.select_related("firm"), pk=capability_id)
    services.capability_remove(capability=capability, actor=request.user)
    messages.success(request, _("The capability is removed."))
    return redirect("firm_capabilities", firm.pk)


# --- certifications -----------------------------------------------------------------------------


def _save_certification(request, firm: Firm, form: CertificationForm, certification=None):
    try:
        services.certification_save(
            firm=firm,
            actor=request.user,
            certification=certification,
            **form.values(services.CERTIFICATION_FIELDS),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


@login_required
def firm_certifications(request, firm_id: int):
    firm = firm_for(request, firm_id, "suppliers.change_firm")
    form = CertificationForm(posted_data(request))
    if request.method == "POST" and form.is_valid() and _save_certification(request, firm, form):
        messages.success(request, _("The certification is added."))
        return redirect("firm_certifications", firm.pk)
    return render(
        request,
        "suppliers/certifications.html",
        {
            "firm": firm,
            "certifications": selectors.certification_states(firm, timezone.localdate()),
            "form": form,
        },
    )


@login_required
def certification_edit(request, firm_id: int, certification_id: int):
    firm = firm_for(request, firm_id, "suppliers.change_firm")
    certification = get_object_or_404(firm.certifications, pk=certification_id)
    form = CertificationForm(posted_data(request), instance=certification)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_certification(request, firm, form, certification)
    ):
        messages.success(request, _("The certification is saved."))
        return redirect("firm_certifications", firm.pk)
    return render(
        request,
        "suppliers/certification_edit.html",
        {"firm": firm, "certification": certification, "form": form},
    )


@login_required
@require_POST
def certification_remove(request, firm_id: int, certification_id: int):
    firm = firm_for(request, firm_id, "suppliers.change_firm")
    certification = get_object_or_404(
        firm.certifications.select_related("firm"), pk=certification_id
    )
    services.certification_remove(certification=certification, actor=request.user)
    messages.success(request, _("The certification is removed."))
    return redirect("firm_certifications", firm.pk)
