"""The reviewer's pages: the queue, the confidentiality pledge, the expert's invitation and own
profile, and per review the declaration of conflicts (회피), then the score sheet beside the
submission (blinded where the call is blind, except on site).

A signed-in user who is not in the pool gets a friendly 403; an expert who has not signed the
current pledge is sent to it first. Reviews come from the user's own queryset: any other review
id is a 404, and the attempt is on record (services.review_access_refused)."""

from collections import Counter
from functools import wraps
from urllib.parse import urlencode

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.rules import is_officer
from designations import services as designation_services
from designations.models import Application, Attachment
from designations.snapshot import blinded_snapshot
from designations.views.access import conflict, wants_json
from designations.views.submitted import FIRM_ROWS, submission
from evaluations import selectors, services
from evaluations.enums import ReviewStage
from evaluations.enums import ReviewStatus as R
from evaluations.forms import (
    ConflictForm,
    DeclineForm,
    EmployerForm,
    ExpertProfileForm,
    NoConflictForm,
    PledgeForm,
    ScoreSheetForm,
)
from evaluations.models import Expert, Review
from suppliers.brn import format_business_number
from suppliers.enums import CertificationKind
from suppliers.forms import add_service_errors, local_name

# What a blind review may still show of the applicant firm (nothing that names or locates it).
BLIND_FIRM_ROWS = {"region", "size_class", "employees", "main_ksic", "rnd_staff", "rnd_spend"}

# --- who may come in ---------------------------------------------------------------------------


def not_in_pool(request):
    """A signed-in user without a pool entry: say so (officers get a way to their own pages)."""
    return render(
        request,
        "evaluations/reviewer/not_in_pool.html",
        {"is_officer": is_officer(request.user)},
        status=403,
    )


def _pledge_url(next_url: str) -> str:
    return f"{reverse('review_pledge')}?{urlencode({'next': next_url})}"


def reviewer_page(view):
    """Signed in, in the pool, and the current pledge signed: then `view(request, expert, ...)`."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        expert = selectors.expert_of(request.user)
        if expert is None:
            return not_in_pool(request)
        if not services.pledge_current(expert):
            if wants_json(request):
                return JsonResponse(
                    {"saved": False, "message": str(services.PledgeRequired())}, status=403
                )
            # A form posted without the pledge comes back to the queue, not to a POST-only URL.
            back = request.get_full_path() if request.method == "GET" else reverse("review_queue")
            return redirect(_pledge_url(back))
        return view(request, expert, *args, **kwargs)

    return login_required(wrapped)


def is_blinded(review: Review) -> bool:
    """The applicant's identity is withheld: a blind call, except at the on-site visit."""
    return review.application.call.blind_document_review and review.stage != ReviewStage.ONSITE


def _review_for(request, expert: Expert, review_id: int, perm: str) -> Review:
    """The expert's own visible review (else 404, on record), if the user holds `perm` (else
    403)."""
    review = (
        selectors.reviews_for_user(request.user)
        .filter(expert=expert, pk=review_id)
        .select_related("application__call", "application__firm", "expert")
        .first()
    )
    if review is None:
        _refused(request, expert, review_id)
        raise Http404
    if not rules.has_perm(perm, request.user, review):
        raise PermissionDenied
    return review


def _refused(request, expert: Expert, review_id: int) -> None:
    """A review that exists but is not this reviewer's to open: the attempt goes on record."""
    refused = (
        Review.objects.filter(pk=review_id).values("application_id", "expert_id", "status").first()
    )
    if refused is None:
        return
    if refused["expert_id"] == expert.pk:
        reason = f"Review {review_id} is {refused['status']}."
    else:
        reason = f"Review {review_id} is assigned to another reviewer."
    services.review_access_refused(
        application_id=refused["application_id"], actor=request.user, reason=reason
    )


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("review_queue")


# --- the queue ---------------------------------------------------------------------------------


@reviewer_page
def review_queue(request, expert: Expert):
    reviews = list(
        selectors.review_queue(request.user)
        .prefetch_related("application__fields")
        .annotate(scored=Count("scores", filter=Q(scores__points__isnull=False)))
    )
    now = timezone.now()
    rows = [
        {
            "review": review,
            "blinded": is_blinded(review),
            "overdue": review.status != R.SUBMITTED and review.due_at and review.due_at < now,
        }
        for review in reviews
    ]
    counts = Counter(review.status for review in reviews)
    return render(
        request,
        "evaluations/reviewer/queue.html",
        {
            "expert": expert,
            "rows": rows,
            "to_declare": counts[R.RELEASED],
            "to_score": counts[R.OPEN],
            "submitted": counts[R.SUBMITTED],
            "overdue": sum(1 for row in rows if row["overdue"]),
        },
    )


# --- the pledge --------------------------------------------------------------------------------


@login_required
def review_pledge(request):
    expert = selectors.expert_of(request.user)
    if expert is None:
        return not_in_pool(request)
    next_url = _safe_next(request)
    form = PledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.pledge_sign(expert=expert, actor=request.user)
        messages.success(request, _("Thank you. Your pledge is signed."))
        return redirect(next_url)
    context = {
        "expert": expert,
        "form": form,
        "signed": services.pledge_current(expert),
        "next": next_url,
        "version": settings.EVALUATION_PLEDGE_VERSION,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "evaluations/reviewer/pledge.html", context, status=status)


# --- the invitation and the profile ------------------------------------------------------------


def expert_invitation(request, token: str):
    """The invited expert accepts with the account of the invited address: a forged or expired
    link says so plainly, even before signing in."""
    expert = services.expert_for_token(token)
    if expert is None:
        return render(request, "evaluations/reviewer/invitation_invalid.html", status=404)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    errors = []
    if request.method == "POST":
        try:
            services.expert_accept(expert=expert, user=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request, _("Welcome to the reviewer pool. Please sign the confidentiality pledge.")
            )
            return redirect("review_pledge")
    context = {
        "expert": expert,
        "inviter": expert.invited_by,
        "accepted": expert.user_id is not None and expert.user_id == request.user.pk,
        "taken": expert.user_id not in (None, request.user.pk),
        "errors": errors,
    }
    return render(
        request,
        "evaluations/reviewer/invitation.html",
        context,
        status=400 if errors else 200,
    )


def _employers(expert: Expert) -> list:
    employers = list(expert.employers.all())
    for employer in employers:
        employer.business_number_display = format_business_number(employer.business_number)
    return employers


def _render_profile(request, expert: Expert, *, status: int = 200, **forms):
    context = {
        "expert": expert,
        "form": forms.get("form") or ExpertProfileForm(instance=expert),
        "employer_form": forms.get("employer_form") or EmployerForm(),
        "employers": _employers(expert),
    }
    return render(request, "evaluations/reviewer/profile.html", context, status=status)


@reviewer_page
def expert_profile(request, expert: Expert):
    if request.method != "POST":
        return _render_profile(request, expert)
    form = ExpertProfileForm(request.POST, instance=expert)
    if form.is_valid():
        try:
            services.expert_update(
                expert=expert, actor=request.user, changes=form.changes(),
                expertise=form.chosen_fields(),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("expert_profile")
    return _render_profile(request, expert, form=form, status=400)


@reviewer_page
@require_POST
def expert_employer_add(request, expert: Expert):
    form = EmployerForm(request.POST)
    if form.is_valid():
        try:
            services.employer_add(expert=expert, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The employer is added."))
            return redirect("expert_profile")
    return _render_profile(request, expert, employer_form=form, status=400)


@reviewer_page
@require_POST
def expert_employer_remove(request, expert: Expert, employer_id: int):
    employer = get_object_or_404(expert.employers, pk=employer_id)
    services.employer_remove(employer=employer, actor=request.user)
    messages.success(request, _("The employer is removed."))
    return redirect("expert_profile")


# --- a review: the declaration ----------------------------------------------------------------


def _header(review: Review, blinded: bool) -> dict:
    application = review.application
    snapshot = application.snapshot or {}
    return {
        "review": review,
        "application": application,
        "call": application.call,
        "blinded": blinded,
        "firm_name": ""
        if blinded
        else (snapshot.get("firm") or {}).get("name_ko") or application.firm.name_ko,
        "field_names": [local_name(field) for field in application.fields.all()],
    }


def _render_declaration(request, review: Review, *, status: int = 200, **forms):
    blinded = is_blinded(review)
    context = {
        **_header(review, blinded),
        "no_conflict_form": forms.get("no_conflict_form") or NoConflictForm(),
        "conflict_form": forms.get("conflict_form") or ConflictForm(),
        "decline_form": forms.get("decline_form") or DeclineForm(),
    }
    return render(request, "evaluations/reviewer/declare.html", context, status=status)


def _back(review: Review) -> str:
    return reverse("review_detail", args=[review.pk])


@reviewer_page
def review_detail(request, expert: Expert, review_id: int):
    review = _review_for(request, expert, review_id, "evaluations.view_review")
    if review.status == R.RELEASED:
        return _render_declaration(request, review)
    services.review_file_opened(review=review, actor=request.user)
    return _render_sheet(request, review)


@reviewer_page
@require_POST
def review_declare(request, expert: Expert, review_id: int):
    review = _review_for(request, expert, review_id, "evaluations.declare_review")
    has_conflict = request.POST.get("conflict") == "1"
    form = ConflictForm(request.POST) if has_conflict else NoConflictForm(request.POST)
    if form.is_valid():
        try:
            services.review_declare(
                review=review, actor=request.user, conflict=has_conflict,
                reason=form.cleaned_data.get("reason", ""),
            )  # fmt: skip
        except services.ReviewNotAllowed as error:
            return conflict(request, error, back=_back(review))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if has_conflict:
                messages.success(
                    request,
                    _("Your conflict of interest is recorded. The application is taken out of "
                      "your queue and another reviewer takes your place."),
                )  # fmt: skip
                return redirect("review_queue")
            messages.success(request, _("Thank you. The file is open: you can now score it."))
            return redirect("review_detail", review.pk)
    key = "conflict_form" if has_conflict else "no_conflict_form"
    if review.status == R.RELEASED:
        return _render_declaration(request, review, status=400, **{key: form})
    return _render_sheet(request, review, status=400, conflict_form=form)


@reviewer_page
@require_POST
def review_decline(request, expert: Expert, review_id: int):
    review = _review_for(request, expert, review_id, "evaluations.declare_review")
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.review_decline(
                review=review, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ReviewNotAllowed as error:
            return conflict(request, error, back=_back(review))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("You declined this review. Another reviewer takes your place.")
            )
            return redirect("review_queue")
    return _render_declaration(request, review, status=400, decline_form=form)


# --- a review: the score sheet ----------------------------------------------------------------


def _submission(application: Application, *, blinded: bool) -> dict:
    """The submission as labelled rows; blinded: the identity removed, twice over (the snapshot's
    blinding, then only the firm rows that cannot name the firm)."""
    if not application.snapshot:
        return {"has_snapshot": False}
    if not blinded:
        return {"has_snapshot": True, **submission(application)}
    shown = Application(pk=application.pk, call=application.call, firm_id=application.firm_id)
    shown.snapshot = blinded_snapshot(application.snapshot)
    rows = submission(shown)
    rows["firm_rows"] = [
        row for (key, _label), row in zip(FIRM_ROWS, rows["firm_rows"], strict=True)
        if key in BLIND_FIRM_ROWS
    ]  # fmt: skip
    rows["certifications"] = [
        {"name": _certification_label(item.get("kind")), "valid_until": item.get("valid_until")}
        for item in shown.snapshot["firm"].get("certifications", [])
    ]
    rows["attachments"] = []
    return {"has_snapshot": True, **rows}


def _certification_label(kind: str | None) -> str:
    try:
        return str(CertificationKind(kind).label)
    except ValueError:
        return kind or ""


def _sheet_form(review: Review, *, data=None) -> ScoreSheetForm:
    criteria = services.review_criteria(review)
    if data is not None:
        return ScoreSheetForm(data, criteria=criteria, call=review.application.call)
    scores = review.scores.select_related("criterion")
    initial = ScoreSheetForm.initial_from(scores, review.overall_comment)
    return ScoreSheetForm(initial=initial, criteria=criteria, call=review.application.call)


def _render_sheet(request, review: Review, *, status: int = 200, form=None, conflict_form=None):
    blinded = is_blinded(review)
    call = review.application.call
    context = {
        **_header(review, blinded),
        **_submission(review.application, blinded=blinded),
        "form": form or _sheet_form(review),
        "editable": review.status == R.OPEN,
        "conflict_form": conflict_form or ConflictForm(),
        "attachments_withheld": blinded and bool(review.application.snapshot.get("attachments")),
        "comment_low": call.comment_low_percent,
        "comment_high": call.comment_high_percent,
        "saved_at": timezone.localtime(review.updated_at).strftime("%H:%M"),
    }
    return render(request, "evaluations/reviewer/sheet.html", context, status=status)


@reviewer_page
@require_POST
def review_scores(request, expert: Expert, review_id: int):
    review = _review_for(request, expert, review_id, "evaluations.score_review")
    form = _sheet_form(review, data=request.POST)
    final = bool(request.POST.get("final")) and not wants_json(request)
    if form.is_valid():
        try:
            review = services.scores_save(
                review=review, actor=request.user, scores=form.scores(),
                overall_comment=form.cleaned_data["overall_comment"], final=final,
            )  # fmt: skip
        except services.ReviewNotAllowed as error:
            return conflict(request, error, back=_back(review))
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return _scores_saved(request, review, form, final=final)
    if wants_json(request):
        return JsonResponse(
            {
                "saved": False,
                "message": _("Not saved: please correct the marked points."),
                "errors": {name: list(errors) for name, errors in form.errors.items()},
            },
            status=400,
        )
    if final:
        messages.error(request, _("Not submitted: please complete the marked criteria."))
    return _render_sheet(request, review, status=400, form=form)


def _scores_saved(request, review: Review, form: ScoreSheetForm, *, final: bool):
    saved_at = timezone.localtime(review.updated_at).strftime("%H:%M")
    if wants_json(request):
        total = render_to_string(
            "evaluations/reviewer/includes/sheet_total.html", {"form": form}, request
        )
        return JsonResponse(
            {
                "saved": True,
                "saved_at": saved_at,
                "message": _("Saved at %(time)s") % {"time": saved_at},
                "total": form.total(),
                "fragments": {"sheet-total": total},
            }
        )
    if final:
        messages.success(
            request,
            _("Your score sheet is submitted. It can no longer be changed; an officer may "
              "reopen it if a correction is needed."),
        )  # fmt: skip
    else:
        messages.success(request, _("Saved at %(time)s.") % {"time": saved_at})
    return redirect("review_detail", review.pk)


@reviewer_page
def review_attachment(request, expert: Expert, review_id: int, attachment_id: int):
    """An attachment listed in the submission, while the file is open and not blind."""
    review = _review_for(request, expert, review_id, "evaluations.open_file")
    listed = {item.get("id") for item in (review.application.snapshot or {}).get("attachments", [])}
    if is_blinded(review) or attachment_id not in listed:
        raise Http404
    attachment = get_object_or_404(
        Attachment.all_objects.filter(application=review.application), pk=attachment_id
    )
    return designation_services.attachment_download(attachment)


_review = "reviews/<int:review_id>/"

urlpatterns = [
    path("reviews/", review_queue, name="review_queue"),
    path("reviews/pledge/", review_pledge, name="review_pledge"),
    path("reviews/profile/", expert_profile, name="expert_profile"),
    path("reviews/profile/employers/", expert_employer_add, name="expert_employer_add"),
    path(
        "reviews/profile/employers/<int:employer_id>/remove/",
        expert_employer_remove,
        name="expert_employer_remove",
    ),
    path("experts/invitation/<str:token>/", expert_invitation, name="expert_invitation"),
    path(_review, review_detail, name="review_detail"),
    path(_review + "declare/", review_declare, name="review_declare"),
    path(_review + "decline/", review_decline, name="review_decline"),
    path(_review + "scores/", review_scores, name="review_scores"),
    path(_review + "attachments/<int:attachment_id>/", review_attachment, name="review_attachment"),
]
