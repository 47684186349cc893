"""Fixtures every app's tests share."""

import pytest
from django.core.cache import cache

from accounts.tests.factories import UserFactory
from suppliers import searchmemory
from suppliers.tests.factories import FirmFactory, MembershipFactory


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Uploaded files go to a throwaway folder, mail stays in memory unless a test says not, and
    no throttle count, cached value or search index in memory leaks from one test into the next."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # A fast hasher: PBKDF2's deliberate slowness would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    searchmemory.reset()
    yield
    cache.clear()
    searchmemory.reset()


@pytest.fixture
def member(db):
    """A user who is the representative of a firm; the firm is `member.firm`."""
    membership = MembershipFactory()
    user = membership.user
    user.firm = membership.firm
    return user


@pytest.fixture
def other_member(db):
    """A member of another firm."""
    membership = MembershipFactory()
    user = membership.user
    user.firm = membership.firm
    return user


@pytest.fixture
def officer(db):
    return UserFactory(roles=["officer"], totp=True, email="officer@example.kr")


@pytest.fixture
def reviewer(db):
    return UserFactory(roles=["reviewer"], totp=True, email="reviewer@example.kr")


@pytest.fixture
def plain_user(db):
    return UserFactory(email="plain@example.kr")


@pytest.fixture
def firm(member):
    return member.firm


@pytest.fixture
def public_firm(db):
    return FirmFactory(is_public=True)


@pytest.fixture
def logged_in(client):
    """logged_in(user) signs the test client in as that user, with two-factor checks passed."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def same_cost(client, django_assert_num_queries):
    """same_cost(user, url, add_item): a page costs the same number of queries with 1 item as
    with 3. The count is measured with 1 and then asserted with 3."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def check(user, url: str, add_item) -> int:
        client.force_login(user)
        add_item()
        with CaptureQueriesContext(connection) as one:
            assert client.get(url).status_code == 200
        add_item()
        add_item()
        with django_assert_num_queries(len(one.captured_queries)):
            assert client.get(url).status_code == 200
        return len(one.captured_queries)

    return check
