"""`ntm evaluate`: input formats, the JSON document against its schema, and unverified flags."""

import csv
import json
import re
from pathlib import Path

import openpyxl
import pytest

from ntm.core import load_catalog

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "evaluation.schema.json").read_text(encoding="utf-8"))
TYPES = {
    "object": dict, "array": list, "string": str, "boolean": bool, "null": type(None),
    "integer": int, "number": (int, float),
}  # fmt: skip


def check_schema(value, schema, path="$"):
    """The subset of JSON Schema that docs/evaluation.schema.json uses."""
    if "$ref" in schema:
        check_schema(value, SCHEMA["$defs"][schema["$ref"].rsplit("/", 1)[1]], path)
    if "anyOf" in schema:
        errors = []
        for option in schema["anyOf"]:
            try:
                check_schema(value, option, path)
                break
            except AssertionError as exc:
                errors.append(str(exc))
        else:
            raise AssertionError(f"{path}: matches no option: {errors}")
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        ok = any(
            isinstance(value, TYPES[t]) and not (t in ("integer", "number") and isinstance(value, bool))
            for t in types
        )
        assert ok, f"{path}: {value!r} is not {types}"
    if "enum" in schema:
        assert value in schema["enum"], f"{path}: {value!r} not in {schema['enum']}"
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, f"{path}: missing {key}"
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in props:
                check_schema(item, props[key], f"{path}.{key}")
            elif extra is False:
                raise AssertionError(f"{path}: unexpected key {key}")
            elif isinstance(extra, dict):
                check_schema(item, extra, f"{path}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            check_schema(item, schema["items"], f"{path}[{i}]")


def full_unit(unit_id: str, scale: float) -> dict:
    """An xa-ntm-2021 commune with every indicator given: numbers at `scale` × threshold."""
    values = {}
    for indicator in load_catalog().get("xa-ntm-2021").indicators():
        if indicator.kind == "boolean":
            values[indicator.code] = scale >= 1
        else:
            values[indicator.code] = 100 * scale if indicator.direction == ">=" else 1 / scale
    values["10"] = 40 * scale
    return {
        "id": unit_id,
        "name": f"Xã {unit_id}",
        "province_code": "12",
        "region": "TDMNPB",
        "values": values,
    }


@pytest.fixture
def three_units(tmp_path):
    path = tmp_path / "units.json"
    units = [full_unit("xa-a", 1.0), full_unit("xa-b", 1.0), full_unit("xa-c", 0.5)]
    units[1]["values"]["3.1"] = 79
    path.write_text(json.dumps({"set": "xa-ntm-2021", "year": 2024, "units": units}), encoding="utf-8")
    return path


def test_json_output_follows_the_schema(ntm, three_units, monkeypatch):
    _, out, _ = ntm(["evaluate", "--input", str(three_units), "--format", "json"])
    document = json.loads(out)
    check_schema(document, SCHEMA)
    monkeypatch.chdir(ROOT)
    for year in (2023, 2024):
        _, out, _ = ntm(["evaluate", "--input", f"docs/examples/ban-bo-{year}.json", "--format", "json"])
        check_schema(json.loads(out), SCHEMA)


def test_compact_output_is_the_bulk_path_and_equals_the_explained_json(ntm, three_units, tmp_path):
    code, out, _ = ntm(["evaluate", "--input", str(three_units), "--format", "compact"])
    lines = [json.loads(line) for line in out.splitlines()]
    _, explained, _ = ntm(["evaluate", "--input", str(three_units), "--format", "json"])
    units = json.loads(explained)["units"]
    assert code == 0 and [line["unit"] for line in lines] == ["xa-a", "xa-b", "xa-c"]
    for line, unit in zip(lines, units, strict=True):
        statuses = {c["code"]: c["status"] for c in unit["criteria"]}
        assert line["criteria"] == statuses and line["standard"] == unit["summary"]["standard"]
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"set": "xa-ntm-2021", "year": 2024, "units": [{"id": "x", "values": {"2.1": "nhiều"}}]})
    )
    code, _, err = ntm(["evaluate", "--input", str(bad), "--format", "compact"])
    assert code == 2 and "(x)" in err


def test_schema_checker_rejects_a_wrong_document(ntm, three_units):
    _, out, _ = ntm(["evaluate", "--input", str(three_units), "--format", "json"])
    document = json.loads(out)
    document["units"][0]["summary"]["standard"] = "almost"
    with pytest.raises(AssertionError, match="standard"):
        check_schema(document, SCHEMA)


def test_every_unverified_threshold_is_flagged_in_json_and_table(ntm, three_units):
    _, out, _ = ntm(["evaluate", "--input", str(three_units), "--format", "json"])
    unit = json.loads(out)["units"][0]
    flagged = {
        i["code"]: not i["threshold"]["verified"]
        for c in unit["criteria"]
        for i in c["indicators"]
        if i["threshold"]["layer"] != "basis"  # the number of schools is not compared
    }
    assert flagged["14.1"] is False and flagged["10"] is True and flagged["3.1"] is True
    assert sorted(unit["summary"]["unverified_thresholds"]) == sorted(
        code for code, f in flagged.items() if f
    )
    for lang, marker in (("vi", "⚠ chưa xác minh"), ("en", "⚠ unverified")):
        _, table, _ = ntm(["evaluate", "--input", str(three_units), "--lang", lang])
        block = table.split("=" * 72)[0]
        for code, unverified in flagged.items():
            line = next(x for x in block.splitlines() if re.match(rf" {{7}}\S {re.escape(code)} ", x))
            assert (marker in line) == unverified, line


def test_table_shows_counts_gaps_and_a_ranking(ntm, three_units):
    code, out, _ = ntm(["evaluate", "--input", str(three_units)])
    assert code == 0
    assert "Kết quả: đạt 19/19 tiêu chí · chuẩn: đạt" in out
    assert "Kết quả: đạt 18/19 tiêu chí · chuẩn: chưa đạt" in out
    assert "Tiêu chí chưa đạt: 3 Thủy lợi và phòng, chống thiên tai" in out
    assert "thiếu 1 điểm %" in out  # 3.1: 79 against 80
    ranking = out.split("Xếp hạng gần chuẩn nhất:")[1].splitlines()
    assert [line.split("(")[1].split(")")[0] for line in ranking if line.strip()] == ["xa-a", "xa-b", "xa-c"]


def test_csv_and_xlsx_inputs_give_the_json_result(ntm, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    _, expected, _ = ntm(["evaluate", "--input", "docs/examples/ban-bo-2024.json", "--format", "json"])
    source = json.loads((ROOT / "docs/examples/ban-bo-2024.json").read_text(encoding="utf-8"))["units"][0]
    header = ["id", "name", "province_code", "region", "year"]
    row = [source["id"], source["name"], "12", "TDMNPB", 2024]
    for code, value in source["values"].items():
        header.append(code)
        row.append("có" if value is True else ("không" if value is False else str(value).replace(".", ",")))
    for code, status in source["recorded"].items():
        header.append(f"recorded:{code}")
        row.append("đạt" if status == "met" else "chưa đạt")
    header.append("fact:xa-ntm-2021")
    row.append("có")
    csv_path = tmp_path / "ban-bo.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, row])
    xlsx_path = tmp_path / "ban-bo.xlsx"
    book = openpyxl.Workbook()
    book.active.append(header)
    book.active.append(row)
    book.save(xlsx_path)
    for path in (csv_path, xlsx_path):
        code, out, err = ntm(
            ["evaluate", "--set", "xa-ntm-nang-cao-2021", "--input", str(path), "--format", "json"]
        )
        assert code == 0, err
        assert json.loads(out)["units"] == json.loads(expected)["units"]


def test_bad_values_are_reported_with_row_and_nothing_is_printed(ntm, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "id,region,year,2.1,3.1\nxa-a,TDMNPB,2024,abc,80\nxa-b,Tây Bắc,2024,90,80\n", encoding="utf-8"
    )
    code, out, err = ntm(["evaluate", "--set", "xa-ntm-2021", "--input", str(path)])
    assert code == 2
    assert out == ""
    assert "bad.csv: row 3: unknown region 'TÂY BẮC'" in err
    path.write_text("id,region,year,2.1\nxa-a,TDMNPB,2024,abc\n", encoding="utf-8")
    code, out, err = ntm(["evaluate", "--set", "xa-ntm-2021", "--input", str(path)])
    assert code == 2
    assert "row 2 (xa-a): indicator 2.1 expects a number, got 'abc'" in err


def test_unknown_set_and_missing_set_are_refused(ntm, three_units, tmp_path):
    code, _, err = ntm(["evaluate", "--set", "xa-ntm-1999", "--input", str(three_units)])
    assert code == 2 and "unknown criteria set 'xa-ntm-1999'" in err
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(full_unit("xa-a", 1)), encoding="utf-8")
    code, _, err = ntm(["evaluate", "--input", str(bare)])
    assert code == 2 and "pass --set CODE" in err
