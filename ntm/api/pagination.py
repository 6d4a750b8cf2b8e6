"""limit/offset pagination with the total, the same shape for every list of the API."""

from typing import Generic, TypeVar

from ninja import Field, Schema

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_OFFSET = 10**9  # far beyond any list; larger values would overflow the database's integers


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Số mục tối đa trả về")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Bỏ qua bao nhiêu mục đầu")


class Page(Schema, Generic[T]):
    total: int = Field(description="Tổng số mục khớp bộ lọc")
    limit: int
    offset: int
    items: list[T]


def paginate(rows, params: PageParams) -> dict:
    """`rows` is a queryset (counted in the database) or a list."""
    total = rows.count() if hasattr(rows, "count") and not isinstance(rows, list) else len(rows)
    items = rows[params.offset : params.offset + params.limit]
    return {"total": total, "limit": params.limit, "offset": params.offset, "items": list(items)}
