"""The OpenAPI schema (source of the typed front-end client) generates cleanly and describes the API."""

import json

from django.core.management import call_command


def test_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "openapi.json"
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", str(target))
    schema = json.loads(target.read_text())
    assert "/api/v1/me/" in schema["paths"]
    assert "cookieAuth" in schema["components"]["securitySchemes"]


def test_schema_and_docs_need_a_login(anon, make_staff, client_for):
    assert anon.get("/api/schema/").status_code == 401
    assert client_for(make_staff()).get("/api/schema/").status_code == 200
    assert client_for(make_staff()).get("/api/docs/").status_code == 200


def test_docs_page_loads_its_assets_locally(make_staff, client_for):
    html = client_for(make_staff()).get("/api/docs/").content.decode()
    assert "cdn" not in html.lower() and "swagger" in html.lower()



def test_console_shell_has_a_strict_content_security_policy(anon, settings, tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><div id=root></div>")
    settings.FRONTEND_DIST = tmp_path
    response = anon.get("/system/staff")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-eval" not in policy
