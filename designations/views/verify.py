"""Public verification of a designation number (no sign-in, throttled per address, never
cached, so a suspension shows at once) and the certificate PDFs for the firm and officers."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from designations.forms_life import VerifyForm
from designations.models import Designation
from designations.selectors import (
    designation_for_verification,
    designations_for_user,
)
from designations.services.certificates import LANGS, certificate_for_download
from designations.services.designation import is_renewed
from designations.verification import PageThrottle, not_found_message
from registry.access import object_for
from registry.api.throttles import wait_seconds
from registry.uploads import file_download


@never_cache
@require_safe
def verify_form(request):
    """A number typed in any usual form goes to its canonical verification page."""
    form = VerifyForm(request.GET if "number" in request.GET else None)
    if form.is_valid():
        return redirect("verify_designation", number=form.cleaned_data["number"])
    return render(request, "designations/verify_form.html", {"form": form})


@never_cache
@require_safe
def verify_designation(request, number: str):
    wait = wait_seconds(request, PageThrottle(), "verify")
    if wait:
        response = render(
            request, "designations/verify_form.html", {"form": VerifyForm(), "wait": wait},
            status=429,
        )  # fmt: skip
        response["Retry-After"] = str(wait)
        return response
    designation = designation_for_verification(number)
    if designation is None:
        context = {
            "form": VerifyForm(initial={"number": number}),
            "not_found": not_found_message(number),
        }
        return render(request, "designations/verify_form.html", context, status=404)
    if designation.number != number:
        return redirect("verify_designation", number=designation.number)
    return render(request, "designations/verify.html", _result(designation))


def _result(designation: Designation) -> dict:
    return {
        "designation": designation,
        "firm": designation.firm,
        "fields": list(designation.fields.all()),
        "renewed_by": designation.renewed_by if is_renewed(designation) else None,
        "renewed_from": designation.renewed_from,
        "today": timezone.localdate(),
        "checked_at": timezone.now(),
    }


@login_required
@require_safe
def certificate_download(request, designation_id: int, lang: str):
    """The current certificate PDF (issued now if its printed data changed)."""
    if lang not in LANGS:
        raise Http404
    designation = object_for(
        request,
        designations_for_user(request.user).select_related("firm"),
        designation_id,
        "designations.download_certificate",
    )
    certificate = certificate_for_download(designation, lang=lang, actor=request.user)
    return file_download(certificate.file, filename_stem=f"{designation.number}-{lang}")
