from django.urls import path

from uprtc.activities import evidence_views, views, workflow_views

urlpatterns = [
    path("", views.activity_list, name="activities-list"),
    path("new/", views.activity_create, name="activities-create"),
    path("upload/", views.bulk_upload, name="activities-upload"),
    path("upload/template.<str:fmt>", views.bulk_template, name="activities-template"),
    path("<id:pk>/", views.activity_detail, name="activities-detail"),
    path("<id:pk>/edit/", views.activity_edit, name="activities-edit"),
    path("<id:pk>/submit/", workflow_views.submit, name="activities-submit"),
    path("<id:pk>/review/", workflow_views.review, name="activities-review"),
    path("<id:pk>/consent/", workflow_views.consent, name="activities-consent"),
    path("<id:pk>/merge/", workflow_views.merge, name="activities-merge"),
    path(
        "<id:pk>/changes/<id:rid>/review/",
        workflow_views.revision,
        name="activities-revision",
    ),
    path(
        "consents/<id:pk>/evidence",
        evidence_views.consent_evidence,
        name="activities-consent-evidence",
    ),
]
