"""The site's URLs plus the floor (benchmark settings only)."""

from django.urls import path

from config.urls import handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site

from . import views

urlpatterns = [
    path("bench/floor/", views.floor_html, name="bench-floor"),
    path("bench/floor.json", views.floor_json, name="bench-floor-json"),
    *site,
]
