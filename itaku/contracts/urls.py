from django.urls import path

from . import views
from .termination.urls import urlpatterns as termination_urls

app_name = "contracts"
urlpatterns = [
    path("", views.contract_list, name="list"),
    path("new/", views.contract_create_view, name="create"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/specification/", views.contract_specification, name="specification"),
    path("<int:pk>/document.<str:fmt>", views.contract_document, name="document"),
    *termination_urls,
]
