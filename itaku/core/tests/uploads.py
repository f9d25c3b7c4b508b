"""Small uploads whose content is of the kind their name says, for the tests of every app."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 16
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 24


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def ooxml(part: str) -> bytes:
    """A minimal Office Open XML package: [Content_Types].xml and one part (word/, xl/, ppt/)."""
    return _zip({"[Content_Types].xml": b'<?xml version="1.0"?><Types/>', part: b"<document/>"})


def odf(mimetype: str) -> bytes:
    return _zip({"mimetype": mimetype.encode(), "content.xml": b"<office:document-content/>"})


CONTENT = {
    ".pdf": PDF, ".png": PNG, ".jpg": JPEG, ".jpeg": JPEG, ".doc": OLE2, ".xls": OLE2, ".ppt": OLE2,
    ".docx": ooxml("word/document.xml"), ".xlsx": ooxml("xl/workbook.xml"), ".pptx": ooxml("ppt/presentation.xml"),
    ".odt": odf("application/vnd.oasis.opendocument.text"),
    ".ods": odf("application/vnd.oasis.opendocument.spreadsheet"),
    ".odp": odf("application/vnd.oasis.opendocument.presentation"),
    ".zip": _zip({"readme.txt": b"sample"}), ".txt": "報告書（サンプル）\n".encode(),
    ".csv": "項目,金額\n委託料,1000\n".encode(),
}


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    """An upload named ``name`` holding ``content``, or a small file of the kind its extension names."""
    if content is None:
        content = CONTENT["." + name.rsplit(".", 1)[-1].lower()]
    return SimpleUploadedFile(name, content)
