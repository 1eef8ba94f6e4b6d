"""The schema, Swagger UI and Redoc: served from this site only, under a policy that stays
strict everywhere but where Redoc needs inline styles; both readers work in a browser."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.django_db

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in policy.split(";")) if part}


def test_the_schema_is_served_to_anyone_and_is_the_committed_one(client):
    response = client.get("/api/v1/schema")
    assert response.status_code == 200
    served = yaml.safe_load(response.content)
    committed = yaml.safe_load(COMMITTED.read_text())
    assert served["info"]["version"] == "1"
    assert set(served["paths"]) == set(committed["paths"])
    assert committed["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_swagger_ui_runs_under_the_strict_policy(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    assert "'unsafe-inline'" not in page["Content-Security-Policy"]
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<script>" not in html  # no inline script: the start script is a file
    assert "style=" not in html
    script = client.get("/api/v1/docs/?script=")
    assert script["Content-Type"] == "application/javascript"
    assert "SwaggerUIBundle" in script.content.decode()


def test_only_redoc_allows_inline_styles(client):
    redoc = directives(client.get("/api/v1/redoc/"))
    assert "'unsafe-inline'" in redoc["style-src"]
    assert "'unsafe-inline'" not in redoc["script-src"]
    assert "blob:" in redoc["worker-src"]
    for elsewhere in ("/", "/staff/login/", "/api/v1/docs/"):
        assert "'unsafe-inline'" not in client.get(elsewhere)["Content-Security-Policy"]
