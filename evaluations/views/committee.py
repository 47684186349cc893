"""The committee's pages: a call's ranked results and their export, the committee's board (the
members' votes, the officers' tally and decision), an application's result (in full for officers
and the committee; for the firm after the decision, as results.public_view shapes it, with the
appeal) and the firm's challenges (기피).

Who reaches an application: officers all of them; committee members those before the committee
or decided by it, of any call; the firm its own (404 outside that, 403 without the permission).
"""

import string
from collections import defaultdict
from urllib.parse import quote

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.rules import is_committee_member, is_officer
from designations.enums import ApplicationStatus as S
from designations.models import Application, Call, Designation
from designations.templatetags.bilingual import local
from designations.transitions import TransitionNotAllowed
from designations.views.access import application_for, call_for, conflict
from evaluations import exports
from evaluations.challenges import CHALLENGEABLE, challenge_file
from evaluations.committee import (
    ROUND_OF,
    appeal_deadline,
    appeal_file,
    can_appeal,
    count_votes,
    decision_record,
    deliberation_round,
    vote_cast,
)
from evaluations.enums import Flag, ReviewStage, ReviewStatus, Vote
from evaluations.forms_committee import AppealForm, ChallengeForm, decision_form, vote_form
from evaluations.models import Appeal, CommitteeDecision, CommitteeVote
from evaluations.results import (
    ApplicationResult,
    ReviewerCalibration,
    StageResult,
    application_result,
    call_results,
    public_view,
)
from evaluations.rules import is_applicant
from evaluations.selectors import COMMITTEE_SEES, evaluated_applications
from evaluations.transitions import CRITERION_STAGES
from suppliers.enums import Tier
from suppliers.forms import add_service_errors

# A committee member sees the applications before the committee and those it decided.
# Badges of the ranked list: short words; the result page spells the flag out.
FLAG_BADGES = {
    Flag.DISAGREEMENT: gettext_lazy("Consensus needed"),
    Flag.INCOMPLETE: gettext_lazy("Incomplete"),
    Flag.LENIENT: gettext_lazy("Lenient"),
    Flag.HARSH: gettext_lazy("Harsh"),
}
EXPORT_KINDS = {
    "results": (exports.result_rows, gettext_lazy("results")),
    "matrix": (exports.score_matrix_rows, gettext_lazy("score matrix")),
}
EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Characters no file system likes in a name.
UNSAFE_IN_FILE_NAME = str.maketrans({c: "_" for c in '\\/:*?"<>|\r\n\t'})


def results_scope(user) -> QuerySet[Application]:
    """The applications whose evaluation pages the user may reach at all (the API's scope)."""
    return evaluated_applications(user, committee_states=COMMITTEE_SEES).select_related(
        "call", "firm"
    )


def _application(request, application_id: int, perm: str) -> Application:
    return application_for(request, application_id, perm, results_scope(request.user))


# --- small shapes the templates share ------------------------------------------------------------


def flag_badges(flags) -> list[dict]:
    return [{"label": FLAG_BADGES.get(flag, Flag(flag).label), "title": Flag(flag).label}
            for flag in flags]  # fmt: skip


def tier_label(tier: str) -> str:
    return str(Tier(tier).label) if tier else ""


def reviewer_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: a label that names nobody."""
    letters, number = "", index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = string.ascii_uppercase[rest] + letters
    return letters


def calibration_rows(reviewers: list[ReviewerCalibration], *, show_names: bool) -> list[dict]:
    """Officers see the names; the committee sees letters given in the pool's order (not by
    name, which would hint at who is who)."""
    if show_names:
        labelled = [(c.expert_name, c) for c in reviewers]
    else:
        ordered = sorted(reviewers, key=lambda c: c.expert_id)
        labelled = [
            (_("Reviewer %(letter)s") % {"letter": reviewer_letter(i)}, c)
            for i, c in enumerate(ordered)
        ]
    return [
        {"label": label, "calibration": c, "flag": FLAG_BADGES[c.flag] if c.flag else ""}
        for label, c in labelled
    ]


def _row(result: ApplicationResult, user) -> dict:
    return {
        "result": result,
        "application": result.application,
        "flags": flag_badges(result.flags),
        "tier": tier_label(result.tier),
        "can_open": is_officer(user) or result.application.status in COMMITTEE_SEES,
    }


# --- the call's results ------------------------------------------------------------------------


def _export_links(call: Call) -> list[dict]:
    base = reverse("call_results_export", args=[call.pk])
    return [
        {"label": label, "format": file_format.upper(),
         "url": f"{base}?kind={kind}&format={file_format}"}
        for kind, (_rows, label) in EXPORT_KINDS.items()
        for file_format in EXPORT_TYPES
    ]  # fmt: skip


@login_required
def call_results_page(request, call_id: int):
    call = call_for(request, call_id, "evaluations.view_call_results")
    results = call_results(call)
    user = request.user
    show_names = rules.has_perm("evaluations.view_reviewer_names", user)
    context = {
        "call": call,
        "results": results,
        "rows": [_row(result, user) for result in results.applications],
        "reviewers": calibration_rows(results.reviewers, show_names=show_names),
        "exports": _export_links(call)
        if rules.has_perm("evaluations.export_results", user)
        else [],
    }
    return render(request, "evaluations/committee/call_results.html", context)


def attachment_header(*, ascii_name: str, name: str) -> str:
    """An attachment's name for every browser: ASCII for old ones, UTF-8 (RFC 6266) for the rest."""
    name = name.translate(UNSAFE_IN_FILE_NAME)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


@login_required
def call_results_export(request, call_id: int):
    call = call_for(request, call_id, "evaluations.export_results")
    kind, file_format = request.GET.get("kind", ""), request.GET.get("format", "")
    if kind not in EXPORT_KINDS or file_format not in EXPORT_TYPES:
        return HttpResponseBadRequest(_("Ask for kind=results or matrix, format=csv or xlsx."))
    rows_of, label = EXPORT_KINDS[kind]
    rows = rows_of(call_results(call))
    if file_format == "csv":
        content = exports.as_csv(rows)
    else:
        content = exports.as_xlsx(rows, sheet_title=str(label))
    day = timezone.localdate().strftime("%Y%m%d")
    response = HttpResponse(content, content_type=EXPORT_TYPES[file_format])
    response["Content-Disposition"] = attachment_header(
        ascii_name=f"call-{call.pk}-{kind}-{day}.{file_format}",
        name=f"{local(call, 'title')} {label} {day}.{file_format}",
    )
    response["Cache-Control"] = "no-store"  # reviewers' names and scores: keep no copies
    return response


# --- the committee's board ---------------------------------------------------------------------


def _votes_by_application(ids: list[int], user) -> tuple[dict, dict]:
    """The user's own votes, and (for officers) every vote: one query each, whatever the count."""
    mine, every = {}, defaultdict(list)
    if is_committee_member(user):
        for vote in CommitteeVote.objects.filter(application_id__in=ids, member=user):
            mine[(vote.application_id, vote.round)] = vote
    if is_officer(user):
        votes = CommitteeVote.objects.filter(application_id__in=ids).select_related("member")
        for vote in votes.order_by("application_id", "round", "member__name", "id"):
            every[(vote.application_id, vote.round)].append(vote)
    return mine, every


def tally(votes: list[CommitteeVote]) -> list[dict]:
    """committee.count_votes of votes already loaded, labelled for the board."""
    counts = count_votes(votes)
    return [
        {"vote": value, "label": Vote(value).label, "count": counts[value]} for value in Vote.values
    ]


def _board_entry(result: ApplicationResult, user, loaded: dict, bound) -> dict:
    application = result.application
    round_ = ROUND_OF[application.status]
    entry = {
        **_row(result, user),
        "round": round_,
        "appeal": loaded["appeals"].get(application.pk),
        "first_decision": loaded["decisions"].get(application.pk),
    }
    bound_kind, bound_id, bound_form = bound or (None, None, None)
    if rules.has_perm("evaluations.vote", user, application):
        mine = loaded["mine"].get((application.pk, round_))
        initial = {"vote": mine.vote, "reason": mine.reason} if mine else None
        entry["my_vote"] = mine
        entry["vote_form"] = (
            bound_form
            if (bound_kind, bound_id) == ("vote", application.pk)
            else vote_form(application.pk, initial=initial)
        )
    if rules.has_perm("evaluations.record_decision", user, application):
        votes = loaded["every"].get((application.pk, round_), [])
        entry["votes"] = votes
        entry["tally"] = tally(votes)
        entry["decision_form"] = (
            bound_form
            if (bound_kind, bound_id) == ("decision", application.pk)
            else decision_form(application.pk)
        )
    return entry


def _board(request, call: Call, *, bound=None):
    user = request.user
    results = call_results(call, applications=call.applications.filter(status__in=list(ROUND_OF)))
    ids = [result.application.pk for result in results.applications]
    mine, every = _votes_by_application(ids, user)
    loaded = {
        "mine": mine,
        "every": every,
        "appeals": {a.application_id: a for a in Appeal.objects.filter(application_id__in=ids)},
        "decisions": {
            d.application_id: d
            for d in CommitteeDecision.objects.filter(application_id__in=ids, round=1)
        },
    }
    context = {
        "call": call,
        "entries": [_board_entry(result, user, loaded, bound) for result in results.applications],
        "is_member": is_committee_member(user),
        "is_officer": is_officer(user),
    }
    return render(request, "evaluations/committee/board.html", context)


def _board_url(application: Application) -> str:
    return reverse("committee_board", args=[application.call_id]) + f"#application-{application.pk}"


def _not_before_committee(application: Application) -> TransitionNotAllowed:
    return TransitionNotAllowed(
        application.status, S.COMMITTEE, _("This application is not before the committee.")
    )


@login_required
def committee_board(request, call_id: int):
    return _board(request, call_for(request, call_id, "evaluations.view_call_results"))


@login_required
@require_POST
def application_vote(request, application_id: int):
    application = _application(request, application_id, "evaluations.vote")
    if deliberation_round(application) is None:
        return conflict(request, _not_before_committee(application), back=_board_url(application))
    form = vote_form(application.pk, request.POST)
    if form.is_valid():
        try:
            cast = vote_cast(
                application=application, member=request.user,
                vote=form.cleaned_data["vote"], reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except TransitionNotAllowed as error:
            return conflict(request, error, back=_board_url(application))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your vote on %(receipt)s is saved: %(vote)s.")
                % {"receipt": application.receipt_number, "vote": cast.get_vote_display()},
            )
            return redirect(_board_url(application))
    return _board(request, application.call, bound=("vote", application.pk, form))


@login_required
@require_POST
def application_decision(request, application_id: int):
    application = _application(request, application_id, "evaluations.record_decision")
    if deliberation_round(application) is None:
        return conflict(request, _not_before_committee(application), back=_board_url(application))
    form = decision_form(application.pk, request.POST)
    if form.is_valid():
        try:
            application, designation = decision_record(
                application=application, actor=request.user,
                decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except TransitionNotAllowed as error:
            return conflict(request, error, back=_board_url(application))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if designation is not None:
                message = _("%(receipt)s is designated: designation number %(number)s.") % {
                    "receipt": application.receipt_number, "number": designation.number,
                }  # fmt: skip
            else:
                message = _("%(receipt)s: the rejection is recorded.") % {
                    "receipt": application.receipt_number
                }
            messages.success(request, message)
            return redirect("committee_board", application.call_id)
    return _board(request, application.call, bound=("decision", application.pk, form))


# --- an application's result -------------------------------------------------------------------


def _stage_table(stage: StageResult, result: ApplicationResult, *, show_names: bool) -> dict:
    """One stage's sheets side by side: a row per criterion the stage scores, a column per sheet."""
    criteria = [
        c.criterion for c in result.criteria if c.criterion.stage in CRITERION_STAGES[stage.stage]
    ]
    sheets = []
    for number, sheet in enumerate(stage.sheets, start=1):
        sheets.append(
            {
                "sheet": sheet,
                "label": sheet.expert_name if show_names else _("Reviewer %(n)s") % {"n": number},
                "status": ReviewStatus(sheet.status).label,
                "comments": [
                    {"criterion": local(c, "name"), "comment": sheet.comments[c.id]}
                    for c in criteria
                    if c.id in sheet.comments
                ],
            }
        )
    rows = [
        {
            "criterion": criterion,
            "points": [sheet.points.get(criterion.id) for sheet in stage.sheets],
            "mean": stage.criterion_means.get(criterion.id),
        }
        for criterion in criteria
    ]
    return {"stage": stage, "label": ReviewStage(stage.stage).label, "sheets": sheets, "rows": rows}


def _full_context(request, application: Application) -> dict:
    result = application_result(application)
    show_names = rules.has_perm("evaluations.view_reviewer_names", request.user, application)
    return {
        "result": result,
        "show_names": show_names,
        "stages": [
            _stage_table(stage, result, show_names=show_names) for stage in result.stages.values()
        ],
        "criteria": [
            {"result": c, "stage": ReviewStage(c.stage_used).label if c.stage_used else ""}
            for c in result.criteria
        ],
        "flags": [Flag(flag).label for flag in result.flags],
        "tier": tier_label(result.tier),
    }


def _firm_context(request, application: Application, decisions: list, appeal_form) -> dict:
    """The firm sees its result once the committee decided; during an appeal's re-review the
    new sheets come in one by one, so nothing is shown until the committee decides again."""
    view = None
    if decisions and application.status != S.APPEAL:
        view = public_view(
            application_result(application), share_comments=application.call.share_comments
        )
    may_appeal = rules.has_perm("evaluations.appeal", request.user, application) and can_appeal(
        application
    )
    return {
        "view": view,
        "appeal_form": appeal_form or (AppealForm() if may_appeal else None),
        "may_appeal": may_appeal,
        "appeal_deadline": appeal_deadline(application),
    }


def _result_page(request, application: Application, *, appeal_form=None):
    decisions = list(application.decisions.all())
    common = {
        "application": application,
        "call": application.call,
        "decisions": decisions,
        "appeal": Appeal.objects.filter(application=application).first(),
        "designation": Designation.objects.filter(application=application).first(),
    }
    if is_applicant(request.user, application):
        firm = _firm_context(request, application, decisions, appeal_form)
        return render(request, "evaluations/committee/result_firm.html", {**common, **firm})
    full = _full_context(request, application)
    return render(request, "evaluations/committee/result.html", {**common, **full})


@login_required
def application_result_page(request, application_id: int):
    return _result_page(request, _application(request, application_id, "evaluations.view_result"))


@login_required
@require_POST
def application_appeal(request, application_id: int):
    application = _application(request, application_id, "evaluations.appeal")
    back = reverse("application_result", args=[application.pk])
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            appeal_file(application=application, actor=request.user, **form.cleaned_data)
        except TransitionNotAllowed as error:
            return conflict(request, error, back=back)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your appeal is filed. New reviewers re-review the application; then the "
                  "committee decides again."),
            )  # fmt: skip
            return redirect(back)
    elif not can_appeal(application):
        return conflict(
            request,
            TransitionNotAllowed(
                application.status, S.APPEAL, _("This application can no longer be appealed.")
            ),
            back=back,
        )
    return _result_page(request, application, appeal_form=form)


# --- the firm's challenges -----------------------------------------------------------------------


@login_required
def application_challenge(request, application_id: int):
    application = _application(request, application_id, "evaluations.challenge")
    form = ChallengeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            challenge_file(application=application, actor=request.user, **form.cleaned_data)
        except TransitionNotAllowed as error:
            return conflict(
                request, error, back=reverse("application_challenge", args=[application.pk])
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your challenge is filed. An officer decides it and tells you why.")
            )
            return redirect("application_challenge", application.pk)
    context = {
        "application": application,
        "call": application.call,
        "form": form,
        "can_file": application.status in CHALLENGEABLE,
        "challenges": application.challenges.all(),
    }
    return render(request, "evaluations/committee/challenge.html", context)


_call = "calls/<int:call_id>/"
_application_path = "applications/<int:application_id>/"

urlpatterns = [
    path(_call + "results/", call_results_page, name="call_results"),
    path(_call + "results/export/", call_results_export, name="call_results_export"),
    path(_call + "committee/", committee_board, name="committee_board"),
    path(_application_path + "vote/", application_vote, name="application_vote"),
    path(_application_path + "decision/", application_decision, name="application_decision"),
    path(_application_path + "result/", application_result_page, name="application_result"),
    path(_application_path + "appeal/", application_appeal, name="application_appeal"),
    path(_application_path + "challenge/", application_challenge, name="application_challenge"),
]
