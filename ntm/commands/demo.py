"""`ntm demo load`: demo villages and users (labelled demo everywhere)."""

from . import setup_django


def register(subparsers) -> None:
    parser = subparsers.add_parser("demo", help="demo data (labelled demo): villages, one user per role")
    sub = parser.add_subparsers(dest="demo_command", metavar="ACTION", required=True)
    load = sub.add_parser("load", help="load the demo data (needs `ntm units load` first)")
    load.set_defaults(func=load_command)


def load_command(args) -> int:
    setup_django()
    from ntm.demo.loader import load_demo

    users = load_demo()
    print_logins(users)
    return 0


def print_logins(users) -> None:
    print("Tài khoản mẫu (DEMO — chỉ dùng để trình diễn):")
    for user in users:
        print(f"  {user.username:<16} mật khẩu: {user.password:<20} {user.full_name}")
