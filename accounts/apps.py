from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Staff accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts import permissions  # noqa: F401  registers the rules
        from peerwork.middleware import session_written_at_sign_in

        user_logged_in.connect(session_written_at_sign_in, dispatch_uid="session_written_at_sign_in")
