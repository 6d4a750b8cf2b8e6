"""The project's default reporting calendar: report kinds and their deadline rules. These are the
project's defaults, chosen to match common practice (e.g. day 15 of the month after a quarter), not
a legal text: administrators adjust them to the province's or ministry's instructions."""

from django.db import migrations

NOTE = "Mặc định của hệ thống ntm, không phải quy định của văn bản pháp lý; quản trị viên điều chỉnh theo hướng dẫn."
DEFAULTS = [
    ("thang", "Báo cáo tháng", "month", 5, 1),
    ("quy", "Báo cáo quý", "quarter", 15, 1),
    ("6-thang", "Báo cáo 6 tháng", "half", 15, 1),
    ("nam", "Báo cáo năm", "year", 15, 1),
    ("dot-xuat", "Báo cáo đột xuất", "adhoc", 15, 1),
]


def seed(apps, schema_editor):
    ReportKind = apps.get_model("rounds", "ReportKind")
    for code, name, period, day, months in DEFAULTS:
        ReportKind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "period": period,
                "deadline_day": day,
                "deadline_months": months,
                "template": "progress",
                "is_project_default": True,
                "note": NOTE,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("rounds", "0001_rounds")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
