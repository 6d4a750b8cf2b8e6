"""Name folding for diacritic-insensitive search ("ban bo" finds "Xã Bản Bo")."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case ASCII form of a Vietnamese name: tone marks and hooks removed, đ → d, spaces collapsed."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_only = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    cleaned = re.sub(r"[^0-9A-Za-z]+", " ", ascii_only)
    return _SPACES.sub(" ", cleaned).strip().lower()


def tidy(name: str) -> str:
    """Collapse the doubled spaces some source datasets carry ("Phường  Rạch Dừa") and normalise to NFC."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name)).strip()
