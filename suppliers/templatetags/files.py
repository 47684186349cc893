"""Stored files as pages name them: `{% load files %}{{ outcome.evidence|filename }}`."""

import os

from django import template

register = template.Library()


@register.filter
def filename(file) -> str:
    """The name the file was uploaded under, without the storage folders; "" when there is none."""
    return os.path.basename(getattr(file, "name", None) or "")
