"""The documents' pages under contracts/<contract_pk>/ (included by the contracts app's urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:contract_pk>/documents/<int:pk>/", views.document_download, name="generated-document"),
]
