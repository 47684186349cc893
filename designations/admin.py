from django.contrib import admin

from designations.models import (
    BonusItem,
    Call,
    Certificate,
    Criterion,
    Designation,
    DesignationCase,
    DesignationEvent,
    OutcomeReport,
    Rubric,
    RubricArea,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["code", "name_ko", "name_en", "points", "minimum_points", "stage", "order"]


@admin.register(RubricArea)
class RubricAreaAdmin(admin.ModelAdmin):
    """Templates' areas and criteria are edited here; a call's own copy never is (submitted
    self-assessments are keyed by its criteria)."""

    list_display = ["name_ko", "rubric", "points", "order"]
    list_filter = ["rubric"]
    inlines = [CriterionInline]

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.rubric.is_template

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.rubric.is_template


class BonusItemInline(admin.TabularInline):
    model = BonusItem
    extra = 0


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    """Templates are edited here; a call's copy is frozen once the call is published."""

    list_display = ["name_ko", "code", "version", "is_template", "bonus_cap"]
    list_filter = ["is_template"]
    inlines = [BonusItemInline]

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.is_template

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.is_template


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title_ko", "track", "status", "opens_at", "closes_at"]
    list_filter = ["status", "track"]
    readonly_fields = ["status", "rubric", "created_by", "created_at", "published_at"]

    def has_add_permission(self, request):
        return False  # calls are created on the officer's pages, which copy the rubric

    def get_readonly_fields(self, request, obj=None):
        from designations.enums import CallStatus
        from designations.services import CALL_FIELDS, CALL_FIELDS_AFTER_PUBLISH

        fixed = []
        if obj is not None and obj.status != CallStatus.DRAFT:
            fixed = [f for f in CALL_FIELDS if f not in CALL_FIELDS_AFTER_PUBLISH]
        return [*self.readonly_fields, *fixed]

    def save_model(self, request, obj, form, change):
        from designations.models import Call as CallModel
        from designations.services import call_update

        changes = {f: form.cleaned_data[f] for f in form.changed_data}
        if changes:
            call_update(call=CallModel.objects.get(pk=obj.pk), actor=request.user, changes=changes)


# --- designations: read-only here; every change goes through the officer's pages (services) ----


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DesignationEventInline(admin.TabularInline):
    model = DesignationEvent
    extra = 0
    fields = ["created_at", "kind", "actor_label", "note", "data"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Designation)
class DesignationAdmin(ReadOnlyAdmin):
    list_display = ["number", "firm", "tier", "status", "valid_from", "valid_until"]
    list_filter = ["status", "tier"]
    search_fields = ["number", "firm__name_ko", "firm__name_en"]
    inlines = [DesignationEventInline]


@admin.register(OutcomeReport)
class OutcomeReportAdmin(ReadOnlyAdmin):
    list_display = ["designation", "year", "due_on", "status", "submitted_at"]
    list_filter = ["status", "year"]


@admin.register(DesignationCase)
class DesignationCaseAdmin(ReadOnlyAdmin):
    list_display = ["designation", "ground", "proposed", "status", "decision", "opened_at"]
    list_filter = ["status", "ground", "decision"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["designation", "lang", "version", "issued_at"]
