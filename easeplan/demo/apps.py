from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "easeplan.demo"
    label = "demo"
    verbose_name = "Demo practice"
