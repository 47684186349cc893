"""Evidence files of outcomes: stored under a generated name with the extension of the type the
content was found to be, and served as a download with that type, never the uploaded name's."""

from registry.uploads import checked_upload, file_download


def checked_evidence(upload):
    return checked_upload(upload, field="evidence")


def evidence_response(outcome):
    """The outcome's evidence as a download; 404 when there is none or it is gone from disk."""
    return file_download(outcome.evidence, filename_stem=f"evidence-{outcome.pk}")
