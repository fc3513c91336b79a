from django.urls import path

from uprtc.matching import views

REQUEST, OFFER = {"kind": "request"}, {"kind": "offer"}

urlpatterns = [
    path("", views.index, name="matching-index"),
    path("requests/new/", views.create, REQUEST, name="matching-request-create"),
    path("requests/<id:pk>/", views.detail, REQUEST, name="matching-request"),
    path("offers/new/", views.create, OFFER, name="matching-offer-create"),
    path("offers/<id:pk>/", views.detail, OFFER, name="matching-offer"),
    path("matches/<id:pk>/respond/", views.respond, name="matching-respond"),
    path("plan/", views.plan_view, name="matching-plan"),
    path(
        "requests/<id:pk>/status/",
        views.change,
        REQUEST,
        name="matching-request-status",
    ),
    path("offers/<id:pk>/active/", views.change, OFFER, name="matching-offer-active"),
]
