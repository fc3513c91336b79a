from django.urls import path

from uprtc.actors import views

urlpatterns = [
    path("<int:pk>/", views.organization_detail, name="organizations-detail"),
]
