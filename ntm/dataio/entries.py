"""The entries read from a file, held column by column.

A national file is a million values. Held as one tuple per entry (with its own row number, texts
and cell object) they took about 275 bytes each, and the check added as much again (perf review
2026-12 §4: 558 MB before anything was written). Here every entry is a few machine integers in
arrays — texts (sheet, unit reference, column, set, code, source) are numbered once per file —
plus a reference to its cell, shared with every other cell of the same content: about 50 bytes.
`Entry` is the view of one of them, built when asked for.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import NamedTuple

SHARED_CELLS = 200_000  # distinct cell contents shared between entries (beyond, each keeps its own)


class Entry(NamedTuple):
    """One value (or recorded status) as found in the file, with where to point when it is wrong."""

    sheet: str
    row: int
    unit_ref: str  # "#<id>" from a template's key column, or the unit code as typed
    unit_column: str
    set_code: str
    year: int
    code: str  # indicator code (values) or criterion code (statuses)
    raw: object
    value_column: str
    source: str
    is_status: bool


class Texts:
    """Each distinct text of a file once, numbered in order of appearance."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.texts: list[str] = []

    def number(self, text: str) -> int:
        found = self.numbers.get(text)
        if found is None:
            found = self.numbers[text] = len(self.texts)
            self.texts.append(text)
        return found


class Entries:
    """Every entry of a file in read order; `entries[i]` is the `Entry` at position i."""

    def __init__(self) -> None:
        self.texts = Texts()
        self.sheet = array("I")
        self.row = array("I")
        self.unit_ref = array("I")
        self.unit_column = array("I")
        self.set_code = array("I")
        self.year = array("H")
        self.code = array("I")
        self.value_column = array("I")
        self.source = array("I")
        self.is_status = bytearray()
        self.raw: list = []
        self._cells: dict[tuple, object] = {}

    def append(
        self,
        sheet: str,
        row: int,
        unit_ref: str,
        unit_column: str,
        set_code: str,
        year: int,
        code: str,
        raw: object,
        value_column: str,
        source: str,
        is_status: bool,
    ) -> None:
        number = self.texts.number
        self.sheet.append(number(sheet))
        self.row.append(row)
        self.unit_ref.append(number(unit_ref))
        self.unit_column.append(number(unit_column))
        self.set_code.append(number(set_code))
        self.year.append(year)
        self.code.append(number(code))
        self.value_column.append(number(value_column))
        self.source.append(number(source))
        self.is_status.append(is_status)
        self.raw.append(self._shared(raw))

    def appender(self, sheet: str, unit_column: str, value_column: str, is_status: bool):
        """`append` for the rows of one long table, whose sheet, columns and kind never change:
        `add(row, unit_ref, set_code, year, code, raw, source)`, with the names looked up once."""
        number, numbers, cells = self.texts.number, self.texts.numbers, self._cells
        sheet_no, unit_column_no, value_column_no = number(sheet), number(unit_column), number(value_column)
        sheets, unit_columns = self.sheet.append, self.unit_column.append
        value_columns, statuses = self.value_column.append, self.is_status.append
        rows, refs = self.row.append, self.unit_ref.append
        sets, years, codes = self.set_code.append, self.year.append, self.code.append
        sources, raws = self.source.append, self.raw.append

        def add(row: int, unit_ref: str, set_code: str, year: int, code: str, raw, source: str) -> None:
            sheets(sheet_no)
            unit_columns(unit_column_no)
            value_columns(value_column_no)
            statuses(is_status)
            rows(row)
            found = numbers.get(unit_ref)
            refs(number(unit_ref) if found is None else found)
            sets(numbers.get(set_code) or number(set_code))
            years(year)
            codes(numbers.get(code) or number(code))
            sources(numbers.get(source) or number(source))
            shared = cells.get((raw.__class__, raw))
            raws(self._shared(raw) if shared is None else shared)

        return add

    def _shared(self, raw: object) -> object:
        """The cell's content, the same object as an earlier equal cell's (1 and 1.0 and True are
        equal but not the same content: the type is part of the key)."""
        key = (raw.__class__, raw)
        found = self._cells.get(key)
        if found is None:
            if len(self._cells) < SHARED_CELLS:
                self._cells[key] = raw
            return raw
        return found

    def __len__(self) -> int:
        return len(self.row)

    def __getitem__(self, i: int) -> Entry:
        text = self.texts.texts
        return Entry(
            text[self.sheet[i]],
            self.row[i],
            text[self.unit_ref[i]],
            text[self.unit_column[i]],
            text[self.set_code[i]],
            self.year[i],
            text[self.code[i]],
            self.raw[i] if self.raw else None,
            text[self.value_column[i]],
            text[self.source[i]],
            bool(self.is_status[i]),
        )

    def __iter__(self) -> Iterator[Entry]:
        return (self[i] for i in range(len(self)))

    def forget_cells(self) -> None:
        """Drop the cells' contents once checked (what they mean is in the plan): `raw` reads None."""
        self.raw = []
        self._cells = {}
