"""F9: the API gives times at the stored precision, so `?at=<created_at of a version>` returns
exactly that version (a time cut to milliseconds would read back the version before it)."""

import datetime

import pytest

from ntm.indicators.models import IndicatorValue

pytestmark = pytest.mark.django_db

SET, YEAR = "xa-ntm-2021", 2024


def test_at_the_created_at_the_api_gave_returns_that_version(session_as, ban_bo):
    client = session_as("xa.banbo")
    url = f"/api/values/{ban_bo.pk}/{SET}/{YEAR}"
    version = {v["indicator_code"]: v["version"] for v in client.get(url).json()["items"]}["2.3"]
    for n, value in enumerate((91, 92, 93)):
        response = client.post(
            url,
            {
                "changes": [{"code": "2.3", "value": value, "expected_version": version + n}],
                "reason": "đo lại",
            },
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
    stored = {
        v.version: v.created_at
        for v in IndicatorValue.objects.filter(unit=ban_bo, set_code=SET, year=YEAR, indicator_code="2.3")
    }
    history = client.get(f"{url}/2.3/history", {"limit": 3}).json()["items"]
    for item in history:
        given = datetime.datetime.fromisoformat(item["created_at"])
        assert given == stored[item["version"]]  # microseconds included
        past = client.get(url, {"at": item["created_at"]}).json()
        assert past["at"] == item["created_at"]
        shown = {v["indicator_code"]: v for v in past["items"]}["2.3"]
        assert (shown["version"], shown["value"]) == (item["version"], item["value"])
