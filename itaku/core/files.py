"""Files stored by a service must not outlive the transaction that failed to record them; an upload
is what its name says it is."""

import zipfile
from contextlib import contextmanager


@contextmanager
def remove_files_on_error(*fieldfiles_of):
    """Run the block; if it raises, delete the files that ``fieldfiles_of()`` returns, then re-raise.

    Storage is not transactional: a file stored before a database error waits in the pending area
    (:mod:`itaku.core.storage`) until the commit that does not come; removing it at once keeps the area
    clean (``verifyfiles --repair`` would remove it later).
    """
    from .storage import discard

    try:
        yield
    except BaseException:
        for get in fieldfiles_of:
            fieldfile = get()
            if fieldfile and fieldfile._committed:  # stored by this block, not merely uploaded
                discard(fieldfile)
        raise


# The kinds of document people upload and others open: PDF, Word, Excel, OpenDocument, text. The
# specification (K-1) and every attached document use this one list.
DOCUMENT_EXTENSIONS = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".odt", ".txt")


def check_documents(files, *, clause: str, field: str) -> None:
    """Refuse, with ``clause``, an upload that is not a document of a listed kind or exceeds the limit
    (``settings.ITAKU_MAX_UPLOAD_BYTES``)."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    from .exceptions import ClauseViolation

    for f in files:
        if not f.name.lower().endswith(DOCUMENT_EXTENSIONS):
            raise ClauseViolation(
                _("%(name)s：PDF・Word・Excel・OpenDocument・テキストのファイルにしてください。") % {"name": f.name},
                code="file_type", clause=clause, field=field,
            )
        if f.size > settings.ITAKU_MAX_UPLOAD_BYTES:
            raise ClauseViolation(
                _("%(name)s：ファイルが大きすぎます（上限 %(limit)s バイト）。")
                % {"name": f.name, "limit": settings.ITAKU_MAX_UPLOAD_BYTES},
                code="file_too_large", clause=clause, field=field,
            )
        check_content(f, clause=clause, field=field)


# -- what a file is, by its content ------------------------------------------------------------------
#
# Each accepted extension names the kind of content it must hold. The signatures are those of the
# formats' specifications: PDF (ISO 32000: "%PDF-"), PNG ("\x89PNG\r\n\x1a\n"), JPEG (SOI marker FF D8 FF),
# the OLE2 compound file of legacy Office documents (D0 CF 11 E0 A1 B1 1A E1), ZIP ("PK\x03\x04", or
# "PK\x05\x06" for an empty archive). Office Open XML (ECMA-376) is a ZIP holding "[Content_Types].xml" and
# the part of its application; OpenDocument (ISO 26300) is a ZIP whose "mimetype" entry names its type.
# Text is UTF-8 or Shift_JIS (CP932), without NUL bytes and without markup a browser would run or draw.

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
OOXML_PARTS = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
ODF_TYPES = {".odt": "application/vnd.oasis.opendocument.text",
             ".ods": "application/vnd.oasis.opendocument.spreadsheet",
             ".odp": "application/vnd.oasis.opendocument.presentation"}
# Markup that makes a "text" file a page, a drawing or a script when a browser opens it.
MARKUP = (b"<html", b"<!doctype", b"<head", b"<body", b"<script", b"<svg", b"<?xml", b"<iframe", b"<object",
          b"<embed", b"<meta", b"<link", b"<style", b"<img", b"<form", b"<math", b"javascript:")
HEAD_BYTES = 8192


def _read_all(f) -> bytes:
    f.seek(0)
    data = f.read()
    f.seek(0)
    return data


def _head(f) -> bytes:
    f.seek(0)
    data = f.read(HEAD_BYTES)
    f.seek(0)
    return data


def _zip_names(f) -> tuple[list[str], zipfile.ZipFile | None]:
    f.seek(0)
    try:
        archive = zipfile.ZipFile(f)
        return archive.namelist(), archive
    except (zipfile.BadZipFile, OSError, ValueError):
        return [], None


def _is_ooxml(f, ext: str) -> bool:
    names, archive = _zip_names(f)
    f.seek(0)
    return archive is not None and "[Content_Types].xml" in names and any(
        n.startswith(OOXML_PARTS[ext]) for n in names)


def _is_odf(f, ext: str) -> bool:
    names, archive = _zip_names(f)
    try:
        return archive is not None and "mimetype" in names and archive.read("mimetype").strip() == \
            ODF_TYPES[ext].encode()
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return False
    finally:
        f.seek(0)


def is_plain_text(data: bytes) -> bool:
    """UTF-8 (with or without a BOM) or Shift_JIS text, without NUL bytes and without markup."""
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "cp932"):
        try:
            data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return False
    lowered = data.lower()
    return not any(marker in lowered for marker in MARKUP)


def content_matches(f, ext: str) -> bool:
    """Whether the content of the upload ``f`` is of the kind its extension ``ext`` (".pdf") names."""
    head = _head(f)
    if ext == ".pdf":
        return head.startswith(b"%PDF-")
    if ext == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext in (".doc", ".xls", ".ppt"):
        return head.startswith(OLE2)
    if ext in OOXML_PARTS:
        return head.startswith(ZIP_SIGNATURES) and _is_ooxml(f, ext)
    if ext in ODF_TYPES:
        return head.startswith(ZIP_SIGNATURES) and _is_odf(f, ext)
    if ext == ".zip":
        return head.startswith(ZIP_SIGNATURES)
    if ext in (".txt", ".csv"):
        return is_plain_text(_read_all(f))
    return False  # an extension without a known content is not accepted


def check_content(f, *, clause: str | None, field: str) -> None:
    """Refuse, with ``clause`` and naming ``field``, an upload whose name has control characters or whose
    content is not what its extension says (an executable named .pdf, a web page named .txt, a drawing
    (SVG) named .pdf)."""
    from django.utils.translation import gettext as _

    from . import hygiene
    from .exceptions import ClauseViolation

    try:
        hygiene.clean_text(f.name)
    except hygiene.InputRefused as exc:
        raise ClauseViolation(exc.message, code=exc.code, clause=clause, field=field) from exc
    name = f.name.rsplit("/", 1)[-1]
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if not content_matches(f, ext):
        raise ClauseViolation(
            _("%(name)s：ファイルの内容が拡張子（%(ext)s）の形式ではありません。") % {"name": name, "ext": ext},
            code="file_content", clause=clause, field=field)
