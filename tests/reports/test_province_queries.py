"""The province's official tables are built in a number of queries that does not grow with its
districts or communes (the review counted 933 for Thanh Hóa "as of" a day, then 3 to 8 a district)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ntm.reports.province import build_province_tables
from ntm.units.models import AdminUnit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("as_of", [None, datetime.date.today()])
def test_queries_do_not_grow_with_districts_or_communes(lai_chau, as_of):
    """Đà Nẵng (1 sheet, 11 communes), Bắc Kạn (8, 95), Hà Nội (18, 345): the same queries. Lai
    Châu's demo data "as of" a day adds the reads of the evaluation, once for the province."""
    counts = []
    sizes = set()
    for code in ("48", "06", "01"):
        province = AdminUnit.objects.get(code=code, level=1, valid_to__isnull=False)
        with CaptureQueriesContext(connection) as queries:
            report = build_province_tables(province, 2024, as_of=as_of)
        counts.append(len(queries))
        sizes.add((len(report.tables), sum(len(t.rows) for t in report.tables)))
    with CaptureQueriesContext(connection) as queries:
        build_province_tables(lai_chau, 2024, as_of=as_of)
    assert len(sizes) == 3 and len(set(counts)) == 1
    assert counts[0] <= len(queries) < 20
