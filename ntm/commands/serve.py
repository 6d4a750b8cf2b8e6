"""`ntm setup` prepares the database (migrate, units, demo); `ntm serve` runs the site under gunicorn
with a background worker (`ntm worker`) beside it."""

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time

from ntm.core.values import format_number as number  # 1.700: Vietnamese groups thousands with dots

from . import setup_django

PR_SET_PDEATHSIG = 1


def register(subparsers) -> None:
    setup = subparsers.add_parser(
        "setup", help="migrate the database, load units and (unless --no-demo) demo data"
    )
    setup.add_argument("--no-demo", action="store_true", help="skip the demo data")
    setup.set_defaults(func=setup_command)

    serve = subparsers.add_parser("serve", help="serve the site with gunicorn")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("NTM_WORKERS", "3")),
        help="gunicorn web processes (default: NTM_WORKERS, else 3)",
    )
    serve.add_argument(
        "--no-worker",
        dest="worker",
        action="store_false",
        help="web only: background tasks are run by `ntm worker` processes elsewhere",
    )
    serve.set_defaults(func=serve_command)


def setup_command(args) -> int:
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from ntm.units.services import load_national_units

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    print("Cơ sở dữ liệu đã được cập nhật (migrate).")
    report = load_national_units(actor="ntm setup", progress=lambda m: print(m, file=sys.stderr))
    print(
        f"Đơn vị hành chính: {number(sum(report.created.values()))} thêm mới, "
        f"{number(report.unchanged)} không đổi."
    )
    if not args.no_demo:
        from ntm.demo.loader import load_demo

        load_demo()
        print("Đã nạp dữ liệu mẫu (demo).")
    return 0


SECRET_KEY_HELP = """Đặt một khóa bí mật riêng, dài và ngẫu nhiên, rồi chạy lại, ví dụ:
  export NTM_SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
Giữ nguyên khóa đó qua các lần khởi động (đổi khóa làm mọi phiên đăng nhập hết hiệu lực)."""


def serve_command(args) -> int:
    """Gunicorn and (unless --no-worker) one `ntm worker`, started together and stopped together."""
    setup_django()
    from django.conf import settings

    from ntm.accounts.models import User
    from ntm.demo.accounts import DEMO_USERS

    from .demo import print_logins

    demo_names = set(User.objects.filter(is_demo=True).values_list("username", flat=True))
    if settings.SECRET_KEY == settings.DEFAULT_SECRET_KEY:
        if not (demo_names or settings.DEBUG):
            print(
                "Không khởi động: NTM_SECRET_KEY chưa được đặt, trang web sẽ dùng khóa bí mật công khai "
                "trong mã nguồn (ai cũng giả được phiên đăng nhập).\n" + SECRET_KEY_HELP,
                file=sys.stderr,
            )
            return 2
        print(
            "Cảnh báo: đang dùng khóa bí mật công khai (chỉ chấp nhận cho bản trình diễn hoặc chế độ "
            "gỡ lỗi). Trước khi dùng thật:\n" + SECRET_KEY_HELP,
            file=sys.stderr,
        )
    print(f"\nntm đang chạy tại http://{args.host}:{args.port}/  (dừng: Ctrl+C)")
    if demo_names:
        print_logins([u for u in DEMO_USERS if u.username in demo_names])
    sys.stdout.flush()
    gunicorn = [
        *("-m", "gunicorn", "ntm.wsgi:application"),
        *("--bind", f"{args.host}:{args.port}", "--workers", str(args.workers)),
        *("--access-logfile", "-", "--log-level", "warning"),
    ]
    commands = [[sys.executable, *gunicorn]]
    if args.worker:
        commands.append([sys.executable, "-m", "ntm.cli", "worker"])
    return supervise(commands)


def _die_with_parent() -> None:
    """In a child: receive SIGKILL when `ntm serve` dies, however it dies (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def supervise(commands: list[list[str]]) -> int:
    """Run the commands side by side until one ends or we are asked to stop, then stop the others.

    The children have their own process group, so a Ctrl+C reaches them once, as our SIGTERM: the
    worker then finishes its current task before it exits. A second Ctrl+C kills them at once."""
    children = [
        subprocess.Popen(command, preexec_fn=_die_with_parent, process_group=0) for command in commands
    ]
    signals_sent: list[signal.Signals] = []

    def stop(signum=None, frame=None):
        how = signal.SIGKILL if signals_sent else signal.SIGTERM
        signals_sent.append(how)
        for child in children:
            if child.poll() is None:
                child.send_signal(how)

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, stop)
    while all(child.poll() is None for child in children):
        time.sleep(0.5)
    if not signals_sent:
        stop()
    return max(abs(child.wait()) for child in children)
