from django.urls import path

from . import views

app_name = "obligations"
urlpatterns = [
    path("obligations/<int:pk>/waive/", views.obligation_waive_view, name="waive"),
    path("work/", views.work_list, name="work"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="feed"),
]
