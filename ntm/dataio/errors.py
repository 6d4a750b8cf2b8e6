"""The errors of one import, counted in full but kept only as the first `KEPT` in file order.

A file spoiled throughout (a wrong column on every one of a million rows) would otherwise hold a
million messages: nobody reads past the first screens, and the web job stores the first thousand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ntm.tabular import RowError

KEPT = 1000  # errors kept (the web job shows and stores as many)


class ErrorLog:
    """Collects `RowError`s in any order; `first()` is the first `keep` in (sheet, row, column)
    order, `count` how many there were. Memory stays at about twice `keep` errors."""

    def __init__(self, sheets: Sequence[str] = (), keep: int = KEPT):
        self.sheets = {name: index for index, name in enumerate(sheets)}
        self.keep = keep
        self.count = 0
        self._kept: list[RowError] = []

    def append(self, error: RowError) -> None:
        self.count += 1
        self._kept.append(error)
        if len(self._kept) >= 2 * self.keep:
            self._trim()

    def __bool__(self) -> bool:
        return self.count > 0

    def first(self) -> list[RowError]:
        self._trim()
        return list(self._kept)

    def _trim(self) -> None:
        self._kept.sort(key=self._order())
        del self._kept[self.keep :]

    def _order(self) -> Callable[[RowError], tuple]:
        sheets = self.sheets

        def key(error: RowError) -> tuple:
            column = error.column
            letters = column.isalpha() and column.isupper()
            return (sheets.get(error.sheet, 99), error.row, (len(column), column) if letters else (0, column))

        return key
