"""Serializers of what hangs under an application: attachments, the timeline, notes."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from designations.api.serializers.fields import (
    ApplicationStatusField,
    AttachmentKindField,
    absolute_url,
)
from designations.enums import ApplicationStatus
from designations.models import Attachment, Note, Transition
from designations.timeline import ACTOR_KINDS, actor_display, actor_kind
from suppliers.api.serializers import LabelField

# --- attachments -------------------------------------------------------------------------------


class AttachmentSerializer(serializers.ModelSerializer):
    kind = AttachmentKindField(read_only=True)
    kind_label = LabelField()
    name = serializers.CharField(source="original_name", read_only=True)
    type = serializers.CharField(
        source="file_type", read_only=True, help_text=_("PDF, HWP, HWPX, XLSX, PNG or JPEG.")
    )
    size = serializers.IntegerField(read_only=True, help_text=_("Bytes."))
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id", "kind", "kind_label", "name", "type", "size", "uploaded_at", "download_url",
        ]  # fmt: skip

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, attachment) -> str:
        path = reverse(
            "api-application-attachment-download",
            kwargs={"application_pk": attachment.application_id, "pk": attachment.pk},
        )
        return absolute_url(self.context.get("request"), path)


class AttachmentUploadSerializer(serializers.Serializer):
    kind = AttachmentKindField()
    file = serializers.FileField(
        help_text=_(
            "PDF, HWP/HWPX, XLSX, PNG or JPEG, checked by content and size; multipart/form-data."
        )
    )


# --- timeline and notes ------------------------------------------------------------------------


class TimelineEntrySerializer(serializers.ModelSerializer):
    """One step. `actor` names the firm's own people; officers are shown to the firm only as
    "운영기관 담당자" (Officer), and by name to officers; steps of the system are "System"."""

    time = serializers.DateTimeField(source="created_at", read_only=True)
    from_status = ApplicationStatusField(
        source="from_status",
        read_only=True,
        allow_null=True,
        help_text=_("null for the application's creation."),
    )
    from_label = serializers.SerializerMethodField()
    to_status = ApplicationStatusField(source="to_status", read_only=True)
    to_label = serializers.SerializerMethodField()
    actor = serializers.SerializerMethodField()
    actor_kind = serializers.SerializerMethodField()

    class Meta:
        model = Transition
        fields = [
            "id", "time", "from_status", "from_label", "to_status", "to_label", "actor",
            "actor_kind", "reason",
        ]  # fmt: skip
        read_only_fields = ["reason"]

    def get_fields(self):
        # API.md names the steps' states "from" and "to": not Python names, so renamed here.
        renamed = {"from_status": "from", "to_status": "to"}
        return {renamed.get(name, name): field for name, field in super().get_fields().items()}

    def to_representation(self, transition):
        data = super().to_representation(transition)
        data["from"] = data["from"] or None
        return data

    def get_from_label(self, transition) -> str | None:
        if not transition.from_status:
            return None
        return str(ApplicationStatus(transition.from_status).label)

    def get_to_label(self, transition) -> str:
        return str(ApplicationStatus(transition.to_status).label)

    @extend_schema_field({"type": "string", "enum": list(ACTOR_KINDS.values())})
    def get_actor_kind(self, transition) -> str:
        return actor_kind(transition)

    def get_actor(self, transition) -> str:
        return actor_display(transition, for_officer=bool(self.context.get("for_officer")))


class NoteSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField(help_text=_("The officer who wrote it."))

    class Meta:
        model = Note
        fields = ["id", "body", "author", "created_at"]
        read_only_fields = ["created_at"]

    def get_author(self, note) -> str | None:
        if note.author is None:
            return None
        return note.author.name or note.author.email
