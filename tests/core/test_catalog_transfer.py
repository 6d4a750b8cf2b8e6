"""`ntm catalog check` counts a reviewer can act on; `ntm catalog sample` needs no database; the
changes an import prints read as an office would say them."""

import re

from openpyxl import load_workbook

from ntm.core.catalog import load_catalog
from ntm.core.catalog_diff import describe_changes


def test_check_counts_verified_unverified_and_placeholder_cells_per_set(ntm):
    code, out, _ = ntm(["catalog", "check"])
    assert code == 0
    lines = out.splitlines()
    line = re.compile(
        r"^\s+(\S+)\s+(\d+) thresholds:\s+(\d+) verified,\s+(\d+) unverified \((\d+) placeholders\)$"
    )
    per_set = {}
    for text in lines[1:]:
        found = line.match(text)
        assert found, text
        per_set[found[1]] = tuple(int(n) for n in found.groups()[1:])
    catalog = load_catalog()
    assert set(per_set) == set(catalog.sets)
    cells = [
        t
        for ind in catalog.get("xa-ntm-2021").indicators()
        for c in ind.thresholds.values()
        for t in c.values()
    ]
    assert per_set["xa-ntm-2021"] == (
        len(cells),
        sum(t.verified for t in cells),
        sum(not t.verified for t in cells),
        sum(t.placeholder for t in cells),
    )
    totals = [sum(counts[i] for counts in per_set.values()) for i in range(4)]
    expected = (
        f"{totals[0]} thresholds, {totals[1]} verified, {totals[2]} unverified ({totals[3]} placeholders)"
    )
    assert expected in lines[0]


def test_the_sample_is_written_without_a_database(ntm, tmp_path):
    target = tmp_path / "mau.xlsx"
    code, out, _ = ntm(["catalog", "sample", "-o", str(target)])
    assert (code, out) == (0, f"Đã ghi {target}\n")
    assert load_workbook(target)["Chỉ tiêu"]["A2"].value == "MẪU – không phải văn bản chính thức"


def test_changes_are_described_by_criterion_indicator_and_column():
    changes = [
        ("criteria[2].indicators[2.2].thresholds.general.value", 70, 75),
        ("criteria[10].indicators[10].thresholds.TDMNPB.2024.verified", False, True),
        ("criteria[1].indicators[1.3]", None, {"code": "1.3"}),
        ("criteria[1].indicators[1.2]", {"code": "1.2"}, None),
        ("notes", ["a", "b"], ["b", "c"]),
        ("valid_to", "2025-12-31", "2026-12-31"),
    ]
    assert describe_changes(changes, "region") == [
        "~ tiêu chí 2 › chỉ tiêu 2.2 › ngưỡng cột Chung › giá trị: 70 → 75",
        "~ tiêu chí 10 › chỉ tiêu 10 › ngưỡng cột Trung du và miền núi phía Bắc (TDMNPB) › năm 2024 › "
        "đã đối chiếu: Không → Có",
        "+ tiêu chí 1 › chỉ tiêu 1.3 (thêm)",
        "- tiêu chí 1 › chỉ tiêu 1.2 (bỏ)",
        "- ghi chú: a (bỏ)",
        "+ ghi chú: c",
        "~ hiệu lực đến: 2025-12-31 → 2026-12-31",
    ]
