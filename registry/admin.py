from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.models import AuditEntry, OutboxMessage
from registry.services import outbox_deliver


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["deliver_now"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Deliver the selected pending messages now"))
    def deliver_now(self, request, queryset):
        sent = sum(outbox_deliver(message_id=pk) for pk in queryset.values_list("id", flat=True))
        self.message_user(request, _("%(count)d message(s) sent.") % {"count": sent})


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail is kept forever: it can be read, never changed here."""

    list_display = ["created_at", "actor_label", "action", "object_repr", "scope"]
    list_filter = ["action"]
    search_fields = ["object_repr", "scope", "actor_label"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
