"""Generate a document from a record, store it with its hash, and journal the generation (or leave the
journaling to the service whose event records the document)."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from itaku.contracts.selectors import contracts_visible_to
from itaku.core.exceptions import ClauseViolation
from itaku.core.files import remove_files_on_error
from itaku.journal.chain import head_hash
from itaku.journal.services import journal_append

from .models import GeneratedDocument
from .renderers import registry


@transaction.atomic
def document_store(*, actor, contract, kind: str, fmt: str, source=None) -> GeneratedDocument:
    """Render ``kind`` of ``contract`` as ``fmt``, hash it and store it, without journaling: for a service
    whose own single event records the document (the approval of a consent records its letter).
    ``source`` is the record the document is about when it is not the contract (a consent for its letter
    …). The document prints the journal head as it stands before the caller's event.

    Anyone who may see the contract may have its documents; ``actor=None`` is the system.
    """
    if actor is not None and not contracts_visible_to(actor).filter(pk=contract.pk).exists():
        raise Http404
    renderer = registry.get((kind, fmt))
    if renderer is None:
        raise ClauseViolation(_("この帳票は作成できません：%(kind)s.%(fmt)s") % {"kind": kind, "fmt": fmt},
                              code="unknown_document")
    head = head_hash()
    extra = {"source": source} if source is not None else {}
    filename, mimetype, content = renderer(contract, journal_head=head, **extra)
    document = GeneratedDocument(
        contract=contract, kind=kind, fmt=fmt, filename=filename, mimetype=mimetype,
        sha256=hashlib.sha256(content).hexdigest(), size=len(content), journal_head=head,
        created_by=actor if actor and actor.pk else None,
    )
    with remove_files_on_error(lambda: document.file):
        document.file.save(filename, ContentFile(content), save=False)
        document.save()
    return document


@transaction.atomic
def document_generate(*, actor, contract, kind: str, fmt: str, source=None) -> GeneratedDocument:
    """Render ``kind`` of ``contract`` as ``fmt`` (K-end for the contract itself), store it with its
    hash (:func:`document_store`) and journal the generation. The journal names the source's own clause
    when it has one (a consent to an assignment: K-5), else the kind's.

    Anyone who may see the contract may have its documents; ``actor=None`` is the system (the
    ``itaku render`` command run by an operator).
    """
    document = document_store(actor=actor, contract=contract, kind=kind, fmt=fmt, source=source)
    with remove_files_on_error(lambda: document.file):
        journal_append(
            actor=actor, action="documents.document.generated", contract=contract,
            clause=getattr(source, "clause", "") or registry.clause_of(kind), obj=document,
            data={"kind": kind, "format": fmt, "filename": document.filename, "sha256": document.sha256,
                  "journal_head": document.journal_head,
                  "source": f"{source._meta.label_lower}:{source.pk}" if source is not None else ""},
        )
    return document
