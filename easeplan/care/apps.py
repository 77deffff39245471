from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "easeplan.care"
    label = "care"
    verbose_name = "Intake and consent"
