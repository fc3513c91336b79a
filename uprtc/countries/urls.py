from django.urls import path

from uprtc.countries import views

urlpatterns = [
    path("", views.country_list, name="countries-list"),
    path("<str:iso3>/", views.country_detail, name="countries-detail"),
]
