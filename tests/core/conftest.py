"""Core tests need no database and no Django: `ntm` runs the catalog and evaluate commands directly."""

import argparse
import contextlib
import io

import pytest

from ntm.commands import catalog, evaluate


def run_ntm(argv: list[str]) -> tuple[int, str, str]:
    """Run `ntm catalog …` / `ntm evaluate …` as the CLI does; return (exit code, stdout, stderr)."""
    parser = argparse.ArgumentParser(prog="ntm")
    subparsers = parser.add_subparsers(dest="command")
    catalog.register(subparsers)
    evaluate.register(subparsers)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        args = parser.parse_args(argv)
        code = args.func(args)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def ntm():
    return run_ntm
