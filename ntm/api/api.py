"""The REST API (django-ninja): one router per resource, session or bearer-token authentication on
every data endpoint, OpenAPI schema at /api/openapi.json and its browsable docs at /api/docs."""

import datetime

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from . import errors
from .auth import BearerTokenAuth, SessionCsrfAuth
from .routers import assessments, catalogs, dossiers, me, rollups, rounds, statuses, units, values

DESCRIPTION = """
API của hệ thống theo dõi, đánh giá nông thôn mới.

**Xác thực**: phiên đăng nhập của trình duyệt (các phương thức ghi cần tiêu đề `X-CSRFToken`)
hoặc mã truy cập do quản trị viên cấp: `Authorization: Bearer ntm_…`. Mã truy cập mang đúng vai trò
và phạm vi của người dùng sở hữu nó.

**Phạm vi**: người dùng chỉ xem được đơn vị thuộc phạm vi được phân quyền (đơn vị đó và các đơn vị
trực thuộc); quản trị viên xem được tất cả. Danh sách được lọc theo phạm vi; yêu cầu một đơn vị
ngoài phạm vi trả về 403.

Lỗi trả về JSON có trường `detail` (tiếng Việt). Xem thêm docs/api.md.
"""


class ExactJSONEncoder(NinjaJSONEncoder):
    """Times at the stored precision (microseconds): Django's encoder cuts them to milliseconds, and
    `?at=<created_at of a version>` must read back that very version, not the one before it."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Utf8JSONRenderer(JSONRenderer):
    """Vietnamese stays readable in responses ("Bản Bo", not "B\\u1ea3n Bo")."""

    encoder_class = ExactJSONEncoder
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="ntm — API nông thôn mới",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[BearerTokenAuth(), SessionCsrfAuth()],
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=Utf8JSONRenderer(),
)
errors.install(api)

api.add_router("/me", me.router)
api.add_router("/units", units.router)
api.add_router("/catalogs", catalogs.router)
api.add_router("/values", values.router)
api.add_router("/statuses", statuses.router)
api.add_router("/assessments", assessments.router)
api.add_router("/rollups", rollups.router)
api.add_router("/rounds", rounds.router)
api.add_router("/dossiers", dossiers.router)
