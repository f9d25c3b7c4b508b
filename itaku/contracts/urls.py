from django.urls import path

from . import lifecycle_views, views
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
    *[path(f"<int:contract_pk>/lifecycle/{key}/", lifecycle_views.lifecycle_action, {"action": key},
           name=f"lifecycle-{key}") for key in lifecycle_views.ACTIONS],
    path("<int:contract_pk>/deliverables/<int:pk>/", lifecycle_views.deliverable_download, name="deliverable"),
    path("<int:contract_pk>/sheets/<str:what>/<int:pk>.pdf", lifecycle_views.calculation_sheet,
         name="calculation-sheet"),
    *termination_urls,
]
