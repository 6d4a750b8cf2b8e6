"""The fuzz suite uses the shared fixtures of tests/conftest.py (see `fuzzing`)."""
