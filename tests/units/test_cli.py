import json

import pytest

from ntm.cli import main

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2024-12-31", {"province": 63, "district": 696, "commune": 10_035}),
        ("2025-07-01", {"province": 34, "district": 0, "commune": 3_321}),
    ],
)
def test_units_stats_json(capsys, day, expected):
    assert main(["units", "stats", "--as-of", day, "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["as_of"] == day
    assert {k: stats["by_level"][k] for k in expected} == expected


@pytest.mark.parametrize(
    ("day", "map_date"),
    [("2019-12-31", "2025-06-30"), ("2024-12-31", "2025-06-30"), ("2025-01-01", "2025-01-01")],
)
def test_units_stats_names_the_map_it_really_shows_before_2025(capsys, day, map_date):
    """Legal review 2026-12 §4: the pre-reform units are the map of 30/6/2025, which held from
    1/1/2025; for an earlier day the counts are not that day's, and the output says so."""
    assert main(["units", "stats", "--as-of", day, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["map_date"] == map_date
    assert main(["units", "stats", "--as-of", day]) == 0
    heading = capsys.readouterr().out.splitlines()[0]
    assert ("bản đồ ngày 30/6/2025" in heading) == (map_date != day)


def test_unit_browser_says_an_early_date_shows_the_map_of_30_6_2025(login):
    client = login("quantri")
    early = client.get("/units/", {"as_of": "2019-12-31"}).text
    assert 'data-testid="map-day"' in early and "Bản đồ ngày 30/6/2025" in early
    assert 'data-testid="map-day"' not in client.get("/units/", {"as_of": "2025-03-01"}).text


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("setup", "serve", "units", "demo", "manage"):
        assert command in out
