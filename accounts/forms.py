from django import forms
from django.utils.translation import gettext_lazy as _


class SignupExtraForm(forms.Form):
    """Extra field on allauth's sign-up form: the person's name."""

    name = forms.CharField(label=_("Name"), max_length=100)

    def signup(self, request, user) -> None:
        """allauth calls this after saving; AccountAdapter.save_user has already stored the name
        (and the language), so there is nothing more to write."""
