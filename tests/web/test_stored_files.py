"""`ntm files orphans`: a file left in the storage without its row (a process stopped between the two)
is found and removed; files that rows name, and recent files, are left alone. On disk and on S3."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from ntm.cli import main
from ntm.dataio.uploads import imports_storage
from ntm.indicators.models import Evidence
from tests.web.test_evidence import PDF, _upload

pytestmark = pytest.mark.django_db


def test_orphans_are_listed_then_removed_and_named_files_kept(login, file_storage, capsys):
    from ntm.units.models import AdminUnit, Level

    ban_bo = AdminUnit.objects.get(code="03424", level=Level.COMMUNE, valid_from__isnull=True)
    _upload(login("xa.banbo"), ban_bo, "bien-ban.pdf", PDF)
    kept = Evidence.objects.get(original_name="bien-ban.pdf").file.name
    stray = default_storage.save("2026/01/stray.pdf", ContentFile(PDF))
    stray_import = imports_storage().save("2026/01/stray.csv", ContentFile(b"a,b\n"))

    assert main(["files", "orphans"]) == 0  # younger than a day: perhaps an upload in progress
    assert "Tìm thấy 0 tệp" in capsys.readouterr().err

    assert main(["files", "orphans", "--older-than-hours", "0"]) == 0
    listed = capsys.readouterr()
    assert f"default\t{stray}" in listed.out and f"imports\t{stray_import}" in listed.out
    assert kept not in listed.out and default_storage.exists(stray)

    assert main(["files", "orphans", "--older-than-hours", "0", "--delete"]) == 0
    assert "Đã xóa 2 tệp" in capsys.readouterr().err
    assert not default_storage.exists(stray) and not imports_storage().exists(stray_import)
    assert default_storage.exists(kept)
