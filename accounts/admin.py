from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role
from accounts.models import User
from accounts.services import role_grant, role_revoke


def _role_action(role: Role, grant: bool):
    def action(modeladmin, request, queryset):
        for user in queryset:
            (role_grant if grant else role_revoke)(user=user, role=role, actor=request.user)
        modeladmin.message_user(request, _("Roles updated."), messages.SUCCESS)

    action.__name__ = f"{'grant' if grant else 'revoke'}_{role.value}"
    label = _("Grant the role: %(role)s") if grant else _("Revoke the role: %(role)s")
    action.short_description = label % {"role": role.label}
    return action


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Roles change only through the actions below, which audit each change."""

    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_active", "is_demo"]
    list_filter = ["is_staff", "is_superuser", "is_active", "is_demo", "groups"]
    search_fields = ["email", "name"]
    readonly_fields = ["groups", "is_superuser", "last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("name", "phone", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "is_demo", "groups")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    actions = [_role_action(role, grant) for role in Role for grant in (True, False)]
