"""The dashboard's map says what its colours mean."""

import re
from html import unescape

import pytest

from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db


def test_the_dashboard_map_has_a_legend_of_its_colours(session_as):
    tam_duong = AdminUnit.objects.get(code="106", level=Level.DISTRICT, valid_from__isnull=True)
    html = session_as("huyen.tamduong").get(f"/units/{tam_duong.pk}/dashboard/", {"year": 2024}).text
    legend = html[
        html.index('data-testid="map-legend"') : html.index("</ul>", html.index('data-testid="map-legend"'))
    ]
    items = [" ".join(unescape(re.sub(r"<[^>]+>", " ", li)).split()) for li in legend.split("<li>")[1:]]
    assert items == [
        "Đạt đủ tiêu chí",
        "Từ 75% số tiêu chí",
        "Từ 50% đến dưới 75%",
        "Từ 25% đến dưới 50%",
        "Dưới 25%",
        "chưa có số liệu",
    ]
    assert legend.count('class="swatch sw-') == 6
