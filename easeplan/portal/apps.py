from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "easeplan.portal"
    label = "portal"
    verbose_name = "Client portal"
