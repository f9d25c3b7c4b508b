from django.urls import path

from . import views

app_name = "rates"
urlpatterns = [
    path("calc/", views.calc, name="calc"),
    path("calc/sheet.pdf", views.calc_sheet, name="calc-sheet"),
    path("rates/", views.rate_tables, name="list"),
    path("contracts/<int:contract_pk>/late-payment-rate/", views.contract_rate, name="contract-rate"),
]
