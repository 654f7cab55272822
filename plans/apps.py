from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_table(using="default", **kwargs):
    """After every `migrate` (make run, CI, compose, the benchmark, the test databases):
    the database cache's table, if CACHE_URL chose that cache. Does nothing otherwise, and
    nothing when the table is there."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Backward walking plans"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="plans-cache-table")
        from django.contrib.auth.signals import user_logged_in

        from accounts.login_steps import on_log_in

        # Every log-in learns whether a second step is still due (accounts/login_steps.py).
        user_logged_in.connect(on_log_in, dispatch_uid="plans-second-step")
        # The words of every stored code (plans.said), in the reader's language.
        from plans import reason_words, service_words  # noqa: F401
