"""Reading ids and years typed into URLs and forms: anything malformed or out of range is None.

Query strings and form fields come from anyone, so a page never passes them to the database as
they are: `?unit=abc`, `?unit=2**70` or a NUL byte would otherwise reach the query and fail there
(a 500). Pure Python, so views, the API and imports share it.
"""

MAX_ID = 2**63 - 1  # the largest primary key PostgreSQL's bigint (and SQLite's integer) holds
MIN_YEAR, MAX_YEAR = 1900, 2100  # the years any page, report or import of the programme may name


def parse_id(raw: object) -> int | None:
    """A positive database id written in decimal digits, or None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if 0 < raw <= MAX_ID else None
    text = str(raw or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def parse_year(raw: object) -> int | None:
    """A year between MIN_YEAR and MAX_YEAR written in digits, or None."""
    text = str(raw if raw is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) != 4:
        return None
    year = int(text)
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def parse_count(raw: object, *, maximum: int = MAX_ID) -> int | None:
    """A non-negative whole number up to `maximum` (versions, offsets, pages), or None."""
    text = str(raw if raw is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    value = int(text)
    return value if value <= maximum else None


class IdConverter:
    """URL converter `<id:pk>`: a database id; anything larger than the database holds is no match (404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        parsed = parse_id(value)
        if parsed is None:
            raise ValueError(value)
        return parsed

    def to_url(self, value: object) -> str:
        return str(value)


class YearConverter:
    """URL converter `<year:year>`: a year between MIN_YEAR and MAX_YEAR; any other is no match (404)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        parsed = parse_year(value)
        if parsed is None:
            raise ValueError(value)
        return parsed

    def to_url(self, value: object) -> str:
        return str(value)


def clean_text(raw: object, *, max_length: int = 200) -> str:
    """A search or filter text: NUL and other control characters dropped (PostgreSQL refuses NUL
    in text), trimmed and cut to `max_length`."""
    text = "".join(ch for ch in str(raw or "") if ch.isprintable() or ch == " ")
    return text.strip()[:max_length]
