"""Text kept in both languages, as the page's language wants it:

    {% load bilingual %}{{ call|local:"title" }}  ->  call.title_en in English, else call.title_ko

Korean is the fallback when the English text is empty.
"""

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def local(obj, name: str) -> str:
    if obj is None:
        return ""
    if get_language() == "en":
        english = getattr(obj, f"{name}_en", "")
        if english:
            return english
    return getattr(obj, f"{name}_ko", "")
