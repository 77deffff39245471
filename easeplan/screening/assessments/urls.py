"""Therapists' assessments and referral letters."""

from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("staff/clients/<str:code>/assessments/new/", views.new_assessment, name="new"),
    path("staff/assessments/<str:code>/", views.assessment_detail, name="detail"),
    path("staff/assessments/<str:code>/referral/", views.new_referral, name="referral"),
    path("staff/referrals/<str:code>/", views.referral_letter, name="letter"),
]
