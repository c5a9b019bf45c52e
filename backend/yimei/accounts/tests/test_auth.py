"""Logging in and out: CSRF, lockout, session rotation and timeouts, password rules."""

from __future__ import annotations

import time

import pytest
from conftest import PASSWORD
from django.test import override_settings
from rest_framework.test import APIClient

from yimei.accounts import services
from yimei.accounts.middleware import SESSION_SEEN, SESSION_STARTED
from yimei.audit.models import LoginLog


def _client(ip: str = "10.0.0.8") -> APIClient:
    return APIClient(enforce_csrf_checks=True, REMOTE_ADDR=ip)


def _login(client: APIClient, username: str, password: str):
    client.get("/api/v1/auth/csrf/")
    token = client.cookies["csrftoken"].value
    return client.post("/api/v1/auth/login/", {"username": username, "password": password}, format="json",
                       HTTP_X_CSRFTOKEN=token)


def test_login_without_csrf_token_is_refused_with_the_error_shape(make_staff):
    user = make_staff()
    response = _client().post("/api/v1/auth/login/", {"username": user.username, "password": PASSWORD},
                              format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"


def test_login_returns_me_and_rotates_the_session_id(make_staff):
    user = make_staff(["accounts.staff.view"], scopes={"accounts": "team"})
    client = _client()
    client.get("/api/v1/auth/csrf/")
    client.session.save()
    response = _login(client, user.username.upper(), PASSWORD)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["username"] == user.username
    assert body["permissions"] == ["accounts.staff.view", "system"]
    assert body["data_scopes"]["accounts"]["scope"] == "team"
    assert client.get("/api/v1/me/").status_code == 200
    assert LoginLog.objects.filter(username=user.username, event="login", ip="10.0.0.8").count() == 1


def test_session_id_changes_at_login(make_staff, client):
    user = make_staff()
    client.get("/api/v1/auth/csrf/")
    session = client.session
    session["x"] = 1
    session.save()
    before = session.session_key
    client.post("/api/v1/auth/login/", {"username": user.username, "password": PASSWORD},
                content_type="application/json")
    assert client.cookies["yimei_sessionid"].value != before


def test_wrong_password_says_how_many_tries_are_left_and_logs(make_staff):
    user = make_staff()
    response = _login(_client(), user.username, "wrong")
    assert response.status_code == 400
    assert response.json() == {"code": "invalid_credentials", "message": "用户名或密码错误，还可尝试 4 次。"}
    assert LoginLog.objects.filter(username=user.username, event="failure").count() == 1


def test_unknown_user_gets_the_same_answer(db):
    response = _login(_client(), "nobody", "wrong")
    assert response.status_code == 400 and response.json()["code"] == "invalid_credentials"


def test_five_failures_lock_the_username_from_that_address_for_thirty_minutes(make_staff):
    user = make_staff()
    client = _client("10.0.0.9")
    answers = [_login(client, user.username, "wrong") for _ in range(5)]
    assert [a.status_code for a in answers] == [400, 400, 400, 400, 429]
    assert "锁定" in answers[-1].json()["message"] and "30 分钟" in answers[-1].json()["message"]
    # even the right password is refused while locked
    locked = _login(client, user.username, PASSWORD)
    assert locked.status_code == 429 and locked.json()["code"] == "account_locked"
    # another address is not locked
    assert _login(_client("10.0.0.10"), user.username, PASSWORD).status_code == 200


def test_lock_ends_after_thirty_minutes(make_staff, settings):
    user = make_staff()
    client = _client()
    for _ in range(5):
        _login(client, user.username, "wrong")
    from datetime import timedelta

    # move the failures 31 minutes into the past (test-only: the trigger forbids this in production tables)
    from django.db import connection
    from django.utils import timezone

    from yimei.audit.models import LoginLog as Log

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_loginlog DISABLE TRIGGER audit_loginlog_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_loginlog_no_update")
    Log.objects.filter(username=user.username).update(created_at=timezone.now() - timedelta(minutes=31))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_loginlog ENABLE TRIGGER audit_loginlog_append_only")
    assert _login(client, user.username, PASSWORD).status_code == 200


def test_security_admin_can_unlock(make_staff, client_for):
    user = make_staff()
    client = _client()
    for _ in range(5):
        _login(client, user.username, "wrong")
    security = make_staff(["accounts.staff.view", "accounts.staff.unlock"], scopes={"accounts": "all"})
    listed = client_for(security).get(f"/api/v1/staff/{user.pk}/").json()
    assert listed["is_locked"] is True
    response = client_for(security).post(f"/api/v1/staff/{user.pk}/unlock/")
    assert response.status_code == 200 and response.json()["is_locked"] is False
    assert _login(client, user.username, PASSWORD).status_code == 200


def test_disabled_account_cannot_log_in(make_staff):
    user = make_staff(is_active=False)
    response = _login(_client(), user.username, PASSWORD)
    assert response.status_code == 400 and response.json()["code"] == "account_disabled"


def test_malformed_json_gets_the_error_shape(db):
    client = _client()
    client.get("/api/v1/auth/csrf/")
    response = client.post("/api/v1/auth/login/", "{not json", content_type="application/json",
                           HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_idle_timeout_ends_the_session(make_staff, client_for, settings):
    user = make_staff()
    client = client_for(user)
    session = client.session
    session[SESSION_SEEN] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT_SECONDS - 5
    session.save()
    response = client.get("/api/v1/me/")
    assert response.status_code == 401 and response.json()["code"] == "session_expired"
    assert client.get("/api/v1/me/").status_code == 401
    assert LoginLog.objects.filter(username=user.username, event="timeout").count() == 1


def test_absolute_lifetime_ends_an_active_session(make_staff, client_for, settings):
    user = make_staff()
    client = client_for(user)
    session = client.session
    session[SESSION_STARTED] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 5
    session.save()
    assert client.get("/api/v1/me/").status_code == 401


def test_logout_ends_the_session_and_asks_the_browser_to_clear_storage(make_staff, client_for):
    user = make_staff()
    client = client_for(user)
    response = client.post("/api/v1/auth/logout/")
    assert response.status_code == 204
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert client.get("/api/v1/me/").status_code == 401
    assert LoginLog.objects.filter(username=user.username, event="logout").count() == 1


def test_must_change_password_blocks_everything_but_me_logout_and_password(make_staff, client_for):
    user = make_staff(["accounts.staff.view"], scopes={"accounts": "all"})
    user.must_change_password = True
    user.save()
    client = client_for(user)
    assert client.get("/api/v1/me/").json()["must_change_password"] is True
    blocked = client.get("/api/v1/staff/")
    assert blocked.status_code == 403 and blocked.json()["code"] == "password_change_required"
    weak = client.post("/api/v1/auth/password/", {"old_password": PASSWORD, "new_password": "short"}, format="json")
    assert weak.status_code == 400 and "new_password" in weak.json()["fields"]
    ok = client.post("/api/v1/auth/password/", {"old_password": PASSWORD, "new_password": "Better#Pass9"},
                     format="json")
    assert ok.status_code == 204
    assert client.get("/api/v1/staff/").status_code == 200


@pytest.mark.parametrize(("password", "fragment"), [
    ("Ab1!", "至少"),               # too short
    ("abcdefgh1", "三类"),          # two classes
    ("Xuser#2026abc", "用户名"),     # contains the username
    ("Clinic#Chengdu9", None),      # fine
])
def test_password_rules(password, fragment, org):
    from yimei.core.errors import BusinessError

    if fragment is None:
        services.create_staff(username="xuser", name="x", staff_number="PW1", org_unit=org["team_a1"],
                              password=password)
        return
    with pytest.raises(BusinessError) as caught:
        services.create_staff(username="xuser", name="x", staff_number="PW1", org_unit=org["team_a1"],
                              password=password)
    assert fragment in " ".join(caught.value.fields["password"])


def test_common_password_is_refused(org):
    from yimei.core.errors import BusinessError

    with pytest.raises(BusinessError):
        services.create_staff(username="cuser", name="x", staff_number="PW2", org_unit=org["team_a1"],
                              password="Password123")


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_passwords_are_hashed_with_argon2(org):
    user = services.create_staff(username="hasher", name="x", staff_number="AR1", org_unit=org["team_a1"],
                                 password="Argon2#Works")
    assert user.password.startswith("argon2$")


def test_production_settings_use_argon2_first():
    from config import settings as config

    assert config.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_an_authenticated_me_costs_one_cache_read_and_no_query(make_staff, monkeypatch):
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = make_staff(["accounts.staff.view"], scopes={"accounts": "team"})
    client = _client()
    assert _login(client, user.username, PASSWORD).status_code == 200
    assert client.cookies["yimei_uid"].value.startswith(f"{user.pk}:")
    client.get("/api/v1/me/")  # fills the per-user cache entries
    backend = type(caches["default"])
    reads: list[str] = []
    depth = [0]  # the local-memory cache implements get_many with get: count only the outer call

    def counting(name, original):
        def wrapper(self, *args, **kwargs):
            if depth[0] == 0:
                reads.append(name)
            depth[0] += 1
            try:
                return original(self, *args, **kwargs)
            finally:
                depth[0] -= 1

        return wrapper

    for name in ("get", "get_many"):
        monkeypatch.setattr(backend, name, counting(name, getattr(backend, name)))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/me/")
    assert response.status_code == 200 and response.json()["username"] == user.username
    assert reads == ["get_many"]
    assert len(queries) == 0


def test_a_forged_user_hint_does_not_change_who_is_logged_in(make_staff):
    user, other = make_staff(), make_staff()
    client = _client()
    _login(client, user.username, PASSWORD)
    client.cookies["yimei_uid"] = f"{other.pk}:forged"
    assert client.get("/api/v1/me/").json()["username"] == user.username
    from django.core.signing import get_cookie_signer

    client.cookies["yimei_uid"] = get_cookie_signer(salt="yimei_uid" + "yimei.accounts.uid").sign(str(other.pk))
    assert client.get("/api/v1/me/").json()["username"] == user.username


def test_session_writes_need_the_csrf_token_reads_do_not(make_staff):
    user = make_staff(["accounts.position.view", "accounts.position.add"], scopes={"accounts": "all"})
    client = _client()
    _login(client, user.username, PASSWORD)
    assert client.get("/api/v1/positions/").status_code == 200
    refused = client.post("/api/v1/positions/", {"code": "nocsrf", "name": "无令牌"}, format="json")
    assert refused.status_code == 403
    assert refused.json() == {"code": "csrf_failed", "message": "页面已过期或来源不可信，请刷新页面后重试。"}
    accepted = client.post("/api/v1/positions/", {"code": "withcsrf", "name": "有令牌"}, format="json",
                           HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert accepted.status_code == 201


def test_disabling_an_account_ends_its_sessions_at_once(make_staff, client_for, django_capture_on_commit_callbacks):
    user = make_staff()
    client = _client()
    _login(client, user.username, PASSWORD)
    assert client.get("/api/v1/me/").status_code == 200  # cached in this process and in the shared cache
    admin = make_staff(["accounts.staff.view", "accounts.staff.disable"], scopes={"accounts": "all"})
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(admin).post(f"/api/v1/staff/{user.pk}/disable/").status_code == 200
    assert client.get("/api/v1/me/").status_code == 401


def test_a_password_reset_ends_the_other_sessions(make_staff, client_for, django_capture_on_commit_callbacks):
    user = make_staff()
    client = _client()
    _login(client, user.username, PASSWORD)
    assert client.get("/api/v1/me/").status_code == 200
    admin = make_staff(["accounts.staff.view", "accounts.staff.reset_password"], scopes={"accounts": "all"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin).post(f"/api/v1/staff/{user.pk}/reset-password/",
                                          {"new_password": "Fresh#Start2026"}, format="json")
    assert response.status_code == 200
    assert client.get("/api/v1/me/").status_code == 401


def test_a_renamed_user_sees_the_new_name_in_me(make_staff, client_for, django_capture_on_commit_callbacks):
    user = make_staff()
    client = _client()
    _login(client, user.username, PASSWORD)
    assert client.get("/api/v1/me/").json()["name"] == user.name
    admin = make_staff(["accounts.staff.view", "accounts.staff.change"], scopes={"accounts": "all"})
    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin).patch(f"/api/v1/staff/{user.pk}/", {"name": "新名字"}, format="json")
    assert client.get("/api/v1/me/").json()["name"] == "新名字"
