import os
import subprocess
import sys

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_checks_the_database(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def _import_production(env):
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production",
             "ITAKU_MASTER_KEY": "dGVzdC1vbmx5LW1hc3Rlci1rZXktMzItYnl0ZXMhISE=", **env},
        capture_output=True, text=True,
    )


@pytest.mark.parametrize("secret", ["", "short", "a" * 60, "itaku-development-only-secret-key-not-for-production"])
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    result = _import_production({"SECRET_KEY": secret})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_secret_key():
    assert _import_production({"SECRET_KEY": "abcdefghij" * 5}).returncode == 0


def test_unknown_tax_rounding_refuses_to_start():
    result = _import_production({"SECRET_KEY": "abcdefghij" * 5, "ITAKU_TAX_ROUNDING": "sideways"})
    assert result.returncode != 0 and "ITAKU_TAX_ROUNDING" in result.stderr
