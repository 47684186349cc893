"""Forms of the committee's pages and the firm's result, appeal and challenge: they validate and
format, never save (evaluations.committee and evaluations.challenges write)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.enums import DecisionKind, Vote
from suppliers.forms import BootstrapMixin

REASON_MAX = 4000


def _reasons(label, help_text="", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=REASON_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class VoteForm(BootstrapMixin, forms.Form):
    """A committee member's vote on one application; the board carries one per application,
    each with its own prefix so that the fields' ids stay unique on the page."""

    vote = forms.ChoiceField(label=_("Your vote"), choices=Vote.choices, widget=forms.RadioSelect)
    reason = _reasons(_("Reasons"))


class DecisionForm(BootstrapMixin, forms.Form):
    """The committee's decision as an officer records it."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=DecisionKind.choices, widget=forms.RadioSelect
    )
    reason = _reasons(
        _("Reasons (sent to the firm)"),
        _("Designating needs a passing result: the pass mark and every criterion's minimum."),
    )


class AppealForm(BootstrapMixin, forms.Form):
    reason = _reasons(
        _("Reasons for the appeal"),
        _("Say what you think was judged wrongly, and why. An application is appealed only once."),
        rows=6,
    )


class ChallengeForm(BootstrapMixin, forms.Form):
    named_person = forms.CharField(
        label=_("Reviewer challenged"),
        max_length=200,
        help_text=_("The reviewer's name and affiliation, as far as you know them."),
    )
    reason = _reasons(
        _("Reasons"),
        _("Why this person cannot judge your application impartially (기피)."),
        rows=5,
    )


def vote_form(application_id: int, data=None, initial=None) -> VoteForm:
    return VoteForm(data, prefix=f"vote-{application_id}", initial=initial)


def decision_form(application_id: int, data=None) -> DecisionForm:
    return DecisionForm(data, prefix=f"decision-{application_id}")
