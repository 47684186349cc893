from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse

from suppliers import services
from suppliers.models import (
    Capability,
    Certification,
    Deployment,
    Firm,
    Membership,
    Outcome,
    SolutionTag,
    TechArea,
    TechField,
)
from suppliers.services.taxonomy import (
    TAXONOMY_FIELDS,
    taxonomy_entries_uses,
    taxonomy_entry_remove,
    taxonomy_entry_save,
    taxonomy_entry_uses,
    taxonomy_in_use_message,
)


class TaxonomyAdmin(admin.ModelAdmin):
    """Taxonomy edits go through suppliers.services.taxonomy: audited, and the firms using a
    renamed or moved entry are re-indexed after the commit. A code is an identifier: it is set
    when the entry is added. An entry in use is not removed: the officer is sent back with a
    message saying what uses it."""

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        names = TAXONOMY_FIELDS[type(obj)]
        if change:
            values = {f: form.cleaned_data[f] for f in form.changed_data if f in names}
            entry = type(obj).objects.get(pk=obj.pk)
            if values:
                taxonomy_entry_save(entry=entry, actor=request.user, values=values)
        else:
            values = {f: form.cleaned_data[f] for f in names if f in form.cleaned_data}
            obj.pk = taxonomy_entry_save(entry=type(obj)(), actor=request.user, values=values).pk

    def delete_view(self, request, object_id, extra_context=None):
        entry = self.get_object(request, unquote(object_id))
        allowed = entry is not None and self.has_delete_permission(request, entry)
        if allowed and (uses := taxonomy_entry_uses(entry)):
            return self._refused(request, [taxonomy_in_use_message(entry, uses)], entry)
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as refused:  # it came into use while the page was open
            return self._refused(request, refused.messages, entry)

    def _refused(self, request, reasons, entry):
        for reason in reasons:
            self.message_user(request, reason, messages.ERROR)
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[entry.pk])
        )

    def delete_queryset(self, request, queryset):
        with transaction.atomic():  # all of the selection or none of it
            for entry in queryset:
                taxonomy_entry_remove(entry=entry, actor=request.user)

    def delete_model(self, request, obj):
        taxonomy_entry_remove(entry=obj, actor=request.user)

    @admin.action(permissions=["delete"], description=django_delete_selected.short_description)
    def delete_selected(self, request, queryset):
        """Django's removal of a selection, refused with the reasons when an entry is in use."""
        entries = list(queryset)
        uses = taxonomy_entries_uses(entries)
        in_use = [taxonomy_in_use_message(e, uses[e.pk]) for e in entries if e.pk in uses]
        try:
            if not in_use:
                with transaction.atomic():  # Django's log of the removal goes with it
                    return django_delete_selected(self, request, queryset)
        except ValidationError as refused:  # it came into use while the page was open
            in_use = refused.messages
        for reason in in_use:
            self.message_user(request, reason, messages.ERROR)
        return None  # back to the list

    actions = ["delete_selected"]  # in place of Django's, by the same name


@admin.register(TechArea)
class TechAreaAdmin(TaxonomyAdmin):
    list_display = ["code", "name_ko", "name_en", "order"]


@admin.register(TechField)
class TechFieldAdmin(TaxonomyAdmin):
    list_display = ["code", "name_ko", "name_en", "area", "strategic", "order"]
    list_filter = ["area", "strategic"]


@admin.register(SolutionTag)
class SolutionTagAdmin(TaxonomyAdmin):
    list_display = ["code", "name_ko", "name_en", "field", "order"]
    list_filter = ["field__area", "field"]
    search_fields = ["code", "name_ko", "name_en"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    readonly_fields = ["user", "role", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Firm)
class FirmAdmin(admin.ModelAdmin):
    """Profile edits in the admin go through the same service as the site, and are audited."""

    list_display = [
        "name_ko",
        "business_number_display",
        "region",
        "size_class",
        "designation_status",
    ]
    list_filter = ["region", "size_class", "designation_status", "is_public"]
    search_fields = ["name_ko", "name_en", "business_number"]
    fields = ["business_number", *services.PROFILE_FIELDS]
    readonly_fields = ["business_number"]
    inlines = [MembershipInline]

    def has_add_permission(self, request):
        return False  # firms are registered by their people, through the site or the API

    def has_delete_permission(self, request, obj=None):
        return False  # a firm's whole profile and history would go with it, unaudited

    def save_model(self, request, obj, form, change):
        changes = {
            f: form.cleaned_data[f] for f in form.changed_data if f in services.PROFILE_FIELDS
        }
        if changes:
            services.firm_update(
                firm=Firm.objects.get(pk=obj.pk), actor=request.user, changes=changes
            )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # removals go through the site's services, which audit them


@admin.register(Capability)
class CapabilityAdmin(ReadOnlyAdmin):
    list_display = ["firm", "tag", "product_name"]
    list_select_related = ["firm", "tag"]


@admin.register(Certification)
class CertificationAdmin(ReadOnlyAdmin):
    list_display = ["firm", "kind", "number", "valid_from", "valid_until"]
    list_select_related = ["firm"]


@admin.register(Deployment)
class DeploymentAdmin(ReadOnlyAdmin):
    list_display = ["title", "firm", "customer_name", "year"]
    list_select_related = ["firm"]


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyAdmin):
    list_display = ["metric", "deployment", "baseline", "result", "unit", "confirmation"]
    list_filter = ["category", "confirmation"]
    list_select_related = ["deployment"]
