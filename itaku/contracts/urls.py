from django.urls import path

from itaku.documents.urls import urlpatterns as document_urls

from . import views
from .lifecycle.urls import urlpatterns as lifecycle_urls
from .termination.urls import urlpatterns as termination_urls

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
    # The hub's sections (see panels.py): last, so that the explicit URLs above win.
    path("<int:pk>/<slug:section>/", views.contract_section, name="section"),
]
