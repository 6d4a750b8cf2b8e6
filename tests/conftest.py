"""Shared fixtures: the test database gets the real national unit list and the demo data once per run."""

import pytest

from ntm.demo.accounts import DEMO_USERS


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from ntm.demo.loader import load_demo
    from ntm.units.services import load_national_units

    with django_db_blocker.unblock():
        load_national_units(actor="tests")
        load_demo()


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):
    """Background tasks run inside the request that queues them (django-tasks' immediate backend);
    tests/jobs runs real `ntm worker` processes on the database backend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def database_queue(settings, django_capture_on_commit_callbacks):
    """The production queue inside a test: tasks wait in the database until `run()` hands each one
    to a worker, as `ntm worker` would (its polling loop closes connections, so it is not run here)."""
    from django_tasks_db.models import DBTaskResult

    from ntm.queue import Worker, new_worker_id

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    class Queue:
        def enqueuing(self):
            return django_capture_on_commit_callbacks(execute=True)

        def run(self) -> None:
            worker = Worker(
                queue_names=["default"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=new_worker_id(),
                excluded_queue_names=[],
            )
            for result in DBTaskResult.objects.ready():
                result.claim(worker.worker_id)
                worker.run_task(result)

    return Queue()


@pytest.fixture
def demo_password():
    return {u.username: u.password for u in DEMO_USERS}


@pytest.fixture
def login(client, demo_password):
    """Log the test client in as one of the demo users."""

    def _login(username: str):
        client.logout()
        response = client.post("/login/", {"username": username, "password": demo_password[username]})
        assert response.status_code == 302, response.content[:500]
        return client

    return _login
