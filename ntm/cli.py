"""The `ntm` command line: one entry point whose sub-commands live in `ntm.commands.*`.

Each command module exposes `register(subparsers)`, which adds its parser and sets `func`
(called with the parsed arguments; its return value is the exit code).
"""

import argparse
import importlib
import sys

COMMAND_MODULES = (
    "ntm.commands.serve",
    "ntm.commands.worker",
    "ntm.commands.units",
    "ntm.commands.demo",
    "ntm.commands.catalog",
    "ntm.commands.evaluate",
    "ntm.commands.data",
    "ntm.commands.checkdata",
    "ntm.commands.manage",
    "ntm.commands.report",
    "ntm.commands.rounds",
    "ntm.commands.files",
    "ntm.commands.backup",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ntm",
        description="ntm — monitoring and evaluation for the New Rural Development program (nông thôn mới).",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0 if args.command is None else 2
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(main())
