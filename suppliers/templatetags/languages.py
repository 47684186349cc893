"""Marking text that firms wrote in Korean on pages in another language:

    {% load languages %}<p{{ firm.summary_ko|lang_attr }}>{{ firm.summary_ko }}</p>

gives ` lang="ko"` when the text holds Hangul and the page is not Korean, so that a screen
reader reads it with a Korean voice and the browser picks Korean fonts and line breaks (WCAG
3.1.2, language of parts). Nothing on Korean pages, where Korean is the page's language.
"""

import re

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()

# Hangul syllables and jamo (compatibility jamo included).
HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


@register.filter
def lang_attr(text) -> str:
    if not text or (translation.get_language() or "").startswith("ko"):
        return ""
    return mark_safe(' lang="ko"') if HANGUL.search(str(text)) else ""
