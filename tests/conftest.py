"""Shared fixtures: the test database gets the real national unit list and the demo data once per run."""

import pytest
from django.test import Client

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


@pytest.fixture(scope="session", autouse=True)
def files_in_a_temporary_directory(tmp_path_factory):
    """Every file the tests write (evidence, reports, imports) goes to a temporary directory."""
    from django.conf import settings
    from django.test import override_settings

    from ntm.settings import file_storages

    local = file_storages("local", tmp_path_factory.mktemp("var"), {})
    with override_settings(STORAGES={**settings.STORAGES, **local}):
        yield


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashing():
    """Argon2 with the cheapest parameters (tests/hashers.py) for the demo users and every sign-in;
    the sites of the browser and process tests run the production settings."""
    from django.conf import settings
    from django.test import override_settings

    others = [path for path in settings.PASSWORD_HASHERS if not path.endswith(".Argon2PasswordHasher")]
    with override_settings(PASSWORD_HASHERS=["tests.hashers.QuickArgon2PasswordHasher", *others]):
        yield


@pytest.fixture(scope="session", autouse=True)
def static_files_found_per_request():
    """Each test client loads the middleware anew, and WhiteNoise in production mode lists and stats
    every static file when it loads: a third of the route walk's time. In its autorefresh mode it
    looks a file up when one is asked for; the browser and process tests' sites keep the production
    mode."""
    from django.test import override_settings

    with override_settings(WHITENOISE_AUTOREFRESH=True):
        yield


@pytest.fixture(scope="session")
def s3_server():
    """A real S3-compatible server (moto in server mode) on a free loopback port, with one bucket."""
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    options = {
        "bucket_name": "ntm-tests",
        "endpoint_url": f"http://{host}:{port}",
        "access_key": "ntm-test-key",
        "secret_key": "ntm-test-secret",
        "region_name": "us-east-1",
    }
    boto3.client(
        "s3",
        endpoint_url=options["endpoint_url"],
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
        region_name=options["region_name"],
    ).create_bucket(Bucket=options["bucket_name"])
    yield options
    server.stop()


@pytest.fixture(params=["local", "s3"])
def file_storage(request, settings, tmp_path):
    """The file storages on local disk or on the S3-compatible server, configured as production
    configures them (`NTM_STORAGE`); yields the kind. Each test gets an empty area of its own."""
    from ntm.settings import file_storages

    if request.param == "local":
        settings.STORAGES = {**settings.STORAGES, **file_storages("local", tmp_path, {})}
    else:
        s3 = request.getfixturevalue("s3_server")
        storages = file_storages("s3", tmp_path, s3)
        for config in storages.values():  # a prefix of the test's own inside the shared bucket
            config["OPTIONS"]["location"] = f"{tmp_path.name}/{config['OPTIONS']['location']}"
        settings.STORAGES = {**settings.STORAGES, **storages}
    return request.param


@pytest.fixture
def session_as():
    """A client whose browser session belongs to `username` (no password hashing: force_login)."""

    def _client(username: str, **kwargs) -> Client:
        from ntm.accounts.models import User

        client = Client(**kwargs)
        client.force_login(User.objects.get(username=username))
        return client

    return _client


@pytest.fixture
def ban_bo(db):
    """Bản Bo as it was until 30/6/2025 (Tam Đường district, Lai Châu): the district office's commune."""
    from ntm.units.models import AdminUnit, Level

    return AdminUnit.objects.get(level=Level.COMMUNE, code="03424", valid_from__isnull=True)


@pytest.fixture
def tam_duong(db):
    """Tam Đường district (Lai Châu) as it was until 30/6/2025."""
    from ntm.units.models import AdminUnit, Level

    return AdminUnit.objects.get(code="106", level=Level.DISTRICT)


# The longest parts, handed to the test workers first, longest first (measured with --durations);
# then the other files, most tests first. Started last, a long part of few tests (a benchmark, real
# processes) would leave one core running it alone at the end of the suite.
LONGEST_FIRST = (
    "tests/security/test_route_roles.py",
    "tests/security/test_route_malformed.py",
    "tests/e2e/",
    "tests/jobs/test_worker_processes.py",
    "tests/bench/",
    "tests/fuzz/test_fuzz_get.py",
    "tests/fuzz/test_fuzz_values.py",
    "tests/security/test_faults.py",
    "tests/web/test_eras_pages.py",
    "tests/input/test_number_doors.py",
    "tests/operations/",
    "tests/security/test_deploy.py",
    "tests/fuzz/test_fuzz_imports.py",
)
BROWSER_TESTS = "tests/e2e/"


def _part(nodeid: str) -> str:
    """What `./dev test` hands to one worker: a file, or all the browser tests (one site and one
    Chromium serve them all, started once)."""
    return BROWSER_TESTS if nodeid.startswith(BROWSER_TESTS) else nodeid.split("::", 1)[0]


def _commits(item) -> bool:
    """A test that commits (pytest-django flushes the database after it, demo data included)."""
    marker = item.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server", "django_db_reset_sequences"}
    return bool(marker and marker.kwargs.get("transaction")) or bool(transactional & set(item.fixturenames))


def pytest_collection_modifyitems(items):
    """Longest parts first, most tests first among the others; the parts with tests that commit at
    the very end, those tests last within them (pytest-django's own order, kept by the stable sort),
    so the data of the session's database is there for every test before them."""
    sizes: dict[str, int] = {}
    committing: set[str] = set()
    for item in items:
        part = _part(item.nodeid)
        sizes[part] = sizes.get(part, 0) + 1
        if _commits(item):
            committing.add(part)

    def rank(item):
        part = _part(item.nodeid)
        first = [i for i, prefix in enumerate(LONGEST_FIRST) if part.startswith(prefix)]
        return (part in committing, first[0] if first else len(LONGEST_FIRST), -sizes[part], part)

    items.sort(key=rank)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadfile` by the parts above, in the order above (xdist alone would order the files
    by their number of tests only, which put the few long browser tests last)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class ByPart(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _part(nodeid)

    config.option.loadscopereorder = False
    return ByPart(config, log)
