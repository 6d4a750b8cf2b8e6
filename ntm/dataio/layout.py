"""The fixed shape of ntm's XLSX templates, shared by the builder and the reader.

Row 1 is a hidden key row: A1 names the sheet's kind, B1 the set, C1 the year, and every data
column from D on carries its indicator (or criterion) code. Column A is a hidden key column: the
unit's id on data rows, "#" on heading and total rows. The reader trusts these cells only, never
the visible headings, so offices may reword, recolour or translate them freely.
"""

VALUES_KEY = "ntm:values:1"
STATUSES_KEY = "ntm:statuses:1"
KEY_PREFIX = "ntm:"
SKIP_MARK = "#"

VALUES_SHEET = "Giá trị chỉ tiêu"
STATUSES_SHEET = "Kết quả tiêu chí"
GUIDE_SHEET = "Hướng dẫn"

FIRST_CODE_COLUMN = 3  # D: the first indicator / criterion column (0-based)
HEADING_ROWS = 6  # key row, title, criterion, indicator, unit of measure, threshold

MET_WORD = "Đạt"
NOT_MET_WORD = "Chưa đạt"
YES_WORD = "có"
NO_WORD = "không"
NA_WORD = "không áp dụng"
