from django.urls import path

from uprtc.coverage import views

urlpatterns = [
    path("", views.global_view, name="coverage-global"),
    path("<str:iso3>/", views.state_view, name="coverage-state"),
]
