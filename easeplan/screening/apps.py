from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "easeplan.screening"
    label = "screening"
    verbose_name = "Screening and assessment"
