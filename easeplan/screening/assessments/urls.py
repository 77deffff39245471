"""Therapists' assessments and referral letters."""

from django.urls import path

from . import views

app_name = "assessments"

staff_urlpatterns = [
    path("clients/<str:code>/assessments/new/", views.new_assessment, name="new"),
    path("assessments/<str:code>/", views.assessment_detail, name="detail"),
    path("assessments/<str:code>/referral/", views.new_referral, name="referral"),
    path("referrals/<str:code>/", views.referral_letter, name="letter"),
]
