"""A signed-in person's own pages, under ``/<lang>/accounts/`` beside allauth's."""

from django.urls import path

from uprtc.actors import views

urlpatterns = [
    path("enrol/", views.enrolment_page, name="actors-enrolment"),
    path("enrol/send/", views.enrolment_send, name="actors-enrolment-send"),
    path("enrol/<str:token>/", views.enrol, name="actors-enrol"),
    path("tokens/", views.tokens, name="actors-tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="actors-token-revoke"),
]
