"""gunicorn serves the app with production settings: static files, HTTPS, HSTS."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

# Independent of the database: run in the SQLite pass only.
pytestmark = pytest.mark.once

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def fetch(url: str, **headers: str):  # type: ignore[no-untyped-def]
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        return opener.open(request, timeout=10)
    except urllib.error.HTTPError as error:
        return error


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("prod")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env |= {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "EASEPLAN_VAR_DIR": str(tmp / "var"),
        "STATIC_ROOT": str(tmp / "static"),
        "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
    }
    for args in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "easeplan.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if process.poll() is not None:
                pytest.fail("gunicorn exited at start")
            try:
                if fetch(url + "/health/").status == 200:  # exempt from the HTTPS redirect
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer within 20 s")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_plain_http_is_redirected_to_https(server: str) -> None:
    response = fetch(server + "/")
    assert response.status == 301
    assert response.headers["Location"].startswith("https://")


def test_load_balancer_probes_over_http_are_not_redirected(server: str) -> None:
    response = fetch(server + "/health/")
    assert response.status == 200
    assert response.read() == b"ok"


def test_pages_behind_the_proxy_carry_hsts_and_secure_headers(server: str) -> None:
    response = fetch(server + "/accounts/login/", **{"X-Forwarded-Proto": "https"})
    assert response.status == 200
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_static_files_are_served_hashed_and_cached_forever(server: str) -> None:
    page = fetch(server + "/accounts/login/", **{"X-Forwarded-Proto": "https"}).read().decode()
    css = next(
        part.split('"')[0]
        for part in page.split('href="')[1:]
        if part.startswith("/static/css/easeplan.")
    )
    assert css != "/static/css/easeplan.css"  # the name carries the content hash
    response = fetch(server + css, **{"X-Forwarded-Proto": "https"})
    assert response.status == 200
    assert "immutable" in response.headers["Cache-Control"]
    assert b"skip-link" in response.read()


def test_pages_carry_a_strict_content_security_policy(server: str) -> None:
    response = fetch(server + "/accounts/login/", **{"X-Forwarded-Proto": "https"})
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy + ";"  # no inline script, no eval
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "camera=()" in response.headers["Permissions-Policy"]
    page = response.read().decode()
    tags = [tag.split(">")[0] for tag in page.split("<script")[1:]]
    # Every script is a file of the app's own; the passkey button's settings ride in JSON
    # data blocks, which a browser never runs (and the policy need not allow).
    assert tags and all(" src=" in tag or 'type="application/json"' in tag for tag in tags)
    assert any(" src=" in tag and "webauthn" in tag for tag in tags)


def test_private_pages_are_never_stored(server: str) -> None:
    for path in ("/accounts/login/", "/staff/", "/account/"):
        response = fetch(server + path, **{"X-Forwarded-Proto": "https"})
        assert "no-store" in response.headers["Cache-Control"], path


def test_the_installable_app_keeps_hashed_static_files_that_are_served(server: str) -> None:
    """The service worker's list and the manifest's icons carry whitenoise's hashed names,
    so a deploy changes the worker's cache; every one of them is really served."""
    import json
    import re

    https = {"X-Forwarded-Proto": "https"}
    script = fetch(server + "/sw.js", **https).read().decode()
    match = re.search(r"^const PRECACHE = (\[.*\]);$", script, re.MULTILINE)
    assert match
    kept = json.loads(match.group(1))
    manifest = json.loads(fetch(server + "/manifest.webmanifest", **https).read())
    icons = [icon["src"] for icon in manifest["icons"]]
    for url in [*kept[1:], *icons]:
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", url), url  # hashed
        response = fetch(server + url, **https)
        assert response.status == 200, url
        assert "immutable" in response.headers["Cache-Control"], url
    assert fetch(server + kept[0], **https).status == 200  # the offline page
