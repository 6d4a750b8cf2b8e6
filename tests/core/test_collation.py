"""Vietnamese alphabetical order (`ntm.core.collation`): the letters ă â đ ê ô ơ ư after their
base letters, tone marks after the bare letter — not code-point order."""

from types import SimpleNamespace

from ntm.core.collation import sort_key, sorted_by_name


def test_names_sort_as_a_vietnamese_reader_expects():
    names = ["Bum Tở", "Đồng Tháp", "Vĩnh Long", "Bình Lư", "Gia Lai", "Điện Biên", "Dak Mil", "Bản Bo"]
    assert sorted(names, key=sort_key) == [
        "Bản Bo",
        "Bình Lư",
        "Bum Tở",
        "Dak Mil",
        "Điện Biên",
        "Đồng Tháp",
        "Gia Lai",
        "Vĩnh Long",
    ]


def test_letters_with_breve_circumflex_and_horn_follow_their_base_letter():
    assert sorted(["Ăn", "Az", "Âu", "An"], key=sort_key) == ["An", "Az", "Ăn", "Âu"]
    assert sorted(["Ơn", "Ôn", "Oz"], key=sort_key) == ["Oz", "Ôn", "Ơn"]
    assert sorted(["Ưa", "Uz", "Vy"], key=sort_key) == ["Uz", "Ưa", "Vy"]
    assert sorted(["Thèn Sin", "Tả Lèng"], key=sort_key) == ["Tả Lèng", "Thèn Sin"]


def test_sorted_by_name_takes_objects():
    units = [SimpleNamespace(name=n) for n in ("Xã Đồng Tâm", "Xã Dũng Tiến")]
    assert [u.name for u in sorted_by_name(units)] == ["Xã Dũng Tiến", "Xã Đồng Tâm"]
