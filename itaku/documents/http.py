"""A generated document as the answer to a request: a download with its file name (RFC 6266)."""

from urllib.parse import quote

from django.http import HttpResponse


def attachment(content: bytes, mimetype: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def document_attachment(document) -> HttpResponse:
    """A stored :class:`~itaku.documents.models.GeneratedDocument` as a download."""
    return attachment(document.content, document.mimetype, document.filename)
