"""Browser tests: Playwright's Python package driving Debian's Chromium against live_server.

Playwright never downloads a browser here: it launches /usr/bin/chromium (Debian's `chromium`
package, which .ci/run installs when it is missing). Without it the browser tests skip, except
under CI=true, where a missing browser must fail the run rather than hide the tests.

Fixtures for later tests: `browser` (one Chromium per session), `page` (a fresh Korean context per
test, its base URL the live server), `axe_check(page)` (fails on serious or critical axe-core
violations) and `read_outbox_link(to, path_prefix)`.
"""

import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test's thread; Django would refuse the ORM
# calls the tests make there (reading the outbox, fixtures) as "async unsafe" without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The machine reaches no network but the package registries: no background connections.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SOURCE = Path(settings.BASE_DIR, "static", "vendor", "axe-core", "axe.min.js")
BLOCKING_IMPACTS = ("serious", "critical")
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def _migrated_data(django_db_setup, django_db_blocker) -> str | None:
    """What the migrations put in the test database (taxonomy, role groups), as pytest-django
    serialized it for `serialized_rollback`. Read before Playwright starts: see below."""
    from django.db import connection

    return getattr(connection, "_test_serialized_contents", None)


@pytest.fixture(scope="session")
def _playwright(_migrated_data) -> Iterator:
    if not CHROMIUM.exists():
        reason = (
            f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)."
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    from django.db import connection, connections
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # From here on an event loop runs in this thread, so Django hands the tests a second set
        # of connections (asgiref's thread-critical Local keys them by the running loop). Give
        # that connection the serialized data too, or `serialized_rollback` restores nothing
        # after the first browser test and the migrations' data is gone.
        if _migrated_data is not None:
            connection._test_serialized_contents = _migrated_data
        yield playwright
        connections.close_all()  # before the test database is dropped


@pytest.fixture(scope="session")
def browser(_playwright) -> Iterator:
    """One headless Debian Chromium for the whole session."""
    chromium = _playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser, live_server) -> Iterator:
    """A new page in its own context (fresh cookies), in Korean, against the live server."""
    context = browser.new_context(
        locale="ko-KR",
        timezone_id="Asia/Seoul",
        base_url=live_server.url,
        extra_http_headers={"Accept-Language": "ko-KR,ko;q=0.9"},
    )
    context.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    new_page = context.new_page()
    new_page.on("pageerror", lambda error: errors.append(str(error)))
    yield new_page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def _format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core found {len(violations)} serious or critical violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:10]:
            summary = re.sub(r"\s+", " ", node.get("failureSummary") or "").strip()
            lines.append(f"    at {json.dumps(node['target'])}: {summary}")
            lines.append(f"       {node['html'][:200]}")
    return "\n".join(lines)


def check_accessibility(page, *, disable: tuple[str, ...] = ()) -> list[dict]:
    """Run the vendored axe-core on the page; fail listing every serious or critical violation.

    `disable` turns off rules by id for a page that has a reason (say so at the call).
    Returns the minor and moderate violations, for a test that wants to look at them.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_SOURCE.read_text(encoding="utf-8"))
    options = {
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in disable},
    }
    results = page.evaluate("async (options) => await window.axe.run(document, options)", options)
    violations = results["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        pytest.fail(_format_violations(page.url, blocking), pytrace=False)
    return [v for v in violations if v.get("impact") not in BLOCKING_IMPACTS]


@pytest.fixture
def axe_check() -> Callable[..., list[dict]]:
    """axe_check(page): fails the test on serious or critical accessibility violations."""
    return check_accessibility


@pytest.fixture
def read_outbox_link() -> Callable[[str, str], str]:
    """read_outbox_link(to, "/accounts/confirm-email/"): the path of that link in the newest
    mail to that address (read from the outbox table, whatever delivers it)."""
    from registry.models import OutboxMessage

    def read(to: str, path_prefix: str) -> str:
        message = OutboxMessage.objects.filter(to=to).order_by("-id").first()
        assert message is not None, f"No mail to {to} in the outbox"
        pattern = rf"https?://[^/\s]+({re.escape(path_prefix)}[A-Za-z0-9_:/.~%?=&-]*)"
        match = re.search(pattern, message.body)
        assert match, f"No {path_prefix} link in the mail to {to}:\n{message.body}"
        return match.group(1)

    return read
