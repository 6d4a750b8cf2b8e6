"""Sub-commands of the `ntm` CLI (see `ntm.cli`)."""

import os


def setup_django() -> None:
    """Configure Django for commands that touch the database; core-only commands never call this."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm.settings")
    import django

    django.setup()
