from django.urls import path

from uprtc.actors import views

urlpatterns = [
    path("<id:pk>/", views.organization_detail, name="organizations-detail"),
]
