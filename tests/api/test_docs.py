"""The OpenAPI schema and its browsable documentation."""

import json

import pytest


@pytest.mark.django_db
def test_docs_page_serves(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert "swagger" in response.text.lower() and "/api/openapi.json" in response.text
    assert "/static/ninja/swagger-ui-bundle.js" in response.text  # served by the app: offices are offline
    assert "cdn." not in response.text


@pytest.mark.django_db
def test_openapi_json_is_valid_and_lists_every_resource(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    expected = {
        "/api/me",
        "/api/units",
        "/api/units/{unit_id}",
        "/api/catalogs",
        "/api/catalogs/{set_code}",
        "/api/values/{unit_id}/{set_code}/{year}",
        "/api/values/{unit_id}/{set_code}/{year}/{indicator_code}/history",
        "/api/statuses/{unit_id}/{set_code}/{year}",
        "/api/assessments/{unit_id}/{set_code}/{year}",
        "/api/rollups/{set_code}/{year}",
    }
    assert expected <= set(paths)
    assert {"get", "post"} <= set(paths["/api/values/{unit_id}/{set_code}/{year}"])
    schemes = schema["components"]["securitySchemes"]
    assert {"BearerTokenAuth", "SessionCsrfAuth"} <= set(schemes)
    assert schemes["BearerTokenAuth"] == {"type": "http", "scheme": "bearer"}
