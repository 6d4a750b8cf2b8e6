import pytest

from ntm.core.names import fold
from ntm.units.selectors import search_units


def test_fold_removes_tone_marks_and_d_stroke():
    assert fold("Xã Bản Bo") == "xa ban bo"
    assert fold("Đắk  Lắk") == "dak lak"
    assert fold("Thừa Thiên Huế") == "thua thien hue"


@pytest.mark.django_db
def test_search_without_diacritics_finds_ban_bo_in_both_eras():
    results = list(search_units("ban bo"))
    names = {(u.name, u.valid_from is None) for u in results}
    assert ("Xã Bản Bo", True) in names and ("Xã Bản Bo", False) in names


@pytest.mark.django_db
def test_search_by_code_and_with_diacritics():
    assert any(u.name == "Xã Bản Bo" for u in search_units("03424"))
    assert any(u.name == "Huyện Tam Đường" for u in search_units("Tam Đường"))
    assert list(search_units("   ")) == []
