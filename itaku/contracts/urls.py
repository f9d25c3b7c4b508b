import re

from django.urls import path, register_converter

from itaku.documents.urls import urlpatterns as document_urls

from . import panels, views
from .lifecycle.urls import urlpatterns as lifecycle_urls
from .termination.urls import urlpatterns as termination_urls


class SectionConverter:
    """The key of a registered section with a tab (see panels.py), so that other apps' URLs under
    contracts/<pk>/ (``late-payment-rate/`` …) are not taken for sections. The URLconf is read after
    every app has registered its sections."""

    @property
    def regex(self) -> str:
        return "|".join(re.escape(p.key) for p in panels.tabbed()) or "(?!)"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SectionConverter, "section")

app_name = "contracts"
urlpatterns = [
    path("", views.contract_list, name="list"),
    path("new/", views.contract_create_view, name="create"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/activate/", views.contract_activate_view, name="activate"),
    path("<int:pk>/specification/", views.contract_specification, name="specification"),
    path("<int:pk>/document.<str:fmt>", views.contract_document, name="document"),
    # K-11, K-12, K-13, K-17: completion, inspection, invoice, payment, penalty, close, performed parts
    *lifecycle_urls,
    *termination_urls,
    *document_urls,
    # The hub's sections (see panels.py).
    path("<int:pk>/<section:section>/", views.contract_section, name="section"),
]
