import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from registry.uploads import check_document

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b2b9e40000000049454e44ae426082"
)


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "label"),
    [("evidence.pdf", PDF, "PDF"), ("photo.png", PNG, "PNG"), ("figures.xlsx", _xlsx(), "XLSX")],
)
def test_allowed_files_are_recognised_by_content(name, content, label):
    assert check_document(SimpleUploadedFile(name, content)) == label


def test_a_text_file_named_pdf_is_refused_with_the_allowed_types():
    with pytest.raises(ValidationError) as info:
        check_document(SimpleUploadedFile("evidence.pdf", b"just some text, not a PDF"))
    assert info.value.code == "file_type"
    assert "PDF" in info.value.messages[0] and "XLSX" in info.value.messages[0]


def test_a_file_over_the_limit_is_refused_with_the_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as info:
        check_document(SimpleUploadedFile("big.pdf", PDF + b"0" * 2048))
    assert info.value.code == "too_large"
    assert "1.0" in info.value.messages[0]


def test_allowed_can_narrow_the_types():
    with pytest.raises(ValidationError):
        check_document(SimpleUploadedFile("photo.png", PNG), allowed=frozenset({"PDF"}))


def _ole(stream: bytes) -> bytes:
    """A stand-in compound file: the OLE magic, a padded header sector, then a stream's bytes."""
    return bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504 + stream + b"\0" * 512


def test_an_hwp_file_is_recognised_and_another_ole_file_is_not():
    hwp = SimpleUploadedFile("plan.hwp", _ole(b"HWP Document File" + b"\0" * 15))
    assert check_document(hwp) == "HWP"
    with pytest.raises(ValidationError):
        check_document(SimpleUploadedFile("old.hwp", _ole(b"Microsoft Word-Dokument")))
