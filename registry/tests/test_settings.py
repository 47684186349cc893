"""Settings from the environment: typed readers that fail loudly, secure production defaults."""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from registry.env import env_bool, env_int, env_list, env_str, parse_bool

BASE_DIR = Path(__file__).resolve().parent.parent.parent


TRUE_SPELLINGS = [("1", True), ("true", True), (" Yes ", True), ("ON", True)]
FALSE_SPELLINGS = [("0", False), ("false", False), ("no", False), ("off", False), ("", False)]


@pytest.mark.parametrize(("raw", "expected"), [*TRUE_SPELLINGS, *FALSE_SPELLINGS])
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("REGISTRY_FLAG", raw)
    assert env_bool("REGISTRY_FLAG", not expected) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [*TRUE_SPELLINGS, *FALSE_SPELLINGS[:-1], ("", None), ("maybe", None), ("2", None)],
)
def test_parse_bool_reads_the_usual_spellings_and_nothing_else(raw, expected):
    """Shared with the registry search's yes/no parameters; an empty text is no answer."""
    assert parse_bool(raw) is expected


def test_env_bool_falls_back_to_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("REGISTRY_FLAG", raising=False)
    assert env_bool("REGISTRY_FLAG", True) is True
    assert env_bool("REGISTRY_FLAG") is False


@pytest.mark.parametrize("raw", ["maybe", "2", "enabled", "tru"])
def test_env_bool_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("REGISTRY_FLAG", raw)
    with pytest.raises(ImproperlyConfigured) as error:
        env_bool("REGISTRY_FLAG")
    assert str(error.value) == (f"REGISTRY_FLAG must be a boolean (1/0, true/false), not {raw!r}")


def test_env_int_reads_integers_and_defaults_when_unset_or_empty(monkeypatch):
    monkeypatch.setenv("REGISTRY_COUNT", " 42 ")
    assert env_int("REGISTRY_COUNT", 7) == 42
    monkeypatch.setenv("REGISTRY_COUNT", "-3")
    assert env_int("REGISTRY_COUNT", 7) == -3
    monkeypatch.setenv("REGISTRY_COUNT", "  ")
    assert env_int("REGISTRY_COUNT", 7) == 7
    monkeypatch.delenv("REGISTRY_COUNT")
    assert env_int("REGISTRY_COUNT", 7) == 7


@pytest.mark.parametrize("raw", ["eight", "8.5", "10MB", "1e3"])
def test_env_int_refuses_what_is_not_an_integer(monkeypatch, raw):
    monkeypatch.setenv("REGISTRY_COUNT", raw)
    with pytest.raises(ImproperlyConfigured) as error:
        env_int("REGISTRY_COUNT", 7)
    assert str(error.value) == f"REGISTRY_COUNT must be an integer, not {raw!r}"


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("REGISTRY_HOSTS", " registry.example.kr, ,www.example.kr ,")
    assert env_list("REGISTRY_HOSTS") == ["registry.example.kr", "www.example.kr"]
    monkeypatch.setenv("REGISTRY_HOSTS", "")
    assert env_list("REGISTRY_HOSTS", ["localhost"]) == []
    monkeypatch.delenv("REGISTRY_HOSTS")
    assert env_list("REGISTRY_HOSTS", ["localhost"]) == ["localhost"]
    assert env_list("REGISTRY_HOSTS") == []


def test_env_str_returns_the_value_or_the_default(monkeypatch):
    monkeypatch.setenv("REGISTRY_NAME", "스마트제조")
    assert env_str("REGISTRY_NAME", "x") == "스마트제조"
    monkeypatch.delenv("REGISTRY_NAME")
    assert env_str("REGISTRY_NAME", "x") == "x"
    assert env_str("REGISTRY_NAME") == ""


# The settings module itself, loaded in a fresh process as a deployment would load it.
_PRINT_SETTINGS = """
import json
from django.conf import settings
names = ["DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
         "SECURE_HSTS_SECONDS", "ALLOWED_HOSTS", "CELERY_TASK_ALWAYS_EAGER"]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


def load_settings(**environ: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"}
    }
    env.update(DJANGO_SETTINGS_MODULE="registry.settings", **environ)
    return subprocess.run(
        [sys.executable, "-c", _PRINT_SETTINGS],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_a_mistyped_debug_stops_the_process():
    result = load_settings(DEBUG="flase", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "DEBUG must be a boolean (1/0, true/false), not 'flase'" in result.stderr


def test_production_defaults_are_secure():
    result = load_settings(DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="registry.example.kr")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "ALLOWED_HOSTS": ["registry.example.kr"],
        "CELERY_TASK_ALWAYS_EAGER": True,
    }


def test_korean_times_read_ohu_before_the_hour():
    """오후 4:52, not Django's 4:52 오후; short dates zero-padded; English as Django has it."""
    moment = datetime.datetime(2026, 11, 24, 16, 52, tzinfo=ZoneInfo("Asia/Seoul"))
    template = Template("{{ moment }}|{{ moment|date:'DATETIME_FORMAT' }}|{{ moment|time }}")
    with translation.override("ko"):
        assert date_format(moment, "DATETIME_FORMAT") == "2026년 11월 24일 오후 4:52"
        assert date_format(moment.date(), "DATE_FORMAT") == "2026년 11월 24일"
        rendered = template.render(Context({"moment": moment}))
        assert rendered == "2026년 11월 24일 오후 4:52|2026년 11월 24일 오후 4:52|오후 4:52"
        early = datetime.datetime(2026, 9, 4, 8, 5, tzinfo=ZoneInfo("Asia/Seoul"))
        assert date_format(early, "SHORT_DATETIME_FORMAT") == "2026-09-04 08:05"
        assert date_format(early.date(), "SHORT_DATE_FORMAT") == "2026-09-04"
    with translation.override("en"):
        assert date_format(moment, "DATETIME_FORMAT") == "Nov. 24, 2026, 4:52 p.m."
