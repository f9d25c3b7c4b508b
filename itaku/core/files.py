"""Files stored by a service must not outlive the transaction that failed to record them."""

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
