"""Issue #4, item 8, "done when": a district office uploads a filled template with three mistakes and
gets exactly those three cells back, with nothing written; once fixed, everything is written, every
commune is assessed and the Tam Đường and Lai Châu roll-ups move."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ntm.audit.models import AuditRecord
from ntm.dataio.layout import VALUES_SHEET
from ntm.dataio.models import ImportJob
from ntm.dataio.scope import units_under
from ntm.indicators.models import Assessment, IndicatorValue, Rollup
from tests.dataio.helpers import (
    SET,
    TAM_DUONG_COMMUNES,
    YEAR,
    column_of,
    current,
    filled_template,
    letter,
    met_values,
    row_of,
    save,
)

pytestmark = pytest.mark.django_db
GIANG_MA, TA_LENG = "03405", "03400"


def _rollup(parent):
    rollup = Rollup.objects.filter(parent=parent, set_code=SET, year=YEAR).first()
    return (rollup.standard_met, rollup.criteria_met_sum) if rollup else (0, 0)


def _upload(client, data: bytes) -> ImportJob:
    file = SimpleUploadedFile("tam-duong-2024.xlsx", data)
    response = client.post("/data/import/", {"file": file, "reason": ""})
    assert response.status_code == 302, response.content[:500]
    return ImportJob.objects.latest("created_at")


def test_three_errors_are_reported_exactly_then_the_fixed_file_is_written_and_rolled_up(
    login, tam_duong, lai_chau
):
    client = login("huyen.tamduong")
    units = units_under(tam_duong, SET, YEAR)
    assert len(units) == TAM_DUONG_COMMUNES
    by_code = {u.code: u for u in units}

    def wanted(unit):  # every commune meets all 19 criteria, except Giang Ma on transport (2.1)
        values = met_values(unit)
        if unit.code == GIANG_MA:
            values["2.1"] = 50
        return values

    template = client.get("/data/template/", {"set_code": SET, "year": YEAR, "parent": tam_duong.pk}).content
    book, sheet = filled_template(template, units, wanted)
    giang_ma_row, ta_leng_row = row_of(sheet, by_code[GIANG_MA]), row_of(sheet, by_code[TA_LENG])
    sheet.cell(giang_ma_row, column_of(sheet, "2.2")).value = 120  # 1: a percentage above 100
    sheet.cell(ta_leng_row, column_of(sheet, "1.1")).value = "chắc có"  # 2: not yes / no
    extra_row = sheet.max_row + 1
    sheet.cell(extra_row, 2).value = "99999"  # 3: a unit code that does not exist in 2024
    sheet.cell(extra_row, column_of(sheet, "1.1")).value = "có"

    values_before, audit_before = IndicatorValue.objects.count(), AuditRecord.objects.count()
    assessed_before = Assessment.objects.filter(unit__in=units, set_code=SET, year=YEAR)
    tam_duong_before = (
        sum(a.standard_met for a in assessed_before),
        sum(a.criteria_met for a in assessed_before),
    )
    lai_chau_before = _rollup(lai_chau)

    job = _upload(client, save(book))
    assert job.status == ImportJob.Status.INVALID
    assert [tuple(e[:3]) for e in job.errors] == [
        (VALUES_SHEET, ta_leng_row, letter(sheet, "1.1")),
        (VALUES_SHEET, giang_ma_row, letter(sheet, "2.2")),
        (VALUES_SHEET, extra_row, "B"),
    ]
    assert [e[3] for e in job.errors] == [
        "“chắc có” không đọc được: chỉ tiêu 1.1 cần ghi “có” hoặc “không”",
        "tỷ lệ “120” nằm ngoài khoảng 0–100 (chỉ tiêu 2.2)",
        "không có đơn vị mã “99999” có hiệu lực ngày 31/12/2024 (số liệu năm 2024)",
    ]
    page = client.get(f"/data/import/{job.token}/").content.decode()
    for sheet_name, row, column, _message in job.errors:
        assert f'<td>{sheet_name}</td><td class="num">{row}</td><td>{column}</td>' in page
    assert IndicatorValue.objects.count() == values_before
    assert AuditRecord.objects.count() == audit_before

    sheet.cell(giang_ma_row, column_of(sheet, "2.2")).value = met_values(by_code[GIANG_MA])["2.2"]
    sheet.cell(ta_leng_row, column_of(sheet, "1.1")).value = "có"
    sheet.delete_rows(extra_row)
    job = _upload(client, save(book))
    assert job.status == ImportJob.Status.READY, job.errors
    assert job.summary["unit_count"] == TAM_DUONG_COMMUNES
    response = client.post(f"/data/import/{job.token}/confirm/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message

    for unit in units:
        for code, value in wanted(unit).items():
            assert current(unit, code).value == value, (unit.name, code)
    assessments = {a.unit.code: a for a in Assessment.objects.filter(unit__in=units, set_code=SET, year=YEAR)}
    assert len(assessments) == TAM_DUONG_COMMUNES
    assert {code: a.criteria_met for code, a in assessments.items()} == {
        u.code: (18 if u.code == GIANG_MA else 19) for u in units
    }
    assert not assessments[GIANG_MA].standard_met and "2" not in assessments[GIANG_MA].met_criteria

    tam_duong_rollup = Rollup.objects.get(parent=tam_duong, set_code=SET, year=YEAR)
    assert (tam_duong_rollup.units_assessed, tam_duong_rollup.standard_met) == (12, 11)
    assert tam_duong_rollup.criteria_met_sum == 12 * 19 - 1
    assert tam_duong_rollup.per_criterion["2"] == 11
    assert tam_duong_before != (11, 227)
    assert _rollup(lai_chau) == (
        lai_chau_before[0] - tam_duong_before[0] + 11,
        lai_chau_before[1] - tam_duong_before[1] + 227,
    )
    assert _rollup(lai_chau) != lai_chau_before

    record = AuditRecord.objects.get(action="data.import", object_id=str(job.pk))
    assert record.reason == "Nhập từ tệp tam-duong-2024.xlsx"
    assert record.new["values_new"] + record.new["values_changed"] > 0
    done_page = client.get(f"/data/import/{job.token}/").content.decode()
    assert f"/units/{tam_duong.pk}/matrix/{YEAR}/?set={SET}" in done_page
