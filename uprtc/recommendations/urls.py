from django.urls import path

from uprtc.recommendations import views

urlpatterns = [
    path("", views.recommendation_list, name="recommendations-list"),
    path("<id:pk>/", views.recommendation_detail, name="recommendations-detail"),
]
