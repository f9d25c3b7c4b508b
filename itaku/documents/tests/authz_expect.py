"""Who may reach the documents' URLs (see itaku/api/tests/authz.py)."""

from itaku.api.tests.authz import logged_in, page, section


def prepare(demo, contracts):
    """A generated contract document on each demo contract."""
    from itaku.documents.services import document_generate

    for contract in contracts.values():
        document_generate(actor=demo["officer"], contract=contract, kind="contract", fmt="pdf")


def _document(contract, which):
    from itaku.documents.models import GeneratedDocument

    return {"contract_pk": contract.pk,
            "pk": GeneratedDocument.objects.filter(contract=contract).order_by("-id").first().pk}


EXPECT = {
    # The contract hub's section 「文書」 and a stored document: everyone who sees the contract.
    "contracts:section[documents]": (section("documents"), {"get": page(), "post": logged_in(405)}),
    "contracts:generated-document": (_document, {"get": page(), "post": logged_in(405)}),
}
