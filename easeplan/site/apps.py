from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "easeplan.site"
    label = "site"
    verbose_name = "Public site"

    def ready(self) -> None:
        from easeplan.practice import middleware

        # The home and condition pages read the practice's PublicSite: load it with the
        # practice, in the same query.
        if "public_site" not in middleware.SITE_PRACTICE_RELATED:
            middleware.SITE_PRACTICE_RELATED.append("public_site")
