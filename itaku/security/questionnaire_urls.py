from django.urls import path

from . import questionnaire_views as views

C = "contracts/<int:contract_pk>/security/sheet"
urlpatterns = [
    path(f"{C}/new/", views.sheet_new, name="sheet_new"),
    path(f"{C}/versions/<int:pk>/", views.version_detail, name="sheet_version"),
    path(f"{C}/versions/<int:pk>/answers/", views.version_answers, name="sheet_answers"),
    path(f"{C}/versions/<int:pk>/submit/", views.version_submit, name="sheet_submit"),
    path(f"{C}/versions/<int:pk>/review/", views.version_review, name="sheet_review"),
    path(f"{C}/versions/<int:pk>/fs.<str:fmt>", views.version_document, name="sheet_document"),
    path(f"{C}/compare/", views.version_compare, name="sheet_compare"),
    path("security/sheets/", views.overview, name="sheets"),
    path("security/sheets/sheets.xlsx", views.overview_xlsx, name="sheets_xlsx"),
]
