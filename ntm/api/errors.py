"""Errors as JSON with a Vietnamese `detail`, one handler per kind of refusal."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError, ValidationError

from ntm.indicators.versions import InvalidInput, ValueConflict


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
        return respond(request, 404, detail="Không tìm thấy.")

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
