from django.urls import path

from uprtc.notifications import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("notifications/read/", views.mark_read, name="notifications-read"),
]
