"""Production settings refuse to start without their secrets and pass Django's deploy check."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from hamaynk.settings.env import env_bool, env_int
from hamaynk.settings.secret import local_secret_key

REPO = Path(__file__).resolve().parents[4]


def manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_env(**overrides):
    env = {
        "DJANGO_SETTINGS_MODULE": "hamaynk.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "hamaynk.example.am",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "sqlite:////tmp/hamaynk-check.sqlite3"),
    }
    env.update(overrides)
    return env


def test_production_passes_the_deploy_check_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DJANGO_SECRET_KEY", "", "DJANGO_SECRET_KEY is required"),
        ("DJANGO_SECRET_KEY", "short", "at least 50"),
        ("DJANGO_ALLOWED_HOSTS", "", "DJANGO_ALLOWED_HOSTS is required"),
        ("DATABASE_URL", "", "DATABASE_URL is required"),
    ],
)
def test_production_refuses_to_start_without_its_secrets(variable, value, message):
    result = manage("check", **production_env(**{variable: value}))
    assert result.returncode != 0
    assert message.split(" is ")[0] in result.stderr
    assert message.split()[-1] in result.stderr


def test_first_run_generates_a_private_secret_key(tmp_path):
    key = local_secret_key(tmp_path / "data")
    assert len(key) >= 50
    assert local_secret_key(tmp_path / "data") == key
    assert (tmp_path / "data" / "secret_key").stat().st_mode & 0o777 == 0o600


def test_env_helpers_name_the_bad_variable(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("X_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG")
    monkeypatch.setenv("X_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_NUMBER"):
        env_int("X_NUMBER", 1)
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG") is True
