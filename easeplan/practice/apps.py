from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "easeplan.practice"
    label = "practice"
    verbose_name = "Practices"
