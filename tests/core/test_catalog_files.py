"""The catalog files load, validate, and read the way DOMAIN.md describes the sets."""

import re
from pathlib import Path

import pytest

from ntm.core.catalog import DEFAULT_DIR, load_catalog, validate_path

SET_CODES = [
    "xa-ntm-2009", "xa-ntm-2016", "xa-ntm-2021", "xa-ntm-nang-cao-2021", "xa-ntm-kieu-mau-2021",
    "huyen-ntm-2021", "huyen-ntm-nang-cao-2021", "xa-ntm-2026", "xa-ntm-hien-dai-2026",
    "thon-ntm-lai-chau-2023", "do-thi-van-minh-2021", "tinh-hoan-thanh-2026",
    "thon-ntm-son-la-2021", "thon-ntm-son-la-kieu-mau-2021", "thon-ntm-lang-son-kieu-mau-2018",
]  # fmt: skip

# DOMAIN.md §2: the 19 criteria of xa-ntm-2021 in their 5 groups.
XA_NTM_2021 = {
    "Quy hoạch": ["Quy hoạch"],
    "Hạ tầng kinh tế – xã hội": [
        "Giao thông", "Thủy lợi và phòng, chống thiên tai", "Điện", "Trường học", "Cơ sở vật chất văn hóa",
        "Cơ sở hạ tầng thương mại nông thôn", "Thông tin và truyền thông", "Nhà ở dân cư",
    ],
    "Kinh tế và tổ chức sản xuất": [
        "Thu nhập", "Nghèo đa chiều", "Lao động", "Tổ chức sản xuất và phát triển kinh tế nông thôn",
    ],
    "Văn hóa – Xã hội – Môi trường": [
        "Giáo dục và Đào tạo", "Y tế", "Văn hóa", "Môi trường và an toàn thực phẩm",
    ],
    "Hệ thống chính trị": ["Hệ thống chính trị và tiếp cận pháp luật", "Quốc phòng và An ninh"],
}  # fmt: skip

XA_NTM_2026 = [
    "Quy hoạch", "Hạ tầng kinh tế – xã hội", "Phát triển kinh tế nông thôn",
    "Đào tạo nguồn nhân lực nông thôn",
    "Văn hóa, giáo dục, y tế", "Giảm nghèo và an sinh xã hội", "Khoa học công nghệ và chuyển đổi số",
    "Môi trường và cảnh quan nông thôn", "Xây dựng hệ thống chính trị và hành chính công",
    "Tiếp cận pháp luật và an ninh, quốc phòng",
]  # fmt: skip

GROUP_LINE = re.compile(r"^([IVX]+)\. (.+)$")
CRITERION_LINE = re.compile(r"^  (\d+)\. (.+?)(?: \(.*| \[.*)?$")


def shown_criteria(output: str) -> dict[str, list[tuple[str, str]]]:
    """Group heading -> [(criterion number, name)] as `ntm catalog show` prints them."""
    groups: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in output.splitlines():
        if m := GROUP_LINE.match(line):
            current = m.group(2)
            groups[current] = []
        elif (m := CRITERION_LINE.match(line)) and current:
            groups[current].append((m.group(1), m.group(2)))
    return groups


def test_catalog_check_passes_for_every_set(ntm):
    code, out, err = ntm(["catalog", "check"])
    assert code == 0, err
    assert out.startswith("OK: 15 criteria sets, 1 provincial override file")
    assert sorted(load_catalog().sets) == sorted(SET_CODES)


@pytest.mark.parametrize("code", SET_CODES)
def test_each_set_file_validates_on_its_own(code):
    _, errors = validate_path(DEFAULT_DIR / f"{code}.yaml")
    assert errors == []


def test_catalog_list_names_every_set_with_its_decision(ntm):
    code, out, _ = ntm(["catalog", "list"])
    assert code == 0
    for set_code in SET_CODES:
        assert re.search(rf"^{set_code} ", out, re.M), set_code
    assert "QĐ 318/QĐ-TTg (08/03/2022)" in out
    assert "QĐ 51/2025/QĐ-TTg (29/12/2025)" in out


def test_show_xa_ntm_2021_lists_19_criteria_in_5_groups_with_domain_names(ntm):
    code, out, _ = ntm(["catalog", "show", "xa-ntm-2021"])
    assert code == 0
    shown = shown_criteria(out)
    assert list(shown) == list(XA_NTM_2021)
    assert {group: [name for _, name in rows] for group, rows in shown.items()} == XA_NTM_2021
    numbers = [number for rows in shown.values() for number, _ in rows]
    assert numbers == [str(n) for n in range(1, 20)]
    assert "19 tiêu chí" in out


def test_show_xa_ntm_2026_lists_the_10_criteria_and_flags_missing_indicators(ntm):
    code, out, _ = ntm(["catalog", "show", "xa-ntm-2026"])
    assert code == 0
    names = [name for rows in shown_criteria(out).values() for _, name in rows]
    assert names == XA_NTM_2026
    assert out.count("(chưa nhập chỉ tiêu)") == 10
    assert "chưa đầy đủ ⚠" in out


def test_show_in_english(ntm):
    code, out, _ = ntm(["catalog", "show", "xa-ntm-2021", "--lang", "en"])
    assert code == 0
    assert "  10. Income [key criterion for revocation]" in out
    assert "general: ≥ 80% ⚠ unverified" in out  # 3.1: the review could not re-confirm it


def test_show_unknown_set_fails_with_the_known_codes(ntm):
    code, _, err = ntm(["catalog", "show", "xa-ntm-1999"])
    assert code == 2
    assert "xa-ntm-2021" in err


def test_every_threshold_carries_verified_and_a_source():
    for cset in load_catalog().sets.values():
        assert cset.decisions and cset.valid_from
        for indicator in cset.indicators():
            for cells in indicator.thresholds.values():
                for threshold in cells.values():
                    assert isinstance(threshold.verified, bool)
                    assert threshold.source.strip(), (cset.code, indicator.code)
                    assert not (threshold.placeholder and threshold.verified)


def test_confirmed_values_are_verified_and_the_rest_are_not():
    catalog = load_catalog()
    income_2016 = catalog.get("xa-ntm-2016").indicator("10").thresholds
    assert {key: cells[2020].value for key, cells in income_2016.items()} == {
        "general": 45, "TDMNPB": 36, "DBSH": 50, "BTB": 36, "DHNTB": 41, "TN": 41, "DNB": 59, "DBSCL": 50,
    }  # fmt: skip
    assert all(cells[2020].verified for cells in income_2016.values())
    irrigation = catalog.get("xa-ntm-2021").indicator("3.1").thresholds["general"][None]
    assert (irrigation.value, irrigation.verified) == (80, False)  # legal review §2.1: second-hand
    schooling = catalog.get("xa-ntm-2021").indicator("14.1").thresholds["general"][None]
    assert (schooling.value, schooling.verified) == (True, True)
    assert "1491/QĐ-BGDĐT" in schooling.source
    income_2021 = catalog.get("xa-ntm-2021").indicator("10").thresholds
    assert all(not t.verified and t.placeholder for cells in income_2021.values() for t in cells.values())
    assert sorted(income_2021["TDMNPB"]) == [2022, 2023, 2024, 2025]


# Legal review 2026-12 §3.3: cells marked verified on DOMAIN.md or a district plan, not a decision.
UNSOURCED = {
    "xa-ntm-2021": ["1.1", "1.2", "3.1", "3.2", "4.1", "7", "8.1", "8.2", "8.3", "8.4"],
    "do-thi-van-minh-2021": ["3.3", "6.2", "8.2"],
}


@pytest.mark.parametrize(("set_code", "code"), [(s, c) for s, codes in UNSOURCED.items() for c in codes])
def test_cells_without_a_legal_source_are_not_verified_and_say_why(set_code, code):
    (cell,) = load_catalog().get(set_code).indicator(code).thresholds["general"].values()
    assert not cell.verified
    assert "legal review 2026-12" in cell.note


def test_every_verified_cell_names_a_legal_instrument_not_a_project_note():
    catalog = load_catalog()
    verified = [
        t.source
        for cset in catalog.sets.values()
        for ind in cset.indicators()
        for cells in ind.thresholds.values()
        for t in cells.values()
        if t.verified
    ] + [r.source for cset in catalog.sets.values() for r in cset.requires if r.verified]
    assert verified
    for source in verified:
        assert "QĐ" in source and "DOMAIN" not in source and "Seed" not in source, source


def test_advanced_commune_prerequisite_is_not_marked_verified():
    (requirement,) = load_catalog().get("xa-ntm-nang-cao-2021").requires
    assert (requirement.set_code, requirement.verified) == ("xa-ntm-2021", False)


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("DOMAIN.md §2", "is not a legal instrument"),
        ("Seed 002 §12", "is not a legal instrument"),
        ("checked by phone", "needs a source naming the decision"),
    ],
)
def test_catalog_check_refuses_verified_without_a_legal_source(ntm, tmp_path, source, problem):
    path = write_broken(
        tmp_path,
        "general: {value: 95, verified: false, placeholder: true}",
        f'general: {{value: 95, verified: true, source: "{source}"}}',
    )
    code, _, err = ntm(["catalog", "check", "--path", str(path)])
    assert code == 1
    assert "verified: true" in err and problem in err


def test_every_unverified_threshold_is_flagged_in_catalog_show(ntm):
    catalog = load_catalog()
    for cset in catalog.sets.values():
        for lang, marker in (("vi", "⚠ chưa xác minh"), ("en", "⚠ unverified")):
            _, out, _ = ntm(["catalog", "show", cset.code, "--lang", lang])
            lines = out.splitlines()
            for indicator in cset.indicators():
                start = next(i for i, line in enumerate(lines) if line.startswith(f"     {indicator.code} "))
                column_lines = lines[start + 1 : start + 1 + len(indicator.thresholds)]
                for line, cells in zip(column_lines, indicator.thresholds.values(), strict=True):
                    unverified = sum(not t.verified for t in cells.values())
                    assert (marker in line) == (unverified > 0), (cset.code, indicator.code, line)


def write_broken(tmp_path: Path, old: str, new: str) -> Path:
    text = (DEFAULT_DIR / "xa-ntm-2021.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "xa-ntm-2021.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_broken_threshold_is_reported_with_file_and_path(ntm, tmp_path):
    path = write_broken(
        tmp_path,
        "TDMNPB: {2022: {value: 36, verified: false, placeholder: true}, 2023: {value: 36,",
        "TDMNPB: {2022: {value: 36, verified: false, placeholder: true}, 2023: {value: ba mươi sáu,",
    )
    code, out, err = ntm(["catalog", "check", "--path", str(path)])
    assert code == 1
    assert out == ""
    assert (
        f"{path}: criteria[9].indicators[0].thresholds.TDMNPB.2023.value: 'ba mươi sáu' is not a valid value"
        in err
    )


def test_missing_verified_flag_and_unknown_column_are_reported(ntm, tmp_path):
    path = write_broken(
        tmp_path,
        'general: {value: 80, verified: false, source: "QĐ 318/QĐ-TTg Phụ lục I, chỉ tiêu 3.1',
        'TayBac: {value: 80, source: "QĐ 318/QĐ-TTg Phụ lục I, chỉ tiêu 3.1',
    )
    code, _, err = ntm(["catalog", "check", "--path", str(path)])
    assert code == 1
    assert "criteria[2].indicators[0].thresholds.TayBac: unknown column for dimension 'region'" in err


def test_typo_in_a_key_and_broken_yaml_are_reported(ntm, tmp_path):
    typo = write_broken(tmp_path, "    kind: percent\n", "    knd: percent\n")
    code, _, err = ntm(["catalog", "check", "--path", str(typo)])
    assert code == 1
    assert "criteria[1].indicators[0].knd: unknown key" in err
    assert "criteria[1].indicators[0].kind: required key is missing" in err
    broken = tmp_path / "broken" / "xa-ntm-2021.yaml"
    broken.parent.mkdir()
    broken.write_text("code: xa-ntm-2021\ncriteria: [\n", encoding="utf-8")
    code, _, err = ntm(["catalog", "check", "--path", str(broken)])
    assert code == 1
    assert f"{broken}: line" in err and "not valid YAML" in err


def test_broken_override_file_is_reported(ntm, tmp_path):
    path = tmp_path / "lai-chau.yaml"
    path.write_text(
        'province_code: "12"\nprovince_name: Lai Châu\n'
        "decision: {number: 1285/QĐ-UBND, date: 2022-09-27, issuer: UBND tỉnh Lai Châu}\n"
        "sets: [xa-ntm-2021]\n"
        'overrides:\n  - {set: xa-ntm-2021, indicator: "99.9", value: 1, verified: false, source: x}\n',
        encoding="utf-8",
    )
    code, _, err = ntm(["catalog", "check", "--path", str(path)])
    assert code == 1
    assert f"{path}: overrides[0].indicator: not an indicator of xa-ntm-2021" in err


def test_a_directory_of_catalogs_is_checked_across_files(ntm, tmp_path):
    text = (DEFAULT_DIR / "xa-ntm-nang-cao-2021.yaml").read_text(encoding="utf-8")
    (tmp_path / "xa-ntm-nang-cao-2021.yaml").write_text(text, encoding="utf-8")
    code, _, err = ntm(["catalog", "check", "--path", str(tmp_path)])
    assert code == 1
    assert "requires[0].set: unknown set 'xa-ntm-2021'" in err
