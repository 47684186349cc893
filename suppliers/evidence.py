"""Evidence files of outcomes: stored under a generated name with the extension of the type the
content was found to be, and served as a download with that type, never the uploaded name's."""

import os
import uuid

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404

from registry.uploads import check_document

# The type label check_document returns -> (extension, Content-Type).
EVIDENCE_TYPES = {
    "PDF": ("pdf", "application/pdf"),
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "XLSX": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "HWP": ("hwp", "application/x-hwp"),
    "HWPX": ("hwpx", "application/hwp+zip"),
}


def checked_evidence(upload):
    """The upload, checked by content and renamed `<random>.<detected extension>`."""
    try:
        label = check_document(upload)
    except ValidationError as exc:
        raise ValidationError({"evidence": exc.messages}) from None
    upload.name = f"{uuid.uuid4().hex}.{EVIDENCE_TYPES[label][0]}"
    return upload


def evidence_response(outcome) -> FileResponse:
    """The outcome's evidence as a download; 404 when there is none or it is gone from disk."""
    if not outcome.evidence:
        raise Http404
    extension = os.path.splitext(outcome.evidence.name)[1].lstrip(".").lower()
    content_type = next(
        (mime for ext, mime in EVIDENCE_TYPES.values() if ext == extension),
        "application/octet-stream",
    )
    try:
        handle = outcome.evidence.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    filename = f"evidence-{outcome.pk}.{extension or 'bin'}"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
