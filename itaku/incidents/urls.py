from django.urls import path

from . import views

app_name = "incidents"
prefix = "contracts/<int:contract_pk>/incidents/"
urlpatterns = [
    path(f"{prefix}new/", views.incident_create, name="create"),
    path(f"{prefix}<int:pk>/", views.incident_detail, name="detail"),
    path(f"{prefix}<int:pk>/report.<slug:fmt>", views.incident_document, name="document"),
    path(f"{prefix}<int:pk>/<slug:act>/", views.incident_act, name="act"),
    path(f"{prefix}breaches/new/", views.breach_create, name="breach_create"),
]
