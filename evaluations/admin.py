from django.contrib import admin

from evaluations import services
from evaluations.models import (
    Appeal,
    Challenge,
    CommitteeDecision,
    CommitteeVote,
    Expert,
    PastEmployer,
    Relation,
    Review,
    Score,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PastEmployerInline(ReadOnlyInline):
    """Employers and relations are recorded on the pool page, whose services audit them."""

    model = PastEmployer
    fields = ["name", "business_number", "started_on", "ended_on"]


class RelationInline(ReadOnlyInline):
    model = Relation
    fields = ["business_number", "firm_name", "kind", "note", "recorded_by", "created_at"]


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    """Profile edits in the admin go through the same service as the pool page, and are
    audited; experts join the pool only by invitation (the pool page mails the link)."""

    list_display = ["name", "email", "affiliation", "status", "max_load", "available"]
    list_filter = ["status", "available", "expertise__area"]
    search_fields = ["name", "email", "affiliation"]
    fields = ["email", *services.EXPERT_FIELDS, "status", "expertise", *(
        "user", "invited_by", "invited_at", "accepted_at", "pledge_signed_at", "pledge_version",
    )]  # fmt: skip
    readonly_fields = [
        "email", "user", "invited_by", "invited_at", "accepted_at", "pledge_signed_at",
        "pledge_version",
    ]  # fmt: skip
    filter_horizontal = ["expertise"]
    inlines = [PastEmployerInline, RelationInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # reviews keep their expert; set the expert INACTIVE instead

    def save_model(self, request, obj, form, change):
        names = {*services.EXPERT_FIELDS, "status"}
        changes = {f: form.cleaned_data[f] for f in form.changed_data if f in names}
        expertise = form.cleaned_data["expertise"] if "expertise" in form.changed_data else None
        if changes or expertise is not None:
            services.expert_update(
                expert=Expert.objects.get(pk=obj.pk),
                actor=request.user,
                changes=changes,
                expertise=expertise,
            )

    def save_related(self, request, form, formsets, change):
        # The expertise was saved (and audited) by expert_update; the inlines are read-only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changed only through the site's services (transitions, decisions), which audit them."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ScoreInline(ReadOnlyInline):
    model = Score
    fields = ["criterion", "points", "comment"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    """Read-mostly: a review changes state only through its transition function."""

    list_display = ["application", "expert", "stage", "status", "field_match", "due_at"]
    list_filter = ["stage", "status", "field_match"]
    search_fields = ["expert__name", "application__receipt_number", "application__firm__name_ko"]
    list_select_related = ["application__firm", "expert"]
    inlines = [ScoreInline]


@admin.register(Challenge)
class ChallengeAdmin(ReadOnlyAdmin):
    list_display = ["application", "named_person", "status", "filed_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["named_person", "application__receipt_number"]
    list_select_related = ["application__firm"]


@admin.register(CommitteeVote)
class CommitteeVoteAdmin(ReadOnlyAdmin):
    list_display = ["application", "member", "round", "vote", "updated_at"]
    list_filter = ["round", "vote"]
    list_select_related = ["application__firm", "member"]


@admin.register(CommitteeDecision)
class CommitteeDecisionAdmin(ReadOnlyAdmin):
    list_display = ["application", "round", "decision", "total", "tier", "created_at"]
    list_filter = ["round", "decision", "tier"]
    list_select_related = ["application__firm"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["application", "status", "filed_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["application__firm"]
