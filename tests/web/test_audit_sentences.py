"""The audit log reads as sentences in the office's language: who did what to which object, the
old and new values as a person writes them, and why — no stored dictionaries, keys or codes."""

import re

import pytest

from ntm.audit.models import AuditRecord
from ntm.indicators.models import IndicatorValue

pytestmark = pytest.mark.django_db


def _table(text: str) -> str:
    return text.split('data-testid="audit"')[1].split("</table>")[0]


def test_a_corrected_value_reads_as_a_sentence(login, ban_bo):
    officer = login("xa.banbo")
    current = IndicatorValue.objects.get(
        unit=ban_bo, set_code="xa-ntm-2021", period="2024", indicator_code="3.1", is_current=True
    )
    from ntm.indicators.selectors import input_text

    form = {
        "set": "xa-ntm-2021",
        "orig_3.1": input_text(current.value),
        "ver_3.1": current.version,
        "v_3.1": "50,5",
        "reason": "đo lại",
    }
    officer.post(f"/units/{ban_bo.pk}/data/2024/", form)
    old = input_text(current.value)
    table = _table(login("quantri").get("/audit/", {"action": "value.save", "q": "Bản Bo"}).text)
    who = "Cán bộ xã Bản Bo (mẫu)"
    assert f"{who} sửa chỉ tiêu 3.1 của Xã Bản Bo năm 2024: {old}% → 50,5%, lý do “đo lại”" in table


def test_no_record_shows_a_dictionary_or_an_action_code(login):
    actions = list(AuditRecord.objects.order_by().values_list("action", flat=True).distinct())
    assert len(actions) >= 3  # the demo writes several kinds
    admin = login("quantri")
    for action in actions:
        page = admin.get("/audit/", {"action": action}).text
        table = _table(page)
        assert "{'" not in table and "': " not in table, action
        assert action not in re.sub(r"<[^>]+>", "", table), action
        assert f'<option value="{action}" selected>' in page  # the filter names the action in words
