from django.urls import path

from uprtc.opendata import views

urlpatterns = [
    path("", views.data_dictionary, name="opendata-index"),
]
