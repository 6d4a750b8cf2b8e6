"""`ntm catalog import FILE` stores a draft through `criteria.services.create_draft`."""

import argparse
import contextlib
import io
import re

import pytest

from ntm.commands import catalog as catalog_command
from ntm.criteria.documents import cells
from ntm.criteria.models import Version
from ntm.criteria.published import SOURCE

pytestmark = pytest.mark.django_db


def run(argv):
    parser = argparse.ArgumentParser(prog="ntm")
    catalog_command.register(parser.add_subparsers(dest="command"))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        args = parser.parse_args(argv)
        code = args.func(args)
    return code, out.getvalue(), err.getvalue()


def test_the_sample_workbook_becomes_an_unverified_draft_of_the_2026_set(tmp_path):
    SOURCE.invalidate()
    path = tmp_path / "mau.xlsx"
    assert run(["catalog", "sample", "-o", str(path)])[0] == 0
    code, out, err = run(["catalog", "import", str(path), "--user", "quantri", "--reason", "tập dượt"])
    assert code == 0, err
    assert re.search(r"Đã lưu bản nháp xa-ntm-2026 v\d+", out)  # after the demo's sample draft
    draft = Version.objects.filter(document__code="xa-ntm-2026").order_by("-number").first()
    assert draft.state == Version.State.DRAFT and draft.author.username == "quantri"
    entered = list(cells(draft.content))
    assert entered and not any(cell["verified"] for _, cell in entered)
    assert draft.cells.filter(entered_by__username="quantri").count() == len(entered)
    assert run(["catalog", "import", str(path), "--user", "xem.laichau"])[0] == 2  # a viewer may not
