from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PracticeConfig(AppConfig):
    name = "easeplan.practice"
    label = "practice"
    verbose_name = "Practices"

    def ready(self) -> None:
        from .middleware import remember_practice_languages
        from .models import Practice

        def forget(**_kwargs: object) -> None:
            remember_practice_languages()

        post_save.connect(forget, sender=Practice, weak=False, dispatch_uid="practice-language")
        post_delete.connect(forget, sender=Practice, weak=False, dispatch_uid="practice-language-d")
