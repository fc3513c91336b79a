from django.urls import path

from uprtc.activities import evidence_views, views, workflow_views

urlpatterns = [
    path("", views.activity_list, name="activities-list"),
    path("new/", views.activity_create, name="activities-create"),
    path("upload/", views.bulk_upload, name="activities-upload"),
    path("upload/template.<str:fmt>", views.bulk_template, name="activities-template"),
    path("<int:pk>/", views.activity_detail, name="activities-detail"),
    path("<int:pk>/edit/", views.activity_edit, name="activities-edit"),
    path("<int:pk>/submit/", workflow_views.submit, name="activities-submit"),
    path("<int:pk>/review/", workflow_views.review, name="activities-review"),
    path("<int:pk>/consent/", workflow_views.consent, name="activities-consent"),
    path("<int:pk>/merge/", workflow_views.merge, name="activities-merge"),
    path(
        "<int:pk>/changes/<int:rid>/review/",
        workflow_views.revision,
        name="activities-revision",
    ),
    path(
        "consents/<int:pk>/evidence",
        evidence_views.consent_evidence,
        name="activities-consent-evidence",
    ),
]
