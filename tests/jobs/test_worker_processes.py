"""Issue 14 item 3 "done when", with real processes: killing `ntm serve` while an import runs (or
while it waits for the worker) and starting it again finishes the import with all its rows, and
two web processes polling one job agree on its state."""

import pytest
import requests

from ntm.demo.accounts import DEMO_USERS
from tests.sites import Site

PASSWORDS = {u.username: u.password for u in DEMO_USERS}
COMMUNES = ("03424", "03405", "03400")  # Bản Bo, Giang Ma, Tả Lèng (Tam Đường)
JOB = "SELECT status FROM dataio_importjob WHERE reason = %s"
WRITTEN = "SELECT count(*) FROM indicators_indicatorvalue WHERE reason = %s AND is_current"
APPLY_TASK = (
    "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path = 'ntm.dataio.jobs.apply_task' "
    "ORDER BY enqueued_at DESC"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("jobs-site"), "ntm_jobs")
    try:
        site.setup()
        yield site
    finally:
        site.close()


@pytest.fixture(autouse=True)
def _stop_processes(site):
    """Each test starts its own servers and workers, and none outlives it."""
    yield
    site.stop()


def _session(url: str, username: str = "huyen.tamduong") -> requests.Session:
    session = requests.Session()
    session.get(f"{url}/login/", timeout=30)
    response = session.post(
        f"{url}/login/",
        data={
            "username": username,
            "password": PASSWORDS[username],
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302
    return session


def _rows(step: int) -> bytes:
    """Three indicators of three communes, with values no earlier step wrote."""
    lines = ["Mã đơn vị,Bộ tiêu chí,Chỉ tiêu,Năm,Giá trị,Nguồn"]
    for commune in COMMUNES:
        lines += [
            f"{commune},xa-ntm-2021,2.1,2024,{90 + step}.5,Biên bản kiểm tra",
            f"{commune},xa-ntm-2021,3.1,2024,{80 + step}.25,Báo cáo xã",
            f"{commune},xa-ntm-2021,2.2,2024,{70 + step}.75,Báo cáo xã",
        ]
    return ("\ufeff" + "\n".join(lines) + "\n").encode()


def _post(session: requests.Session, url: str, path: str, **kwargs) -> requests.Response:
    data = {**kwargs.pop("data", {}), "csrfmiddlewaretoken": session.cookies["csrftoken"]}
    return session.post(f"{url}{path}", data=data, allow_redirects=False, timeout=60, **kwargs)


def _upload(session, url, step: int, reason: str) -> str:
    """Upload the file: the job's token."""
    files = {"file": ("tam-duong.csv", _rows(step))}
    response = _post(session, url, "/data/import/", data={"reason": reason}, files=files)
    assert response.status_code == 302, response.text[:500]
    return response.headers["Location"].rstrip("/").split("/")[-1]


def test_killing_serve_mid_write_then_starting_it_again_writes_every_row(site):
    if not site.postgresql:
        pytest.skip("holding the values table locked from outside needs PostgreSQL")
    import psycopg

    reason = "Nhập thử: ntm serve bị tắt khi đang ghi"
    server, url = site.serve()
    session = _session(url)
    token = _upload(session, url, 1, reason)
    site.wait_for(JOB, (reason,), "ready")
    with psycopg.connect(site.env["DATABASE_URL"]) as blocker:  # the write waits on this lock
        blocker.execute("LOCK TABLE indicators_indicatorvalue IN EXCLUSIVE MODE")
        assert _post(session, url, f"/data/import/{token}/confirm/").status_code == 302
        site.wait_for(APPLY_TASK, (), "RUNNING")  # claimed by serve's worker, which is now writing
        Site.kill(server)
        blocker.rollback()
    assert site.query(JOB, (reason,))[0][0] == "applying"
    assert site.query(WRITTEN, (reason,))[0][0] == 0  # the killed write left nothing

    _, url = site.serve()
    site.wait_for(JOB, (reason,), "done")
    assert site.query(WRITTEN, (reason,))[0][0] == 9
    assert site.query(APPLY_TASK)[0][0] == "SUCCESSFUL"
    page = _session(url).get(f"{url}/data/import/{token}/", timeout=30).text
    assert 'data-status="done"' in page and "hx-get" not in page


def test_an_import_confirmed_while_no_worker_runs_is_written_once_serve_starts_again(site):
    reason = "Nhập thử: xác nhận khi không có tiến trình chạy nền"
    server, url = site.serve()
    token = _upload(_session(url), url, 2, reason)
    site.wait_for(JOB, (reason,), "ready")
    Site.kill(server)
    web_only, url = site.serve(worker=False)
    assert _post(_session(url), url, f"/data/import/{token}/confirm/").status_code == 302
    assert site.query(APPLY_TASK)[0][0] == "READY"  # queued in the database, waiting
    Site.kill(web_only)

    _, url = site.serve()
    site.wait_for(JOB, (reason,), "done")
    assert site.query(WRITTEN, (reason,))[0][0] == 9


def test_two_web_processes_polling_one_job_agree_on_its_state(site):
    reason = "Nhập thử: hai máy chủ web cùng theo dõi"
    _, url_a = site.serve(workers=1, worker=False)
    _, url_b = site.serve(workers=1, worker=False)
    session = _session(url_a)  # the session lives in the shared database: valid on both
    token = _upload(session, url_a, 3, reason)

    def states() -> set[str]:
        found = set()
        for url in (url_a, url_b):
            text = session.get(f"{url}/data/import/{token}/status/", timeout=30).text
            found.add(text.split('data-status="', 1)[1].split('"', 1)[0])
        return found

    assert states() == {"checking"}  # queued, no worker yet: both say so
    site.worker()
    site.wait_for(JOB, (reason,), "ready")
    assert states() == {"ready"}
    assert _post(session, url_b, f"/data/import/{token}/confirm/").status_code == 302
    site.wait_for(JOB, (reason,), "done")
    assert states() == {"done"}
    assert site.query(WRITTEN, (reason,))[0][0] == 9
