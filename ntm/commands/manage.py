"""`ntm manage ...`: Django's own management commands (migrate, createsuperuser, shell, …)."""

import argparse


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "manage", help="run a Django management command (migrate, createsuperuser…)"
    )
    parser.add_argument(
        "arguments", nargs=argparse.REMAINDER, help="a Django management command and its arguments"
    )
    parser.set_defaults(func=run)


def run(args) -> int:
    from django.core.management import execute_from_command_line

    from . import setup_django

    setup_django()
    execute_from_command_line(["ntm manage", *args.arguments])
    return 0
