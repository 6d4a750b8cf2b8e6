"""The worked example of docs/evaluation.md runs, and its output is what the doc shows."""

import json
import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "evaluation.md"
PREFIX = "$ uv run --frozen ntm "


def console_blocks() -> list[tuple[list[str], list[str]]]:
    """(argv, expected output lines) of every ```console block of the doc."""
    blocks = re.findall(r"```console\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    result = []
    for block in blocks:
        command, *output = block.rstrip("\n").split("\n")
        assert command.startswith(PREFIX), command
        result.append((shlex.split(command.removeprefix(PREFIX)), output))
    return result


def test_the_doc_has_the_three_worked_example_commands():
    commands = [" ".join(argv) for argv, _ in console_blocks()]
    assert len(commands) == 3
    assert all("docs/examples/ban-bo-20" in c for c in commands)


@pytest.mark.parametrize(
    "argv, expected", console_blocks(), ids=lambda v: " ".join(v) if v and v[0] != "" else ""
)
def test_doc_command_output_matches(ntm, monkeypatch, argv, expected):
    monkeypatch.chdir(ROOT)
    code, out, err = ntm(argv)
    assert code == 0, err
    actual = out.splitlines()
    position = 0
    for line in expected:
        if line == "…":
            continue
        assert line in actual[position:], f"doc line not found in order: {line!r}"
        position = actual.index(line, position) + 1


def test_ban_bo_goes_from_10_to_16_of_19(ntm, monkeypatch):
    monkeypatch.chdir(ROOT)
    results = {}
    for year in (2023, 2024):
        _, out, _ = ntm(["evaluate", "--input", f"docs/examples/ban-bo-{year}.json", "--format", "json"])
        results[year] = json.loads(out)["units"][0]["summary"]
    assert results[2023]["label"] == "10/19"
    assert results[2023]["criteria_not_met"] == ["1", "2", "5", "6", "10", "11", "14", "17", "18"]
    assert results[2024]["label"] == "16/19"
    assert results[2024]["criteria_not_met"] == ["2", "11", "18"]
    newly_met = set(results[2023]["criteria_not_met"]) - set(results[2024]["criteria_not_met"])
    assert newly_met == {"1", "5", "6", "10", "14", "17"}  # seed 002's 2024 target
    assert not results[2024]["standard_met"]
