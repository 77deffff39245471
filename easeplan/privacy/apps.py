from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "easeplan.privacy"
    label = "privacy"
    verbose_name = "Privacy"
