"""Authentication: bearer tokens for machine clients, the browser session for people."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from ntm.accounts.models import User
from ntm.api.models import ApiToken, hash_token
from ntm.audit.models import AuditRecord

pytestmark = pytest.mark.django_db

SET, YEAR = "xa-ntm-2021", 2024


def test_anonymous_gets_401_in_vietnamese(client):
    response = client.get("/api/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "Cần đăng nhập hoặc gửi mã truy cập hợp lệ."}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_acts_as_its_user_with_the_same_scope(token_for, bearer, ban_bo, neighbour):
    client = bearer(token_for("xa.banbo"))
    me = client.get("/api/me").json()
    assert me["username"] == "xa.banbo" and {r["role"] for r in me["roles"]} == {"commune_officer"}
    assert client.get(f"/api/units/{ban_bo.pk}").status_code == 200
    assert client.get(f"/api/units/{neighbour.pk}").status_code == 403


def test_a_token_writes_without_csrf_and_is_audited_as_its_user(token_for, bearer, ban_bo):
    client = bearer(token_for("xa.banbo"))
    current = {
        v["indicator_code"]: v["version"]
        for v in client.get(f"/api/values/{ban_bo.pk}/{SET}/{YEAR}").json()["items"]
    }
    response = client.post(
        f"/api/values/{ban_bo.pk}/{SET}/{YEAR}",
        {
            "changes": [{"code": "2.2", "value": 77, "expected_version": current["2.2"]}],
            "reason": "Đồng bộ từ hệ thống khác",
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert AuditRecord.objects.filter(
        action="value.save", actor="xa.banbo", reason="Đồng bộ từ hệ thống khác"
    ).exists()


@pytest.mark.parametrize("header", ["Bearer ntm_khong-hop-le", "Bearer ", "bearer sai"])
def test_a_bad_token_is_401(header):
    response = Client(headers={"Authorization": header}).get("/api/me")
    assert response.status_code == 401
    assert response.json()["detail"] in {
        "Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.",
        "Cần đăng nhập hoặc gửi mã truy cập hợp lệ.",
    }


def test_a_bad_token_is_401_even_with_a_session(session_as):
    client = session_as("quantri", headers={"Authorization": "Bearer ntm_sai"})
    response = client.get("/api/me")
    assert response.status_code == 401
    assert response.json()["detail"] == "Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi."


def test_revoked_and_expired_tokens_and_inactive_users_are_refused(token_for, bearer):
    revoked = token_for("xa.banbo", revoked_at=timezone.now())
    expired = token_for("xa.banbo", expires_at=timezone.now() - datetime.timedelta(minutes=1))
    live = token_for("xem.laichau", expires_at=timezone.now() + datetime.timedelta(days=1))
    assert bearer(revoked).get("/api/me").status_code == 401
    assert bearer(expired).get("/api/me").status_code == 401
    assert bearer(live).get("/api/me").status_code == 200
    User.objects.filter(username="xem.laichau").update(is_active=False)
    assert bearer(live).get("/api/me").status_code == 401


def test_tokens_are_stored_hashed_and_record_their_last_use(token_for, bearer):
    raw = token_for("xa.banbo")
    token = ApiToken.objects.get(key_hash=hash_token(raw))
    assert raw.startswith("ntm_") and len(raw) > 40
    assert raw not in {token.key_hash, token.prefix} and raw.startswith(token.prefix)
    assert token.last_used_at is None
    bearer(raw).get("/api/me")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_session_writes_need_the_csrf_token(session_as, ban_bo):
    client = session_as("xa.banbo", enforce_csrf_checks=True)
    assert client.get("/api/me").status_code == 200  # safe methods need no token
    response = client.post(
        f"/api/values/{ban_bo.pk}/{SET}/{YEAR}",
        {"changes": [{"code": "2.1", "value": 1}]},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_admin_creates_a_token_and_sees_it_once(session_as):
    admin = session_as("quantri")
    officer = User.objects.get(username="xa.banbo")
    response = admin.post(
        "/admin/api/apitoken/add/", {"user": officer.pk, "name": "Đồng bộ phần mềm kế toán"}
    )
    assert response.status_code == 200, response.content[:1000]
    assert "no-store" in response["Cache-Control"]
    raw = response.context["raw_token"]
    assert raw in response.text and "sẽ không hiển thị lại" in response.text
    token = ApiToken.objects.get(name="Đồng bộ phần mềm kế toán")
    assert (token.user, token.created_by.username, token.key_hash) == (officer, "quantri", hash_token(raw))
    assert AuditRecord.objects.filter(action="api_token.create", object_id=str(token.pk)).exists()
    assert raw not in admin.get(f"/admin/api/apitoken/{token.pk}/change/").text
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/me").json()["username"] == "xa.banbo"

    admin.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/me").status_code == 401


def test_only_administrators_manage_tokens(session_as):
    assert session_as("tinh.laichau").get("/admin/api/apitoken/").status_code == 302  # not staff
