from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "easeplan.site"
    label = "site"
    verbose_name = "Public site"
