"""Conflicts of interest known before assignment (제척): computed set-wise for many experts and
many applications at once, in a fixed number of queries.

An expert is excluded from an application when:
- the expert's affiliation, a current employer, or a past employer left within the call's
  `conflict_years` has the applicant's business number;
- a relation with the applicant is recorded (relative, advisory, joint project, a declared
  conflict, an upheld challenge);
- the expert is a member of the applicant firm on this site;
- the expert's own firm (affiliation or membership) has an application in the same call: then
  the expert reviews nothing in that call.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from designations.enums import ApplicationStatus
from designations.models import Application, Call
from evaluations.models import Expert, PastEmployer, Relation
from suppliers.models import Membership

Pair = tuple[int, int]  # (expert id, application id)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def conflicts(
    *,
    call: Call,
    experts: Iterable[Expert],
    applications: Iterable[Application],
    today: date | None = None,
) -> dict[Pair, list[str]]:
    """{(expert id, application id): [reasons]} for every conflicted pair; others are absent.

    `applications` need `firm` loaded (select_related)."""
    today = today or timezone.localdate()
    experts, applications = list(experts), list(applications)
    expert_ids = [expert.pk for expert in experts]
    cutoff = _years_before(today, call.conflict_years)

    numbers_of: dict[int, dict[str, str]] = defaultdict(dict)  # expert -> {brn: reason}
    for expert in experts:
        if expert.affiliation_business_number:
            numbers_of[expert.pk][expert.affiliation_business_number] = str(
                _("The reviewer's affiliation is the applicant.")
            )
    for employer in PastEmployer.objects.filter(expert_id__in=expert_ids).exclude(
        business_number=""
    ):
        if employer.ended_on is None or employer.ended_on >= cutoff:
            numbers_of[employer.expert_id].setdefault(
                employer.business_number,
                str(
                    _("The reviewer works or worked for the applicant within %(years)s years.")
                    % {"years": call.conflict_years}
                ),
            )
    for relation in Relation.objects.filter(expert_id__in=expert_ids):
        numbers_of[relation.expert_id].setdefault(
            relation.business_number,
            str(_("Recorded relation: %(kind)s.") % {"kind": relation.get_kind_display()}),
        )

    user_of = {expert.pk: expert.user_id for expert in experts if expert.user_id}
    firms_of_user: dict[int, set[int]] = defaultdict(set)
    for user_id, firm_id in Membership.objects.filter(user_id__in=user_of.values()).values_list(
        "user_id", "firm_id"
    ):
        firms_of_user[user_id].add(firm_id)

    # Firms with a live application in this call, by id and by business number.
    applying = list(
        Application.objects.filter(call=call)
        .exclude(status__in=[ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN])
        .values_list("firm_id", "firm__business_number")
    )
    applying_ids = {firm_id for firm_id, _number in applying}
    applying_numbers = {number for _firm_id, number in applying}

    result: dict[Pair, list[str]] = {}
    for expert in experts:
        own_firms = firms_of_user.get(expert.user_id, set()) if expert.user_id else set()
        competes = bool(own_firms & applying_ids) or (
            expert.affiliation_business_number in applying_numbers
        )
        for application in applications:
            reasons = []
            number_reason = numbers_of[expert.pk].get(application.firm.business_number)
            if number_reason:
                reasons.append(number_reason)
            if application.firm_id in own_firms:
                reasons.append(str(_("The reviewer is a member of the applicant firm.")))
            elif competes:
                reasons.append(str(_("The reviewer's own firm applies in the same call.")))
            if reasons:
                result[(expert.pk, application.pk)] = reasons
    return result


def conflict_reasons(*, expert: Expert, application: Application) -> list[str]:
    """The known conflicts of one expert with one application (empty: none known)."""
    found = conflicts(call=application.call, experts=[expert], applications=[application])
    return found.get((expert.pk, application.pk), [])
