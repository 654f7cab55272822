"""The OpenAPI schema validates, documents every endpoint with examples, and its reference
page is served from the app itself."""

import pytest
import yaml
from openapi_spec_validator import validate

from tests.api.test_permissions import ENDPOINTS


@pytest.fixture
def schema(client, db):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_is_valid_openapi_3(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.")


def test_the_schema_documents_every_endpoint_and_method(schema):
    for method, path, _body in ENDPOINTS.values():
        path = path.split("?")[0]
        template = path.replace("{client}", "{public_id}")
        parts = template.split("/")
        template = "/".join("{day}" if p[:2] == "20" and len(p) == 10 else p for p in parts)
        assert method in schema["paths"][template], (method, template)
        operation = schema["paths"][template][method]
        assert operation["summary"]
        assert "401" in operation["responses"]


def test_every_write_takes_an_idempotency_key_and_shows_an_example(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method != "post":
                continue
            headers = [p["name"] for p in operation["parameters"] if p["in"] == "header"]
            assert "Idempotency-Key" in headers, path
            body = operation.get("requestBody")
            if body:
                assert body["content"]["application/json"].get("examples"), path


def test_the_schema_names_the_bearer_token(schema):
    assert schema["components"]["securitySchemes"]["token"]["scheme"] == "bearer"


@pytest.mark.django_db
def test_the_reference_page_loads_its_scripts_from_the_app(client):
    response = client.get("/api/v1/schema/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn.jsdelivr" not in html
