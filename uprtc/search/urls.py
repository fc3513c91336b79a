from django.urls import path

from uprtc.search import views

urlpatterns = [path("", views.search_page, name="search")]
