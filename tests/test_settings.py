"""Production settings come from the environment and pass Django's deployment check."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

# Independent of the database: run in the SQLite pass only.
pytestmark = pytest.mark.once

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "clinic.example.org",
    "DATABASE_URL": "postgres://easeplan@db.example.org:5432/easeplan",
    "EMAIL_URL": "submission://mailer:pw@smtp.example.org:587",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # A clean environment: no test-only switches (the browser tests set one) leak in.
    ignored = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in ignored}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_in_production() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = manage("check", env={**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_are_strict() -> None:
    code = (
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_SSL_REDIRECT, "
        "s.EASEPLAN_REQUIRE_STAFF_MFA, s.DATABASES['default']['ENGINE'], s.EMAIL_HOST, "
        "s.ALLOWED_HOSTS)"
    )
    result = manage("shell", "--no-imports", "-c", code, env=PRODUCTION)
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "True",
        "True",
        "django.db.backends.postgresql",
        "smtp.example.org",
        "['clinic.example.org']",
    ]


def test_development_defaults_are_embedded() -> None:
    code = (
        "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], "
        "s.EMAIL_BACKEND, s.TASKS['default']['BACKEND'])"
    )
    result = manage("shell", "--no-imports", "-c", code, env={})
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.core.mail.backends.console.EmailBackend",
        "django_tasks_db.DatabaseBackend",
    ]


def test_a_redis_cache_url_gives_a_working_shared_cache() -> None:
    """docs/deploy.md's CACHE_URL=redis://… needs the redis client installed."""
    from tests.lib.test_ratelimit import REDIS_URL, redis_is_up

    if not redis_is_up():
        if os.environ.get("CI"):
            pytest.fail("Redis must run on 127.0.0.1:6379 in CI")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    code = (
        "from django.core.cache import caches; c = caches['default']; "
        "c.set('settings-probe', 'shared', 30); print(type(c).__name__, c.get('settings-probe'))"
    )
    result = manage("shell", "-c", code, env={"CACHE_URL": REDIS_URL})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["RedisCache", "shared"]


def test_passkeys_are_on_and_never_accept_an_insecure_origin() -> None:
    """Passkeys sign in and serve as a second factor; only https (or http://localhost,
    which browsers and fido2 treat as secure) may use them, in production and development."""
    code = (
        "from allauth.mfa import app_settings as m; print(m.SUPPORTED_TYPES, "
        "m.PASSKEY_LOGIN_ENABLED, m.WEBAUTHN_ALLOW_INSECURE_ORIGIN)"
    )
    for env in (PRODUCTION, {}):
        result = manage("shell", "--no-imports", "-c", code, env=env)
        assert result.stdout.split() == [
            "['totp',",
            "'webauthn',",
            "'recovery_codes']",
            "True",
            "False",
        ]


HOSTING = {
    **PRODUCTION,
    "EASEPLAN_PRACTICE_SIGNUP": "true",
    "EASEPLAN_PRACTICE_DOMAIN": "Clinics.Example.org",
}


def test_hosted_signup_is_off_by_default() -> None:
    code = "from django.conf import settings as s; print(s.EASEPLAN_PRACTICE_SIGNUP)"
    result = manage("shell", "--no-imports", "-c", code, env=PRODUCTION)
    assert result.stdout.split() == ["False"]


def test_hosted_signup_admits_the_domain_and_its_subdomains() -> None:
    code = (
        "from django.conf import settings as s; print(s.EASEPLAN_PRACTICE_DOMAIN, s.ALLOWED_HOSTS)"
    )
    result = manage("shell", "--no-imports", "-c", code, env=HOSTING)
    assert (
        result.stdout.strip()
        == "clinics.example.org ['clinic.example.org', '.clinics.example.org']"
    )
    deploy = manage("check", "--deploy", "--fail-level", "WARNING", env=HOSTING)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr


def test_hosted_signup_needs_its_domain() -> None:
    result = manage("check", env={**HOSTING, "EASEPLAN_PRACTICE_DOMAIN": ""})
    assert result.returncode != 0
    assert "set EASEPLAN_PRACTICE_DOMAIN" in result.stderr


def test_hosted_signup_on_a_public_domain_refuses_debug() -> None:
    result = manage("check", env={**HOSTING, "DEBUG": "true", "ALLOWED_HOSTS": ""})
    assert result.returncode != 0
    assert "EASEPLAN_PRACTICE_DOMAIN names a public domain" in result.stderr
    local = manage(
        "check",
        env={
            "DEBUG": "true",
            "EASEPLAN_PRACTICE_SIGNUP": "true",
            "EASEPLAN_PRACTICE_DOMAIN": "localhost",
        },
    )
    assert local.returncode == 0, local.stderr
