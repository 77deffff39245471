from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "easeplan.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"
