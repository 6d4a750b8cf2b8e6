"""Errors as JSON with a Vietnamese `detail`, one handler per kind of refusal.

Nothing under /api/ answers with an HTML page: unknown paths get a JSON 404 (`not_found_view`,
installed as the project's 404 handler for /api/ paths) and an unexpected exception a JSON 500,
logged with its traceback for the operator."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from ninja.errors import AuthenticationError, HttpError, ValidationError

from ntm.indicators.versions import InvalidInput, ValueConflict

logger = logging.getLogger("ntm.api")

NOT_FOUND = "Không tìm thấy."
SERVER_ERROR = (
    "Lỗi máy chủ: yêu cầu chưa được thực hiện, không có gì được ghi. Hãy thử lại sau hoặc báo quản trị viên."
)


def is_api_path(request) -> bool:
    return request.path.startswith("/api/")


def not_found_json(request) -> JsonResponse:
    return JsonResponse({"detail": NOT_FOUND}, status=404, json_dumps_params={"ensure_ascii": False})


def server_error_json(request) -> JsonResponse:
    return JsonResponse({"detail": SERVER_ERROR}, status=500, json_dumps_params={"ensure_ascii": False})


def install(api) -> None:
    def respond(request, status: int, **body):
        return api.create_response(request, body, status=status)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        detail = (
            exc.message if exc.message != "Unauthorized" else "Cần đăng nhập hoặc gửi mã truy cập hợp lệ."
        )
        response = respond(request, 401, detail=detail)
        response["WWW-Authenticate"] = 'Bearer realm="ntm"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return respond(request, exc.status_code, detail=exc.message)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, detail=NOT_FOUND)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, detail=str(exc) or "Bạn không có quyền thực hiện thao tác này.")

    @api.exception_handler(ValidationError)
    def invalid_request(request, exc):
        return respond(
            request,
            422,
            detail="Yêu cầu không hợp lệ: kiểm tra các tham số và dữ liệu gửi lên.",
            errors=exc.errors,
        )

    @api.exception_handler(InvalidInput)
    def invalid_input(request, exc):
        return respond(
            request,
            422,
            detail="Không lưu được: có giá trị không hợp lệ, chưa có gì được ghi.",
            errors=exc.errors,
        )

    @api.exception_handler(ValueConflict)
    def conflict(request, exc):
        return respond(
            request,
            409,
            detail="Có người đã lưu giá trị mới hơn sau khi bạn đọc dữ liệu; chưa có gì được ghi. "
            "Đọc lại giá trị mới rồi gửi lại với phiên bản đúng.",
            conflicts=[
                {
                    "code": c.code,
                    "expected_version": c.expected_version,
                    "current_version": c.current_version,
                    "current_value": c.current_value,
                    "author": c.author,
                }
                for c in exc.conflicts
            ],
        )

    @api.exception_handler(Exception)
    def unexpected(request, exc):
        """A bug, or the database gone: the transaction is already rolled back by then."""
        logger.exception("Unhandled API error on %s %s", request.method, request.path)
        return respond(request, 500, detail=SERVER_ERROR)
