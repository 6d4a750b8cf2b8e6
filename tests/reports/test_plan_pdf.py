"""The plan's PDF: rendered to images with pypdfium2 (saved under test-artifacts/reports/), with the
national motto in its text layer."""

import ctypes
import re
import subprocess

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

pytestmark = pytest.mark.django_db


def test_pdf_renders_with_vietnamese_text(client, login, plan, artifacts):
    login("huyen.tamduong")
    response = client.get(f"/reports/plans/{plan.pk}/pdf/?actuals=1&as_of=2024-12-31")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    (artifacts / "plan-tam-duong-2024.pdf").write_bytes(response.content)
    pdf = pdfium.PdfDocument(response.content)
    assert len(pdf) >= 1
    first = pdf[0]
    text = first.get_textpage().get_text_range()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "KẾ HOẠCH" in text
    width, height = first.get_size()
    assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points
    first.render(scale=1.5).to_pil().save(artifacts / "plan-page-1.png")
    last = pdf[len(pdf) - 1]
    assert last.get_width() > last.get_height()  # attached tables on landscape pages
    last.render(scale=1.2).to_pil().save(artifacts / "plan-page-last.png")
    everything = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "144.771" in everything
    # criteria met against unconfirmed thresholds are marked, with the note saying what it means
    assert "x*" in everything and "tạm tính" in everything
    assert f"1/{len(pdf)}" in text.replace(" ", "")  # page numbers


def _fonts(pdf) -> set[str]:
    """The family of the font drawing each character, without subset prefix and weight suffix."""
    families = set()
    for index in range(len(pdf)):
        text = pdf[index].get_textpage()
        for char in range(text.count_chars()):
            name = ctypes.create_string_buffer(128)
            pdfium_c.FPDFText_GetFontInfo(text, char, name, len(name), None)
            if name.value:  # empty for the line breaks pdfium generates
                families.add(re.sub(r"^[A-Z]{6}\+|-(Bold|Italic|BoldItalic)$", "", name.value.decode()))
    return families


def test_every_character_is_in_liberation_serif(client, login, plan):
    """Liberation Serif has Times New Roman's metrics, so the PDF paginates as the DOCX does in Word;
    no character falls back to another font (fonts-liberation 1.x lacks letters such as "ộ")."""
    installed = subprocess.run(
        ["fc-list", ":family=Liberation Serif:lang=vi", "file"], capture_output=True, text=True
    ).stdout
    if not installed.strip():
        pytest.fail(
            "Liberation Serif with Vietnamese letters is not installed: "
            "apt-get install fonts-liberation2 (./dev does it as root)"
        )
    login("huyen.tamduong")
    response = client.get(f"/reports/plans/{plan.pk}/pdf/")
    assert response.status_code == 200
    assert _fonts(pdfium.PdfDocument(response.content)) == {"Liberation-Serif"}
