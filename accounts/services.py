"""Account writes that are ours rather than allauth's: API tokens and roles."""

from allauth.mfa.models import Authenticator
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from accounts.enums import Role
from accounts.middleware import two_factor_missing
from accounts.models import User
from registry.services import audit_record


def api_token_issue(*, request, email: str, password: str, otp: str = "") -> Token:
    """The user's API token, after the same checks as a browser sign-in, TOTP included."""
    user = authenticate(request, email=email.strip().lower(), password=password)
    if user is None or not user.is_active:
        raise ValidationError(_("The e-mail address or the password is not correct."), code="login")
    if not user.emailaddress_set.filter(verified=True).exists() and not user.is_demo:
        raise PermissionDenied(_("Verify your e-mail address before using the API."))
    if two_factor_missing(user):
        raise PermissionDenied(_("Set up two-factor authentication before using this account."))
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None and not totp.wrap().validate_code(otp.strip()):
        raise ValidationError(
            {"otp": [_("Enter the current code from your authenticator app.")]}, code="otp"
        )
    token, _created = Token.objects.get_or_create(user=user)
    return token


@transaction.atomic
def role_grant(*, user: User, role: Role, actor) -> None:
    group, _created = Group.objects.get_or_create(name=role.value)
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
        # A token issued before the role must not outlive the two-factor rule that now applies.
        Token.objects.filter(user=user).delete()
        audit_record(
            actor=actor,
            action="user.role_grant",
            obj=user,
            scope=f"user:{user.pk}",
            changes={"roles": [None, role.value]},
        )
    user.__dict__.pop("_role_names", None)


@transaction.atomic
def role_revoke(*, user: User, role: Role, actor) -> None:
    group = Group.objects.filter(name=role.value).first()
    if group is not None and user.groups.filter(pk=group.pk).exists():
        user.groups.remove(group)
        audit_record(
            actor=actor,
            action="user.role_revoke",
            obj=user,
            scope=f"user:{user.pk}",
            changes={"roles": [role.value, None]},
        )
    user.__dict__.pop("_role_names", None)
