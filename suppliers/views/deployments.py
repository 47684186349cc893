"""A firm's reference deployments, their measured outcomes and evidence files, and the request
that asks the customer to confirm them."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suppliers import selectors, services
from suppliers.evidence import evidence_response
from suppliers.forms import (
    ConfirmationRequestForm,
    DeploymentForm,
    OutcomeForm,
    Taxonomy,
    add_service_errors,
)
from suppliers.models import Firm, Outcome
from suppliers.views.access import firm_for
from suppliers.views.posted import posted_data, posted_files

# --- deployments --------------------------------------------------------------------------------


@login_required
def firm_deployments(request, firm_id: int):
    firm = firm_for(request, firm_id, "suppliers.view_firm")
    deployments = firm.deployments.prefetch_related(
        "tags", Prefetch("outcomes", queryset=Outcome.objects.order_by("category", "id"))
    )
    return render(request, "suppliers/deployments.html", {"firm": firm, "deployments": deployments})


def _deployment_form(request, firm: Firm, deployment=None) -> DeploymentForm | None:
    """Show the form, or save it and return None."""
    initial = {}
    if deployment is not None:
        initial["tags"] = [str(pk) for pk in deployment.tags.values_list("pk", flat=True)]
    form = DeploymentForm(
        posted_data(request),
        instance=deployment,
        initial=initial,
        taxonomy=Taxonomy(selectors.taxonomy_tree()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            return services.deployment_save(
                firm=firm,
                actor=request.user,
                deployment=deployment,
                tags=form.cleaned_data["tags"],
                **form.deployment_values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
    return form


@login_required
def deployment_create(request, firm_id: int):
    firm = firm_for(request, firm_id, "suppliers.change_firm")
    result = _deployment_form(request, firm)
    if not isinstance(result, DeploymentForm):
        messages.success(request, _("The deployment is added. Now add its outcomes."))
        return redirect("deployment_detail", firm.pk, result.pk)
    return render(request, "suppliers/deployment_form.html", {"firm": firm, "form": result})


@login_required
def deployment_edit(request, firm_id: int, deployment_id: int):
    firm = firm_for(request, firm_id, "suppliers.change_firm")
    deployment = get_object_or_404(firm.deployments, pk=deployment_id)
    result = _deployment_form(request, firm, deployment)
    if not isinstance(result, DeploymentForm):
        messages.success(request, _("The deployment is saved."))
        return redirect("deployment_detail", firm.pk, deployment.pk)
    return render(
        request,
        "suppliers/deployment_form.html",
        {"firm": firm, "deployment": deployment, "form": result},
    )


def _render_deployment(request, firm: Firm, deployment, *, confirm_form=None):
    context = {
        "firm": firm,
        "deployment": deployment,
        "outcomes": deployment.outcomes.order_by("category", "id"),
        "confirmation_requests": deployment.confirmation_requests.all(),
        "confirm_form": confirm_form or ConfirmationRequestForm(),
        "can_request_confirmation": rules.has_perm(
            "suppliers.request_confirmation", request.user, firm
        ),
        "now": timezone.now(),
    }
    return render(request, "suppliers/deployment_detail.html", context)


@login_required
def deployment_detail(request, firm_id: int, deployment_id: int):
    firm = firm_for(request, firm_id, "suppliers.view_firm")
    deployment = get_object_or_404(firm.deployments.prefetch_related("tags"), pk=deployment_id)
    return _render_deployment(request, firm, deployment)


@login_required
@require_POST
def deployment_remove(request, firm_id: int, deployment_id: int):
    firm = firm_for(request, firm_id, "suppliers.change_firm")
    deployment = get_object_or_404(firm.deployments.select_related("firm"), pk=deployment_id)
    services.deployment_remove(deployment=deployment, actor=request.user)
    messages.success(request, _("The deployment is removed."))
    return redirect("firm_deployments", firm.pk)


@login_required
@require_POST
def confirmation_request_create(request, firm_id: int, deployment_id: int):
    firm = firm_for(request, firm_id, "suppliers.request_confirmation")
    deployment = get_object_or_404(
        firm.deployments.select_related("firm").prefetch_related("tags"), pk=deployment_id
    )
    form = ConfirmationRequestForm(request.POST)
    if form.is_valid():
        try:
            confirmation = services.confirmation_request_send(
                deployment=deployment, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The customer was asked to confirm, at %(email)s.")
                % {"email": confirmation.email},
            )
            return redirect("deployment_detail", firm.pk, deployment.pk)
    return _render_deployment(request, firm, deployment, confirm_form=form)


# --- outcomes -----------------------------------------------------------------------------------


def _outcome_page(request, firm: Firm, deployment, outcome=None):
    form = OutcomeForm(posted_data(request), posted_files(request), instance=outcome)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_save(
                deployment=deployment,
                actor=request.user,
                outcome=outcome,
                **form.outcome_values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The outcome is saved."))
            return redirect("deployment_detail", firm.pk, deployment.pk)
    return render(
        request,
        "suppliers/outcome_form.html",
        {"firm": firm, "deployment": deployment, "outcome": outcome, "form": form},
    )


@login_required
def outcome_create(request, firm_id: int, deployment_id: int):
    firm = firm_for(request, firm_id, "suppliers.change_firm")
    deployment = get_object_or_404(firm.deployments.select_related("firm"), pk=deployment_id)
    return _outcome_page(request, firm, deployment)


@login_required
def outcome_edit(request, firm_id: int, deployment_id: int, outcome_id: int):
    firm = firm_for(request, firm_id, "suppliers.change_firm")
    deployment = get_object_or_404(firm.deployments.select_related("firm"), pk=deployment_id)
    outcome = get_object_or_404(deployment.outcomes, pk=outcome_id)
    return _outcome_page(request, firm, deployment, outcome)


@login_required
@require_POST
def outcome_remove(request, firm_id: int, deployment_id: int, outcome_id: int):
    firm = firm_for(request, firm_id, "suppliers.change_firm")
    outcome = get_object_or_404(
        Outcome.objects.select_related("deployment__firm").filter(
            deployment__firm=firm, deployment_id=deployment_id
        ),
        pk=outcome_id,
    )
    services.outcome_remove(outcome=outcome, actor=request.user)
    messages.success(request, _("The outcome is removed."))
    return redirect("deployment_detail", firm.pk, deployment_id)


@login_required
def outcome_evidence(request, firm_id: int, outcome_id: int):
    """The evidence file, for the firm's members and officers only; anyone else gets a 404."""
    firm = firm_for(request, firm_id, "suppliers.view_firm")
    outcome = get_object_or_404(
        Outcome.objects.filter(deployment__firm=firm).exclude(evidence=""), pk=outcome_id
    )
    return evidence_response(outcome)
