"""The dossier API: list in scope, read with what the step needs, the survey and the vote; moves
with the pages' permissions (403) and refusals (409, saying what is missing), audited alike."""

import pytest

from ntm.recognition.models import Dossier
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db

SET = "xa-ntm-2026"


def _demo(step: str) -> Dossier:
    return Dossier.objects.get(is_demo=True, set_code=SET, step__code=step, status="open")


def test_dossiers_are_listed_and_read_in_scope(token_for, bearer):
    province = bearer(token_for("tinh.laichau"))
    lai_chau = AdminUnit.objects.get(level=Level.PROVINCE, code="12", valid_from__isnull=False)
    listing = province.get("/api/dossiers", {"unit": lai_chau.pk, "year": 2026}).json()
    assert {d["step"] for d in listing["items"]} >= {"cong-khai", "khao-sat", "hoi-dong", "quyet-dinh"}
    at_council = _demo("hoi-dong")
    detail = province.get(f"/api/dossiers/{at_council.pk}").json()
    assert detail["vote"]["passed"] and detail["survey"][0]["surveyed"] == 812
    assert [s["code"] for s in detail["steps"] if s["done"]][-1] == "tham-dinh"
    assert bearer(token_for("xa.banbo")).get(f"/api/dossiers/{at_council.pk}").status_code == 403


def test_moves_keep_the_pages_rules(token_for, bearer):
    posting = _demo("cong-khai")
    refused = bearer(token_for("quantri")).post(
        f"/api/dossiers/{posting.pk}/advance", {"note": "API"}, content_type="application/json"
    )
    assert refused.status_code == 409 and "niêm yết" in refused.json()["detail"]
    other_commune = bearer(token_for("xa.banbo")).post(
        f"/api/dossiers/{posting.pk}/advance", {}, content_type="application/json"
    )
    assert other_commune.status_code == 403

    at_council = _demo("hoi-dong")
    vote = {
        "met_on": "2026-11-20",
        "members": [{"name": "Ông A", "vote": "against"}, {"name": "Bà B", "vote": "for"}],
    }
    answer = bearer(token_for("tinh.laichau")).post(
        f"/api/dossiers/{at_council.pk}/vote", vote, content_type="application/json"
    )
    assert answer.status_code == 200 and not answer.json()["vote"]["passed"]
    assert any("chưa thông qua" in m for m in answer.json()["shortfall"])
    assert at_council.events.filter(kind="vote").count() == 2
