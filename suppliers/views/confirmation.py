"""The customer's page behind the signed link of the e-mail: confirm or dispute each outcome,
without an account."""

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from suppliers import services
from suppliers.forms import ConfirmationResponseForm, add_service_errors
from suppliers.models import ConfirmationRequest
from suppliers.views.access import link_problem
from suppliers.views.posted import posted_data


def confirmation_respond(request, token: str):
    """The customer's page, without an account: confirm or dispute each outcome."""
    try:
        confirmation = services.confirmation_from_token(token)
    except signing.SignatureExpired:
        return link_problem(request, expired=True, what="confirmation")
    except (signing.BadSignature, ConfirmationRequest.DoesNotExist):
        return link_problem(request, expired=False, what="confirmation")
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
        return link_problem(request, expired=True, what="confirmation")
    deployment = confirmation.deployment
    outcomes = deployment.outcomes.order_by("category", "id")
    form = ConfirmationResponseForm(posted_data(request), outcomes=outcomes)
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
