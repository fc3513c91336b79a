"""A signed-in person's own pages, under ``/<lang>/accounts/`` beside allauth's."""

from django.urls import path

from uprtc.actors import onboarding_views as onboarding
from uprtc.actors import views

urlpatterns = [
    path("enrol/", views.enrolment_page, name="actors-enrolment"),
    path("enrol/send/", views.enrolment_send, name="actors-enrolment-send"),
    path("enrol/<str:token>/", views.enrol, name="actors-enrol"),
    path("tokens/", views.tokens, name="actors-tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="actors-token-revoke"),
    # open, vetted onboarding
    path("start/", onboarding.start, name="actors-onboarding"),
    path("join/", onboarding.join, name="actors-join"),
    path("register-organization/", onboarding.register, name="actors-register"),
    path("members/", onboarding.memberships, name="actors-memberships"),
    path("members/<int:pk>/decide/", onboarding.decide, name="actors-decide"),
    path("vetting/", onboarding.vetting, name="actors-vetting"),
    path("vetting/<int:pk>/", onboarding.vet, name="actors-vet"),
    path(
        "organizations/<int:pk>/anonymity/",
        onboarding.anonymity,
        name="actors-anonymity",
    ),
]
