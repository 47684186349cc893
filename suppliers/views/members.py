"""Who works on a firm: access requests, invitations by e-mail, accepting an invitation, and
removing a member."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from suppliers import services
from suppliers.forms import AccessDecisionForm, AccessRequestForm, InviteForm, add_service_errors
from suppliers.models import Firm, FirmInvitation
from suppliers.views.access import firm_for, link_problem, profile_firm_for
from suppliers.views.firms import render_dashboard


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


@login_required
@require_POST
def access_request_decide(request, firm_id: int, request_id: int):
    firm = firm_for(request, firm_id, "suppliers.manage_members")
    access_request = get_object_or_404(firm.access_requests.select_related("user"), pk=request_id)
    form = AccessDecisionForm(request.POST)
    if not form.is_valid():  # not one of the dashboard's buttons: say so, change nothing
        messages.error(request, _("Choose accept or decline for the request."))
        return redirect("firm_dashboard", firm.pk)
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


@login_required
@require_POST
def member_invite(request, firm_id: int):
    firm = profile_firm_for(request, firm_id, "suppliers.manage_members")
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
    return render_dashboard(request, firm, invite_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, firm_id: int, membership_id: int):
    """GET asks "are you sure?"; POST removes. A member may remove themself, never the last one."""
    firm = firm_for(request, firm_id, "suppliers.manage_members")
    membership = get_object_or_404(firm.memberships.select_related("user"), pk=membership_id)
    is_self = membership.user_id == request.user.pk
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("firm_dashboard", firm.pk)
        if is_self:
            messages.success(
                request, _("You are no longer a member of %(firm)s.") % {"firm": firm.name_ko}
            )
            return redirect("my_firms")
        messages.success(
            request, _("%(person)s is no longer a member.") % {"person": membership.user}
        )
        return redirect("firm_dashboard", firm.pk)
    context = {
        "firm": firm,
        "membership": membership,
        "is_self": is_self,
        "is_last": firm.memberships.count() <= 1,
    }
    return render(request, "suppliers/member_remove.html", context)


@login_required
def invitation_accept(request, token: str):
    try:
        invitation = services.invitation_from_token(token)
    except signing.SignatureExpired:
        return link_problem(request, expired=True, what="invitation")
    except (signing.BadSignature, FirmInvitation.DoesNotExist):
        return link_problem(request, expired=False, what="invitation")
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
