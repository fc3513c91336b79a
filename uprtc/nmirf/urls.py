from django.urls import path

from uprtc.nmirf import views

urlpatterns = [
    path("export/", views.export, name="nmirf-export"),
    path("<str:iso3>/import/", views.upload, name="nmirf-import"),
]
