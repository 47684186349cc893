"""Stored files as pages name them: `{% load files %}{{ outcome.evidence|filename }}`."""

import os

from django import template

register = template.Library()


@register.filter
def filename(file) -> str:
    """A file (or a stored path) named without the storage folders; "" when there is none."""
    name = file if isinstance(file, str) else getattr(file, "name", None)
    return os.path.basename(name or "")
