"""The contract hub's section 「文書」: the contract document to generate (PDF, Word), the specification,
and every document generated for the contract (the contract itself, consent letters, calculation
sheets …), newest first, a page at a time, each with its SHA-256 and the journal head it printed."""

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from itaku.contracts import panels

from . import selectors
from .renderers import registry

PER_PAGE = 12


@panels.register(key="documents", order=85, template="documents/panel.html", title=_("文書"))
def documents_panel(request, contract) -> dict:
    page = Paginator(selectors.contract_documents(request.user, contract), PER_PAGE).get_page(request.GET.get("page"))
    documents = list(page.object_list)
    for document in documents:
        document.title = registry.title_of(document.kind)
    return {"documents": documents, "page": page}
