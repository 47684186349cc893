"""Pages for firms and the public: the catalogue, a programme, referrals, support history, bonus
confirmations and their public verification."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from designations.verification import PageThrottle
from programs import selectors, services, wording
from programs.enums import BonusConfirmationStatus, ProgrammeKind, ReferralStatus
from programs.forms import BonusConfirmationForm, ProgrammeFilterForm, ReferralForm
from programs.models import Programme, Referral
from programs.money import won
from programs.panels import programme_row
from programs.rules import can_issue_bonus
from programs.selectors import programmes_with_rules, published_programmes, visible_programmes
from registry.api.throttles import wait_seconds
from registry.uploads import file_download
from suppliers.models import Firm
from suppliers.selectors import firms_for_user
from suppliers.views.access import firm_for


def _back(request, default: str) -> str:
    """Where a form posted from a page returns: its `next` if it is on this site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- the catalogue and a programme --------------------------------------------------------------


@require_safe
def programme_list(request):
    form = ProgrammeFilterForm(request.GET or None)
    filters = form.filters()
    programmes = published_programmes()
    if "kind" in filters:
        programmes = programmes.filter(kind=filters["kind"])
    programmes = list(selectors.ranked_programmes(programmes))
    if "stage" in filters:
        # Stages are a JSON list, which SQLite cannot search: the catalogue is short.
        programmes = [p for p in programmes if filters["stage"] in p.stages]
    today = timezone.localdate()
    badges = selectors.eligibility_badges(request.user, [p.pk for p in programmes])
    rows = [
        {
            "programme": p,
            "benefits": wording.benefits(p),
            "window": wording.window(p, today),
            "badges": badges.get(p.pk, []),
        }
        for p in programmes
    ]
    return render(request, "programs/programme_list.html", {"form": form, "rows": rows})


@require_safe
def programme_detail(request, programme_id: int):
    programme = get_object_or_404(
        programmes_with_rules(visible_programmes(request.user)), pk=programme_id
    )
    today = timezone.localdate()
    context = {
        "programme": programme,
        "benefits": wording.benefits(programme),
        "window": wording.window(programme, today),
        "requirements": [wording.requirement(rule, programme) for rule in programme.rules.all()],
        "firm_rows": _firm_rows(request, programme, today),
        "referral_form": ReferralForm(),
    }
    return render(request, "programs/programme_detail.html", context)


def _firm_rows(request, programme: Programme, today) -> list[dict]:
    """For each firm the user is a member of: its outcome, its referrals to this programme."""
    firms = list(selectors.member_firms(request.user))
    if not firms:
        return []
    eligibilities, referrals = selectors.firms_standing(firms, programme)
    rows = []
    for firm in firms:
        eligibility, history = eligibilities.get(firm.pk), referrals[firm.pk]
        row = {"firm": firm, "referrals": history, "eligibility": eligibility}
        if eligibility is not None:
            latest = history[0] if history else None
            row |= programme_row(eligibility, referral=latest, can_refer=True, today=today)
        rows.append(row)
    return rows


# --- referrals ----------------------------------------------------------------------------------


@login_required
@require_POST
def referral_create(request, programme_id: int, firm_id: int):
    firm = firm_for(request, firm_id, "programs.refer_firm")
    programme = get_object_or_404(visible_programmes(request.user), pk=programme_id)
    back = _back(request, default=programme_detail_url(programme))
    form = ReferralForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["message"]))
        return redirect(back)
    try:
        services.referral_create(
            firm=firm, programme=programme, actor=request.user,
            message=form.cleaned_data["message"],
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(firm)s was referred to %(programme)s. Its manager will answer here.")
            % {"firm": firm.name_ko, "programme": programme.name_ko},
        )
    return redirect(back)


def programme_detail_url(programme: Programme) -> str:
    return reverse("programme_detail", args=[programme.pk])


@login_required
@require_POST
def referral_withdraw(request, referral_id: int):
    """The firm's members take back a referral still waiting for the manager."""
    referral = get_object_or_404(
        Referral.objects.filter(firm__in=firms_for_user(request.user)).select_related(
            "firm", "programme"
        ),
        pk=referral_id,
    )
    if not rules.has_perm("programs.refer_firm", request.user, referral.firm):
        raise PermissionDenied
    try:
        services.referral_transition(
            referral=referral, to=ReferralStatus.WITHDRAWN, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The referral was withdrawn."))
    return redirect(_back(request, default=programme_detail_url(referral.programme)))


# --- support history ----------------------------------------------------------------------------


@login_required
@require_safe
def firm_support_history(request, firm_id: int):
    firm = firm_for(request, firm_id, "programs.view_support_history")
    records = list(selectors.firm_support_history(firm))
    totals: dict[str, dict] = {}
    for record in records:
        total = totals.setdefault(
            record.kind, {"label": ProgrammeKind(record.kind).label, "count": 0, "amount": 0}
        )
        total["count"] += 1
        total["amount"] += record.amount
    context = {
        "firm": firm,
        "records": [{"record": r, "amount": won(r.amount)} for r in records],
        "totals": [
            {**total, "amount_text": won(total["amount"])}
            for total in sorted(totals.values(), key=lambda t: -t["amount"])
        ],
        "referrals": selectors.firm_referrals(firm),
        "confirmations": _confirmation_rows(firm),
        "can_issue_bonus": can_issue_bonus(request.user, firm),
        "bonus_form": BonusConfirmationForm(),
    }
    return render(request, "programs/firm_support_history.html", context)


def _confirmation_rows(firm: Firm) -> list[dict]:
    """Each confirmation with whether it holds today (its own end, and its designation's)."""
    today = timezone.localdate()
    rows = []
    for confirmation in selectors.firm_bonus_confirmations(firm):
        status = BonusConfirmationStatus(confirmation.status_on(today))
        rows.append({"confirmation": confirmation, "status": status, "label": status.label})
    return rows


# --- bonus-points confirmations -----------------------------------------------------------------


@login_required
@require_POST
def bonus_confirmation_create(request, firm_id: int):
    firm = firm_for(request, firm_id, "programs.issue_bonus_confirmation")
    form = BonusConfirmationForm(request.POST)
    back = _back(request, default=_support_url(firm))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["language"]))
        return redirect(back)
    try:
        confirmation = services.bonus_confirmation_issue(
            firm=firm, actor=request.user, language=form.cleaned_data["language"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    return redirect("bonus_confirmation_download", confirmation.pk)


def _support_url(firm: Firm) -> str:
    return reverse("firm_support_history", args=[firm.pk])


@login_required
@require_safe
def bonus_confirmation_download(request, confirmation_id: int):
    confirmation = get_object_or_404(
        selectors.bonus_confirmations_for_user(request.user), pk=confirmation_id
    )
    if not rules.has_perm("programs.view_support_history", request.user, confirmation.firm):
        raise PermissionDenied
    return file_download(confirmation.file, filename_stem=confirmation.number)


class BonusPageThrottle(PageThrottle):
    """The verification pages' rate, counted apart from the designation's page."""

    def get_cache_key(self, request, view) -> str:
        return f"throttle_verify_bonus_page_{self.get_ident(request)}"


@never_cache
@require_safe
def bonus_verify(request, number: str):
    """Anyone checks a confirmation's number, as printed under its QR code."""
    wait = wait_seconds(request, BonusPageThrottle(), "verify")
    if wait:
        response = render(request, "programs/bonus_verify.html", {"wait": wait}, status=429)
        response["Retry-After"] = str(wait)
        return response
    confirmation = selectors.bonus_confirmation_for_verification(number)
    if confirmation is None:
        context = {"not_found": wording.bonus_not_found_message(number)}
        return render(request, "programs/bonus_verify.html", context, status=404)
    if confirmation.number != number:
        return redirect("bonus_verify", number=confirmation.number)
    today = timezone.localdate()
    context = {
        "confirmation": confirmation,
        "state": confirmation.status_on(today).lower(),
        "programmes": wording.confirmation_programmes(
            confirmation.content, translation.get_language() or "ko"
        ),
        "checked_at": timezone.now(),
    }
    return render(request, "programs/bonus_verify.html", context)
