from django.urls import path

from uprtc.recommendations import continuity_views, views

urlpatterns = [
    path("", views.recommendation_list, name="recommendations-list"),
    path("<id:pk>/", views.recommendation_detail, name="recommendations-detail"),
    path(
        "<id:pk>/suggested/<id:activity_pk>/link/",
        continuity_views.link_suggested,
        name="recommendations-link-suggested",
    ),
    path(
        "continuity/",
        continuity_views.review_index,
        name="recommendations-continuity-index",
    ),
    path(
        "continuity/<str:iso3>/",
        continuity_views.review,
        name="recommendations-continuity",
    ),
]
