"""The password hasher of the test suite: Argon2 as in production (`argon2$…` hashes, checked by
tests/web/test_login.py), with the cheapest parameters. Production's (100 MB, two passes) cost a
quarter of a second of CPU for every demo user made and every sign-in, thousands in a run."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 64
    parallelism = 1
