"""What page tests share: the text a reader sees, and the sign-in redirect."""

import html
import re

from django.urls import reverse


def text(response) -> str:
    """The text a sighted reader sees: no tags, no screen-reader-only text, spaces collapsed."""
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<span class="visually-hidden"[^>]*>[^<]*</span>', "", page)
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def assert_login_redirect(response):
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login") + "?next=")
