"""F14: the production settings (docs/security.md) pass `check --deploy`, redirect HTTP to HTTPS,
send HSTS and secure cookies; `ntm serve` refuses the published secret key outside the demo.

Each case runs a real `ntm` process with the environment an operator sets, on a fresh SQLite
database of its own, because settings are read once when the process starts."""

import json
import os
import subprocess
import sys

import pytest

PRODUCTION = {
    "NTM_SECRET_KEY": "k9-Pq2vXw7-Lm4sT8yZb3nR6cF1hJ5dG0aE2uW9iO7pK4lM8qS3",
    "NTM_SECURE_COOKIES": "true",
    "NTM_ALLOWED_HOSTS": "ntm.example.gov.vn",
    "NTM_DEBUG": "false",
}

PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="ntm.example.gov.vn")
out = {}
for name, extra in [("http", {}), ("https", {"secure": True}),
                    ("proxied", {"HTTP_X_FORWARDED_PROTO": "https"})]:
    r = client.get("/login/", **extra)
    out[name] = {"status": r.status_code, "location": r.get("Location", ""),
                 "hsts": r.get("Strict-Transport-Security", ""),
                 "csrf_secure": bool(r.cookies["csrftoken"]["secure"]) if "csrftoken" in r.cookies else None}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    """The test process's environment without its NTM_ and database settings, on a fresh database."""
    var = tmp_path_factory.mktemp("deploy")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NTM_", "DATABASE_URL", "DJANGO_"))}
    env.update(NTM_VAR_DIR=str(var), DATABASE_URL=f"sqlite:///{var / 'ntm.sqlite3'}")
    _ntm(env, "manage", "migrate", "--verbosity", "0", check=True)
    return env


def _ntm(env, *args, check=False):
    return subprocess.run(
        [sys.executable, "-m", "ntm.cli", *args], env=env, capture_output=True, text=True, check=check
    )


def test_check_deploy_passes_with_the_documented_production_environment(environment):
    result = _ntm({**environment, **PRODUCTION}, "manage", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_check_deploy_flags_the_published_secret_key(environment):
    env = {**environment, **PRODUCTION}
    del env["NTM_SECRET_KEY"]
    result = _ntm(env, "manage", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_serve_refuses_the_published_secret_key_without_demo_data(environment):
    result = _ntm(environment, "serve", "--port", "1")
    assert result.returncode == 2
    assert "NTM_SECRET_KEY" in result.stderr and "secrets.token_urlsafe" in result.stderr


def test_production_redirects_to_https_and_sends_hsts_and_secure_cookies(environment):
    env = {**environment, **PRODUCTION, "NTM_PROXY_SSL_HEADER": "X-Forwarded-Proto"}
    env["DJANGO_SETTINGS_MODULE"] = "ntm.settings"
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["http"]["status"] == 301
    assert seen["http"]["location"] == "https://ntm.example.gov.vn/login/"
    for name in ("https", "proxied"):
        assert seen[name]["status"] == 200
        assert seen[name]["hsts"] == "max-age=31536000; includeSubDomains"
        assert seen[name]["csrf_secure"] is True


@pytest.mark.django_db
def test_development_serves_plain_http_without_hsts(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response
