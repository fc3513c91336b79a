from django.urls import path

from uprtc.matching import views

urlpatterns = [
    path("", views.index, name="matching-index"),
    path("requests/new/", views.request_create, name="matching-request-create"),
    path("requests/<id:pk>/", views.request_detail, name="matching-request"),
    path("offers/new/", views.offer_create, name="matching-offer-create"),
    path("offers/<id:pk>/", views.offer_detail, name="matching-offer"),
    path("matches/<id:pk>/respond/", views.respond, name="matching-respond"),
    path("plan/", views.plan_view, name="matching-plan"),
    path(
        "requests/<id:pk>/status/",
        views.request_status,
        name="matching-request-status",
    ),
    path("offers/<id:pk>/active/", views.offer_active, name="matching-offer-active"),
]
