"""`ntm worker`: run the background tasks (imports, reports) queued in the database.

Any number of workers, on any number of machines, may share one database; `ntm serve` starts one.
A worker stops cleanly on Ctrl+C or SIGTERM once its current task is done (twice: at once).
"""

import logging

from . import setup_django


def register(subparsers) -> None:
    worker = subparsers.add_parser("worker", help="run queued background tasks (imports, reports)")
    worker.add_argument(
        "--interval", type=float, default=1.0, help="seconds between looks at an empty queue (default 1)"
    )
    worker.add_argument("--batch", action="store_true", help="run the queued tasks, then exit")
    worker.set_defaults(func=worker_command)


def worker_command(args) -> int:
    setup_django()
    from ntm.queue import Worker, new_worker_id

    for name in ("ntm.queue", "django_tasks_db"):  # the settings' console handler prints them
        logging.getLogger(name).setLevel(logging.INFO)
    worker = Worker(
        queue_names=["default"],
        interval=max(args.interval, 0.1),
        batch=args.batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=new_worker_id(),
        excluded_queue_names=[],
    )
    worker.configure_signals()
    worker.run()
    return 0
