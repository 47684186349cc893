from django import forms
from django.contrib import admin

from programs import services
from programs.enums import GrowthStage
from programs.models import (
    BonusConfirmation,
    Eligibility,
    EligibilityRule,
    Programme,
    Referral,
    SupportRecord,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never changed here: eligibility is computed, referrals move through their one
    transition function, support and confirmations are written by the managers' pages."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RuleInline(admin.TabularInline):
    """Rules are edited on the programme's rules page, which checks each one's parameters."""

    model = EligibilityRule
    extra = 0
    fields = ["order", "kind", "params"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ProgrammeAdminForm(forms.ModelForm):
    stages = forms.MultipleChoiceField(
        choices=GrowthStage.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    url = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Programme
        fields = [*services.PROGRAMME_FIELDS, "managers"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    """Programme edits here go through the same services as the managers' pages, and are
    audited; the eligibility of every firm is recomputed after the commit."""

    form = ProgrammeAdminForm
    list_display = ["name_ko", "provider_ko", "kind", "opens_on", "closes_on", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["name_ko", "name_en", "provider_ko", "provider_en"]
    filter_horizontal = ["managers"]
    inlines = [RuleInline]

    def has_delete_permission(self, request, obj=None):
        return False  # support records point at it; unpublish it instead

    def save_model(self, request, obj, form, change):
        names = services.PROGRAMME_FIELDS
        if change:
            values = {name: form.cleaned_data[name] for name in form.changed_data if name in names}
            programme = Programme.objects.get(pk=obj.pk)
            if values:
                services.programme_save(actor=request.user, programme=programme, **values)
        else:
            values = {name: form.cleaned_data[name] for name in names}
            obj.pk = services.programme_save(actor=request.user, **values).pk

    def save_related(self, request, form, formsets, change):
        for formset in formsets:  # the rules: shown only, so this writes nothing
            self.save_formset(request, form, formset, change)
        programme = Programme.objects.get(pk=form.instance.pk)
        services.programme_managers_set(
            programme=programme, actor=request.user, managers=list(form.cleaned_data["managers"])
        )


@admin.register(Eligibility)
class EligibilityAdmin(ReadOnlyAdmin):
    list_display = ["firm", "programme", "status", "failed", "computed_at"]
    list_filter = ["status", "programme"]
    search_fields = ["firm__name_ko", "firm__business_number"]
    list_select_related = ["firm", "programme"]


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ["firm", "programme", "status", "created_at", "decided_at"]
    list_filter = ["status", "programme"]
    search_fields = ["firm__name_ko", "firm__business_number"]
    list_select_related = ["firm", "programme"]


@admin.register(SupportRecord)
class SupportRecordAdmin(ReadOnlyAdmin):
    list_display = ["firm", "programme", "kind", "amount", "granted_on"]
    list_filter = ["kind", "programme"]
    search_fields = ["firm__name_ko", "firm__business_number"]
    date_hierarchy = "granted_on"
    list_select_related = ["firm", "programme"]


@admin.register(BonusConfirmation)
class BonusConfirmationAdmin(ReadOnlyAdmin):
    list_display = ["number", "firm", "issued_at", "valid_until"]
    search_fields = ["number", "firm__name_ko"]
    list_select_related = ["firm"]
