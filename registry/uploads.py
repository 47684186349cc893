"""Checks on uploaded files by their content (libmagic), not by their name.

Used for evidence files on outcomes and, later, for application attachments.
"""

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# MIME type libmagic reports -> the label shown to users. HWP is an OLE compound file; HWPX,
# XLSX and DOCX are ZIP containers that libmagic usually names exactly.
DOCUMENT_TYPES: dict[str, str] = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/x-hwp": "HWP",
    "application/haansofthwp": "HWP",
    "application/vnd.hancom.hwp": "HWP",
    "application/hwp+zip": "HWPX",
    "application/vnd.hancom.hwpx": "HWPX",
}
# ZIP containers that libmagic may report only as a ZIP: told apart by the name of an entry.
_ZIP_TYPES = {"application/zip", "application/octet-stream"}
# OLE compound files (HWP 5, but also old Word and Excel): HWP only with its own header stream.
_OLE_TYPES = {"application/x-ole-storage", "application/CDFV2", "application/vnd.ms-office"}
_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
_HWP_SIGNATURE = b"HWP Document File"


def _sniff(upload) -> str:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    return magic.from_buffer(head, mime=True)


def _zip_label(upload) -> str | None:
    import zipfile

    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    finally:
        upload.seek(0)
    if "xl/workbook.xml" in names:
        return "XLSX"
    if "Contents/content.hpf" in names or (
        "mimetype" in names and any(n.startswith("Contents/section") for n in names)
    ):
        return "HWPX"
    return None


def _ole_label(upload) -> str | None:
    upload.seek(0)
    head = upload.read(256 * 1024)
    upload.seek(0)
    if head.startswith(_OLE_MAGIC) and _HWP_SIGNATURE in head:
        return "HWP"
    return None


def check_document(upload, *, allowed: frozenset[str] | None = None) -> str:
    """Return the file's type label, or raise ValidationError naming the limit and the types."""
    allowed = allowed or frozenset(DOCUMENT_TYPES.values())
    allowed_text = ", ".join(sorted(allowed))
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    mime = _sniff(upload)
    label = DOCUMENT_TYPES.get(mime)
    if label is None and mime in _ZIP_TYPES:
        label = _zip_label(upload)
    if label is None and (mime in _OLE_TYPES or mime == "application/octet-stream"):
        label = _ole_label(upload)
    if label is None or label not in allowed:
        raise ValidationError(
            _("The file's content is not an allowed type. Allowed: %(types)s.")
            % {"types": allowed_text},
            code="file_type",
        )
    return label


# The type label check_document returns -> (extension, Content-Type) it is stored and served as.
FILE_TYPES: dict[str, tuple[str, str]] = {
    "PDF": ("pdf", "application/pdf"),
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "XLSX": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "HWP": ("hwp", "application/x-hwp"),
    "HWPX": ("hwpx", "application/hwp+zip"),
}


def checked_upload(upload, *, field: str):
    """The upload checked by content and renamed `<random>.<detected extension>`, so that no
    uploaded name or claimed type ever reaches storage or a response."""
    import uuid

    try:
        label = check_document(upload)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None
    upload.name = f"{uuid.uuid4().hex}.{FILE_TYPES[label][0]}"
    upload.checked_type = label
    return upload


def file_download(stored, *, filename_stem: str):
    """A stored file as a download, with the type its extension stands for; 404 when missing."""
    import os

    from django.http import FileResponse, Http404

    if not stored:
        raise Http404
    extension = os.path.splitext(stored.name)[1].lstrip(".").lower()
    content_type = next(
        (mime for ext, mime in FILE_TYPES.values() if ext == extension), "application/octet-stream"
    )
    try:
        handle = stored.open("rb")
    except OSError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename_stem}.{extension or 'bin'}",
        content_type=content_type,
    )
