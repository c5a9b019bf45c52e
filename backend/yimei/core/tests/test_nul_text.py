"""Text with a NUL character is refused at the parser, in the one error shape, and nothing is written."""

from yimei.customers.models import TagCategory


def test_a_nul_character_in_json_is_a_clear_400(staff_holding, client_for):
    api = client_for(staff_holding("customers.settings.manage"))
    response = api.post("/api/v1/tag-categories/", {"name": "a\x00b"}, format="json")

    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) <= {"code", "message", "fields"} and "空字符" in body["message"]
    assert not TagCategory.objects.filter(name__startswith="a").exists()
