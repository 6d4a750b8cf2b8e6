"""A `Report` as a Word document (python-docx): A4, Times New Roman (LibreOffice substitutes the
metric-compatible Liberation Serif), masthead without borders, tables with merged headings that
repeat on every page, attached tables in landscape sections, page numbers in the footer."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .document import TEXT, Paragraph, Report, Table, text_of

FONT = "Times New Roman"
RED = RGBColor(0xB0, 0x1C, 0x1C)


def render_docx(report: Report) -> bytes:
    doc = Document()
    _base_style(doc)
    section = doc.sections[0]
    _a4(section, landscape=False)
    _page_numbers(section)
    _masthead(doc, report)
    _title(doc, report)
    for block in report.blocks:
        if isinstance(block, Table):
            _table(doc, block, small=False)
        else:
            _paragraph(doc, block)
    if report.signer:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.space_before = Pt(18)
        p.add_run(report.signer).bold = True
    for table in report.appendices:
        new = doc.add_section(WD_SECTION.NEW_PAGE)
        _a4(new, landscape=True)
        _table_heading(doc, table)
        _table(doc, table, small=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _base_style(doc) -> None:
    """Times New Roman everywhere (Nghị định 30/2020, Phụ lục I): the document defaults name it and
    every font any style of python-docx's template names (headings, table styles and their
    conditional parts) is replaced by it, so nothing falls back to the theme's Calibri/Cambria."""
    styles = doc.styles.element
    _name_font(styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")))
    for rpr in styles.iter(qn("w:rPr")):
        if rpr.find(qn("w:rFonts")) is not None:
            _name_font(rpr)
    style = doc.styles["Normal"]
    style.font.size = Pt(13)
    style.paragraph_format.space_after = Pt(4)


def _name_font(rpr) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.lower().endswith("theme"):  # a theme font (asciiTheme, cstheme…) wins over a named one
            del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _a4(section, *, landscape: bool) -> None:
    width, height = Cm(21), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin = Cm(3) if not landscape else Cm(2)
    section.right_margin = Cm(1.5)


def _field(paragraph, code: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        elif text == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
            run._r.append(el)
        else:
            el = OxmlElement("w:t")
            el.text = text
            run._r.append(el)


def _page_numbers(section) -> None:
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(p, "PAGE")


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _line(cell, text: str, *, bold=False, italic=False, size=13, underline=False, first=False):
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    run = p.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    return p


def _masthead(doc, report: Report) -> None:
    m = report.masthead
    table = doc.add_table(rows=2, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    _line(left, m.authority, bold=True, size=12, first=True)
    _line(left, "───────", size=10)
    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, first=True)
    _line(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13, underline=True)
    _line(table.rows[1].cells[0], m.number, size=13, first=True)
    _line(table.rows[1].cells[1], m.place_date, italic=True, size=13, first=True)
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Cm(6.5), Cm(10)


def _title(doc, report: Report) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(12)
    p.paragraph_format.space_after = Pt(0)
    p.add_run(report.kind).bold = True
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(12)
    p.add_run(report.title).bold = True


def _paragraph(doc, block: Paragraph) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    run = p.add_run(block.text)
    if block.style in ("h1", "h2"):
        run.bold = True
        p.paragraph_format.space_before = Pt(6)
    elif block.style == "basis":
        run.italic = True
        p.paragraph_format.first_line_indent = Cm(1)
    elif block.style == "note":
        run.italic = True
    elif block.style == "error":
        run.bold = True
        run.font.color.rgb = RED
    else:
        p.paragraph_format.first_line_indent = Cm(1)


def _table_heading(doc, table: Table) -> None:
    if table.number:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.add_run(table.number).bold = True
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    p.add_run(table.title.upper()).bold = True
    if table.subtitle:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(table.subtitle).italic = True
    if table.unit_note:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.add_run(table.unit_note).italic = True


def _repeat_heading(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _cell_text(cell, text: str, *, bold=False, italic=False, align=None, size=11, color=None) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    if align is not None:
        p.alignment = align
    run = p.add_run(text)
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color


def _table(doc, table: Table, *, small: bool) -> None:
    for error in table.errors:
        p = doc.add_paragraph()
        run = p.add_run(f"Lỗi: {error}")
        run.bold = True
        run.font.color.rgb = RED
    size = 10 if small else 11
    heading = table.header_rows
    grid = doc.add_table(rows=heading + len(table.rows), cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid_rows = list(grid.rows)
    heading_cells = [grid_rows[r].cells for r in range(heading)]  # before merging: grid.cell() is slow
    for r, c, head in table.grid():
        cell = heading_cells[r][c]
        if head.rowspan > 1 or head.colspan > 1:
            cell = cell.merge(heading_cells[r + head.rowspan - 1][c + head.colspan - 1])
        _cell_text(cell, head.text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=size)
    for r in range(heading):
        _repeat_heading(grid_rows[r])
    data_cells = [r.cells for r in grid_rows[heading:]]
    for i, row in enumerate(table.rows):
        cells = data_cells[i]
        bold = row.style in ("group", "total", "error")
        color = RED if row.style == "error" else None
        for c, (column, value) in enumerate(zip(table.columns, row.cells, strict=True)):
            text = text_of(value, column.kind)
            textual = column.kind == TEXT or isinstance(value, str)
            align = WD_ALIGN_PARAGRAPH.LEFT if textual else WD_ALIGN_PARAGRAPH.RIGHT
            if column.kind == "mark" or (textual and len(text) <= 3 and c == 0):
                align = WD_ALIGN_PARAGRAPH.CENTER
            _cell_text(cells[c], text, bold=bold, align=align, size=size, color=color)
            if c == 1 and row.indent:
                cells[c].paragraphs[0].paragraph_format.left_indent = Cm(0.4 * row.indent)
    total = sum(col.width for col in table.columns)
    usable = 25.7 if small else 16.5
    for c, column in enumerate(table.columns):
        width = Cm(usable * column.width / total)
        grid.columns[c].width = width
        for cells in data_cells:
            cells[c].width = width
    for note in table.notes:
        p = doc.add_paragraph()
        run = p.add_run(note)
        run.italic = True
        run.font.size = Pt(size)
