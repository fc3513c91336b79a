"""Each person's e-mail choices, and the unsubscribe link of every e-mail
(``/<lang>/notifications/…``)."""

from django.urls import path

from uprtc.notifications import views

urlpatterns = [
    path("preferences/", views.preferences, name="notifications-preferences"),
    path(
        "unsubscribe/<str:token>/",
        views.unsubscribe,
        name="notifications-unsubscribe",
    ),
]
