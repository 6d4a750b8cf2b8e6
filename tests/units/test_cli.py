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


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("setup", "serve", "units", "demo", "manage"):
        assert command in out
