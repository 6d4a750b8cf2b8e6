"""One entry point for the three formats of a `Report`."""

from .document import Report

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)


def render(report: Report, fmt: str) -> bytes:
    if fmt == "docx":
        from .render_docx import render_docx

        return render_docx(report)
    if fmt == "pdf":
        from .render_pdf import render_pdf

        return render_pdf(report)
    if fmt == "xlsx":
        from .render_xlsx import render_xlsx

        return render_xlsx(report)
    raise ValueError(f"unknown format {fmt!r}: {', '.join(FORMATS)}")


def filename(report: Report, fmt: str) -> str:
    return f"{report.filename}.{fmt}"
