"""Pages of the firm side (profile, members, deployments) and of the public registry.

Views stay thin: forms validate and format, services write, selectors read. Firms come from the
user's own queryset first: a firm the user may not see is a 404, one they may see but not act on
is a 403.
"""

import os
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, Prefetch, QuerySet, Value, When
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from suppliers import selectors, services
from suppliers.enums import ConfirmationStatus, DesignationStatus, RequestStatus
from suppliers.forms import (
    AccessDecisionForm,
    AccessRequestForm,
    CapabilityForm,
    CertificationForm,
    ConfirmationRequestForm,
    ConfirmationResponseForm,
    DeploymentForm,
    FirmProfileForm,
    FirmRegisterForm,
    InviteForm,
    OutcomeForm,
    RevenueForm,
    SupplierSearchForm,
    Taxonomy,
    add_service_errors,
    last_completed_years,
)
from suppliers.models import (
    AccessRequest,
    Capability,
    ConfirmationRequest,
    Firm,
    FirmInvitation,
    Membership,
    Outcome,
    TechField,
)

PAGE_SIZE = 20
HISTORY_PAGE_SIZE = 30


# --- helpers ------------------------------------------------------------------------------------


def _firm(request, firm_id: int, perm: str, queryset: QuerySet[Firm] | None = None) -> Firm:
    """The firm if the user may see it (else 404) and holds `perm` on it (else 403)."""
    if queryset is None:
        queryset = selectors.firms_for_user(request.user)
    firm = get_object_or_404(queryset, pk=firm_id)
    if not request.user.has_perm(perm, firm):
        raise PermissionDenied
    return firm


def _data(request):
    return request.POST if request.method == "POST" else None


def _files(request):
    return request.FILES if request.method == "POST" else None


def _number_text(value: Decimal | None) -> str:
    """3.200 -> "3.2", 1500000.000 -> "1,500,000": no trailing zeros, no exponent."""
    if value is None:
        return ""
    return format(value.normalize(), ",f")


def _decorate_outcomes(outcomes):
    """Numbers and file names as pages show them."""
    for outcome in outcomes:
        outcome.baseline_text = _number_text(outcome.baseline)
        outcome.result_text = _number_text(outcome.result)
        outcome.evidence_filename = os.path.basename(outcome.evidence.name or "")
    return outcomes


def _profile_firm(request, firm_id: int, perm: str) -> Firm:
    return _firm(
        request,
        firm_id,
        perm,
        selectors.firm_with_profile(selectors.firms_for_user(request.user)),
    )


# --- my firms and registration ------------------------------------------------------------------


@login_required
def my_firms(request):
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("firm")
        .order_by("firm__name_ko", "firm_id")
    )
    access_requests = AccessRequest.objects.filter(
        user=request.user, status=RequestStatus.PENDING
    ).select_related("firm")
    return render(
        request,
        "suppliers/my_firms.html",
        {"memberships": memberships, "access_requests": access_requests},
    )


@login_required
def firm_register(request):
    if not request.user.has_perm("suppliers.register_firm"):
        raise PermissionDenied
    form = FirmRegisterForm(_data(request))
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        try:
            firm = services.firm_register(
                actor=request.user,
                business_number=form.cleaned_data["business_number"],
                **form.profile(),
            )
        except services.FirmAlreadyRegistered as error:
            add_service_errors(form, error)
            context.update(_registered_context(request.user, error.firm))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(firm)s is registered. Complete its profile below.") % {"firm": firm.name_ko},
            )
            return redirect("firm_dashboard", firm.pk)
    return render(request, "suppliers/firm_register.html", context)


def _registered_context(user, firm: Firm) -> dict:
    """What the register page may say about a firm already here: its Korean name only."""
    if firm.memberships.filter(user=user).exists():
        return {"existing_name": firm.name_ko, "existing_member_firm_id": firm.pk}
    return {
        "existing_name": firm.name_ko,
        "access_form": AccessRequestForm(initial={"business_number": firm.business_number}),
    }


@login_required
@require_POST
def access_request_create(request):
    form = AccessRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The request could not be sent: check the business number."))
        return redirect("firm_register")
    firm = get_object_or_404(Firm, business_number=form.cleaned_data["business_number"])
    try:
        services.access_request_create(
            firm=firm, user=request.user, message=form.cleaned_data["message"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Your request was sent to the members of %(firm)s.") % {"firm": firm.name_ko},
        )
    return redirect("my_firms")


# --- the dashboard, members and access requests -------------------------------------------------


def profile_checklist(firm: Firm) -> list[dict]:
    """What a complete profile still lacks; reads only what firm_with_profile prefetched."""
    years = last_completed_years()
    revenue_years = {revenue.year for revenue in firm.revenues.all()}
    deployments = list(firm.deployments.all())
    outcomes = [outcome for deployment in deployments for outcome in deployment.outcomes.all()]
    edit = reverse("firm_edit", args=[firm.pk])

    def item(done, label, url, optional=False):
        return {"done": bool(done), "label": label, "url": url, "optional": optional}

    return [
        item(
            firm.founded_on and firm.address and firm.employees is not None and firm.summary_ko,
            _("Founding date, address, employees and a summary"),
            edit,
        ),
        item(firm.main_ksic, _("Main industry code (KSIC)"), edit),
        item(
            firm.rnd_staff is not None and firm.rnd_spend is not None,
            _("R&D figures: dedicated staff and spend"),
            edit,
        ),
        item(
            set(years) <= revenue_years,
            _("Revenue for %(first)d to %(last)d") % {"first": years[-1], "last": years[0]},
            reverse("firm_revenues", args=[firm.pk]),
        ),
        item(
            firm.capabilities.all(),
            _("At least one capability (solution you offer)"),
            reverse("firm_capabilities", args=[firm.pk]),
        ),
        item(
            outcomes,
            _("A reference deployment with measured outcomes"),
            reverse("firm_deployments", args=[firm.pk]),
        ),
        item(
            any(outcome.is_confirmed for outcome in outcomes),
            _("An outcome confirmed by the customer"),
            reverse("firm_deployments", args=[firm.pk]),
            optional=True,
        ),
    ]


def _render_dashboard(request, firm: Firm, *, invite_form: InviteForm | None = None):
    checklist = profile_checklist(firm)
    required = [entry for entry in checklist if not entry["optional"]]
    context = {
        "firm": firm,
        "checklist": checklist,
        "checklist_done": sum(entry["done"] for entry in required),
        "checklist_total": len(required),
        "members": selectors.firm_members(firm),
        "access_requests": firm.access_requests.filter(status=RequestStatus.PENDING).select_related(
            "user"
        ),
        "invitations": firm.invitations.filter(
            accepted_at__isnull=True,
            created_at__gte=timezone.now() - timedelta(days=settings.INVITATION_DAYS),
        ),
        "invite_form": invite_form or InviteForm(),
        "can_manage": request.user.has_perm("suppliers.manage_members", firm),
        "can_change": request.user.has_perm("suppliers.change_firm", firm),
        # the rule of selectors.public_firms, on the firm at hand
        "is_listed": firm.is_public or firm.designation_status != DesignationStatus.NONE,
    }
    return render(request, "suppliers/firm_dashboard.html", context)


@login_required
def firm_dashboard(request, firm_id: int):
    return _render_dashboard(request, _profile_firm(request, firm_id, "suppliers.view_firm"))


@login_required
@require_POST
def member_invite(request, firm_id: int):
    firm = _profile_firm(request, firm_id, "suppliers.manage_members")
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.member_invite(
                firm=firm, actor=request.user, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("firm_dashboard", firm.pk)
    return _render_dashboard(request, firm, invite_form=form)


@login_required
@require_POST
def access_request_decide(request, firm_id: int, request_id: int):
    firm = _firm(request, firm_id, "suppliers.manage_members")
    access_request = get_object_or_404(firm.access_requests.select_related("user"), pk=request_id)
    form = AccessDecisionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    try:
        services.access_request_decide(
            access_request=access_request, actor=request.user, accept=form.accept
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = (
            _("%(person)s is now a member.")
            if form.accept
            else _("The request of %(person)s was declined.")
        )
        messages.success(request, done % {"person": access_request.user})
    return redirect("firm_dashboard", firm.pk)


# --- profile and revenues -----------------------------------------------------------------------


@login_required
def firm_edit(request, firm_id: int):
    firm = _firm(request, firm_id, "suppliers.change_firm")
    form = FirmProfileForm(_data(request), instance=firm)
    if request.method == "POST" and form.is_valid():
        try:
            if changes := form.changes():
                services.firm_update(firm=firm, actor=request.user, changes=changes)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect("firm_dashboard", firm.pk)
    return render(request, "suppliers/firm_edit.html", {"firm": firm, "form": form})


def _revenue_initial(record) -> dict:
    if record is None:
        return {}
    return {
        "revenue": record.revenue,
        "smart_revenue": record.smart_revenue,
        "export_revenue": record.export_revenue,
    }


@login_required
def firm_revenues(request, firm_id: int):
    firm = _firm(request, firm_id, "suppliers.change_firm")
    saved = {record.year: record for record in firm.revenues.all()}
    years = last_completed_years()
    forms = [
        RevenueForm(_data(request), year=year, initial=_revenue_initial(saved.get(year)))
        for year in years
    ]
    if (
        request.method == "POST"
        and all([form.is_valid() for form in forms])  # a list: every row shows its errors
        and _save_revenues(request.user, firm, forms, saved)
    ):
        messages.success(request, _("The revenue figures are saved."))
        return redirect("firm_dashboard", firm.pk)
    older = [record for year, record in sorted(saved.items(), reverse=True) if year not in years]
    return render(
        request, "suppliers/firm_revenues.html", {"firm": firm, "forms": forms, "older": older}
    )


def _save_revenues(actor, firm: Firm, forms: list[RevenueForm], saved: dict) -> bool:
    """All rows or none; a service error is shown on its row."""
    current = None
    try:
        with transaction.atomic():
            for current in forms:
                if not current.has_changed():
                    continue
                if current.is_empty:
                    if current.year in saved:
                        services.firm_remove_revenue(revenue=saved[current.year], actor=actor)
                    continue
                services.firm_set_revenue(
                    firm=firm, actor=actor, year=current.year, **current.cleaned_data
                )
    except ValidationError as error:
        add_service_errors(current, error)
        return False
    return True


# --- capabilities -------------------------------------------------------------------------------


def _capabilities(firm: Firm) -> list[Capability]:
    return list(firm.capabilities.select_related("tag__field__area"))


@login_required
def firm_capabilities(request, firm_id: int):
    firm = _firm(request, firm_id, "suppliers.change_firm")
    capabilities = _capabilities(firm)
    form = CapabilityForm(
        _data(request),
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
    firm = _firm(request, firm_id, "suppliers.change_firm")
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
        _data(request),
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
    firm = _firm(request, firm_id, "suppliers.change_firm")
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
    firm = _firm(request, firm_id, "suppliers.change_firm")
    form = CertificationForm(_data(request))
    if request.method == "POST" and form.is_valid() and _save_certification(request, firm, form):
        messages.success(request, _("The certification is added."))
        return redirect("firm_certifications", firm.pk)
    return render(
        request,
        "suppliers/certifications.html",
        {
            "firm": firm,
            "certifications": firm.certifications.all(),
            "form": form,
            "today": timezone.localdate(),
        },
    )


@login_required
def certification_edit(request, firm_id: int, certification_id: int):
    firm = _firm(request, firm_id, "suppliers.change_firm")
    certification = get_object_or_404(firm.certifications, pk=certification_id)
    form = CertificationForm(_data(request), instance=certification)
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
    firm = _firm(request, firm_id, "suppliers.change_firm")
    certification = get_object_or_404(
        firm.certifications.select_related("firm"), pk=certification_id
    )
    services.certification_remove(certification=certification, actor=request.user)
    messages.success(request, _("The certification is removed."))
    return redirect("firm_certifications", firm.pk)


# --- deployments --------------------------------------------------------------------------------


@login_required
def firm_deployments(request, firm_id: int):
    firm = _firm(request, firm_id, "suppliers.view_firm")
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
        _data(request),
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
    firm = _firm(request, firm_id, "suppliers.change_firm")
    result = _deployment_form(request, firm)
    if not isinstance(result, DeploymentForm):
        messages.success(request, _("The deployment is added. Now add its outcomes."))
        return redirect("deployment_detail", firm.pk, result.pk)
    return render(request, "suppliers/deployment_form.html", {"firm": firm, "form": result})


@login_required
def deployment_edit(request, firm_id: int, deployment_id: int):
    firm = _firm(request, firm_id, "suppliers.change_firm")
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
    outcomes = _decorate_outcomes(deployment.outcomes.order_by("category", "id"))
    context = {
        "firm": firm,
        "deployment": deployment,
        "outcomes": outcomes,
        "confirmation_requests": deployment.confirmation_requests.all(),
        "confirm_form": confirm_form or ConfirmationRequestForm(),
        "can_request_confirmation": request.user.has_perm("suppliers.request_confirmation", firm),
        "now": timezone.now(),
    }
    return render(request, "suppliers/deployment_detail.html", context)


@login_required
def deployment_detail(request, firm_id: int, deployment_id: int):
    firm = _firm(request, firm_id, "suppliers.view_firm")
    deployment = get_object_or_404(firm.deployments.prefetch_related("tags"), pk=deployment_id)
    return _render_deployment(request, firm, deployment)


@login_required
@require_POST
def deployment_remove(request, firm_id: int, deployment_id: int):
    firm = _firm(request, firm_id, "suppliers.change_firm")
    deployment = get_object_or_404(firm.deployments.select_related("firm"), pk=deployment_id)
    services.deployment_remove(deployment=deployment, actor=request.user)
    messages.success(request, _("The deployment is removed."))
    return redirect("firm_deployments", firm.pk)


@login_required
@require_POST
def confirmation_request_create(request, firm_id: int, deployment_id: int):
    firm = _firm(request, firm_id, "suppliers.request_confirmation")
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
    form = OutcomeForm(_data(request), _files(request), instance=outcome)
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
    if outcome is not None:
        _decorate_outcomes([outcome])
    return render(
        request,
        "suppliers/outcome_form.html",
        {"firm": firm, "deployment": deployment, "outcome": outcome, "form": form},
    )


@login_required
def outcome_create(request, firm_id: int, deployment_id: int):
    firm = _firm(request, firm_id, "suppliers.change_firm")
    deployment = get_object_or_404(firm.deployments.select_related("firm"), pk=deployment_id)
    return _outcome_page(request, firm, deployment)


@login_required
def outcome_edit(request, firm_id: int, deployment_id: int, outcome_id: int):
    firm = _firm(request, firm_id, "suppliers.change_firm")
    deployment = get_object_or_404(firm.deployments.select_related("firm"), pk=deployment_id)
    outcome = get_object_or_404(deployment.outcomes, pk=outcome_id)
    return _outcome_page(request, firm, deployment, outcome)


@login_required
@require_POST
def outcome_remove(request, firm_id: int, deployment_id: int, outcome_id: int):
    firm = _firm(request, firm_id, "suppliers.change_firm")
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
    firm = _firm(request, firm_id, "suppliers.view_firm")
    outcome = get_object_or_404(
        Outcome.objects.filter(deployment__firm=firm).exclude(evidence=""), pk=outcome_id
    )
    try:
        handle = outcome.evidence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=os.path.basename(outcome.evidence.name)
    )


# --- history ------------------------------------------------------------------------------------

ACTION_LABELS = {
    "firm.register": gettext_lazy("Firm registered"),
    "firm.update": gettext_lazy("Profile changed"),
    "firm.revenue": gettext_lazy("Revenue saved"),
    "firm.revenue_remove": gettext_lazy("Revenue removed"),
    "capability.save": gettext_lazy("Capability saved"),
    "capability.remove": gettext_lazy("Capability removed"),
    "certification.save": gettext_lazy("Certification saved"),
    "certification.remove": gettext_lazy("Certification removed"),
    "deployment.save": gettext_lazy("Deployment saved"),
    "deployment.tags": gettext_lazy("Deployment's solutions changed"),
    "deployment.remove": gettext_lazy("Deployment removed"),
    "deployment.confirmation_request": gettext_lazy("Customer asked to confirm"),
    "outcome.save": gettext_lazy("Outcome saved"),
    "outcome.remove": gettext_lazy("Outcome removed"),
    "outcome.customer_answer": gettext_lazy("Customer answered"),
    "member.add": gettext_lazy("Member added"),
    "member.remove": gettext_lazy("Member removed"),
    "member.invite": gettext_lazy("Colleague invited"),
    "member.access_request": gettext_lazy("Access requested"),
    "member.access_decide": gettext_lazy("Access request decided"),
}


def _change_value(field, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _history_row(entry) -> dict:
    model = entry.content_type.model_class()
    changes = []
    for name, pair in (entry.changes or {}).items():
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        label = getattr(field, "verbose_name", name) if field is not None else name
        changes.append(
            {"label": label, "old": _change_value(field, old), "new": _change_value(field, new)}
        )
    return {
        "entry": entry,
        "action": ACTION_LABELS.get(entry.action, entry.action),
        "who": entry.actor or entry.actor_label or _("the system"),
        "changes": changes,
    }


@login_required
def firm_history(request, firm_id: int):
    firm = _firm(request, firm_id, "suppliers.view_firm_history")
    entries = selectors.firm_history(firm).select_related("content_type")
    page = Paginator(entries, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "suppliers/firm_history.html",
        {"firm": firm, "page": page, "rows": [_history_row(entry) for entry in page]},
    )


# --- signed links: invitations and customer confirmations ---------------------------------------


def _link_problem(request, *, expired: bool, what: str):
    """A page that says the link cannot be used; nothing has changed."""
    status = 410 if expired else 400
    return render(
        request,
        "suppliers/link_problem.html",
        {"expired": expired, "what": what},
        status=status,
    )


@login_required
def invitation_accept(request, token: str):
    try:
        invitation = services.invitation_from_token(token)
    except signing.SignatureExpired:
        return _link_problem(request, expired=True, what="invitation")
    except (signing.BadSignature, FirmInvitation.DoesNotExist):
        return _link_problem(request, expired=False, what="invitation")
    errors = []
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("You are now a member of %(firm)s.") % {"firm": invitation.firm.name_ko},
            )
            return redirect("firm_dashboard", invitation.firm_id)
    context = {
        "invitation": invitation,
        "errors": errors,
        "email_matches": invitation.email.lower() == request.user.email.lower(),
    }
    return render(request, "suppliers/invitation_accept.html", context)


def confirmation_respond(request, token: str):
    """The customer's page, without an account: confirm or dispute each outcome."""
    try:
        confirmation = services.confirmation_from_token(token)
    except signing.SignatureExpired:
        return _link_problem(request, expired=True, what="confirmation")
    except (signing.BadSignature, ConfirmationRequest.DoesNotExist):
        return _link_problem(request, expired=False, what="confirmation")
    # The page speaks the language of the e-mail until the customer picks one with the switch.
    language = confirmation.language
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        language = translation.get_language()
    with translation.override(language):
        response = _confirmation_page(request, token, confirmation)
    response.headers["Content-Language"] = language
    return response


def _confirmation_page(request, token: str, confirmation: ConfirmationRequest):
    if confirmation.answered_at is not None:
        return render(
            request, "suppliers/confirmation_answered.html", {"confirmation": confirmation}
        )
    if timezone.now() > confirmation.expires_at:
        return _link_problem(request, expired=True, what="confirmation")
    deployment = confirmation.deployment
    outcomes = _decorate_outcomes(deployment.outcomes.order_by("category", "id"))
    form = ConfirmationResponseForm(_data(request), outcomes=outcomes)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirmation_respond(confirmation=confirmation, answers=form.answers())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you. Your answers are recorded."))
            return redirect("confirmation_respond", token)
    context = {"confirmation": confirmation, "deployment": deployment, "form": form}
    return render(request, "suppliers/confirmation_respond.html", context)


# --- the public registry ------------------------------------------------------------------------


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
    firms = (
        selectors.firm_list_annotated(firms)
        .prefetch_related(
            Prefetch("capabilities", queryset=Capability.objects.select_related("tag"))
        )
        .order_by(
            Case(When(designation_status=DesignationStatus.VALID, then=Value(0)), default=1),
            "name_ko",
            "id",
        )
    )
    page = Paginator(firms, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "suppliers/supplier_list.html", {"form": form, "page": page})


def supplier_detail(request, firm_id: int):
    firm = get_object_or_404(selectors.firm_with_profile(selectors.public_firms()), pk=firm_id)
    deployments = list(firm.deployments.all())
    for deployment in deployments:
        _decorate_outcomes(deployment.outcomes.all())
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
