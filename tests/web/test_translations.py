"""Every interface string written in the code has its English translation (the compiled catalog
that `./dev` builds): a string added without running makemessages, or left fuzzy, shows up here."""

import gettext
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "ntm" / "locale" / "en" / "LC_MESSAGES" / "django.mo"
SKIPPED = ("ntm/core/", "ntm/commands/", "ntm/catalogs/", "/migrations/")  # not extracted: CLI, engine
TEMPLATE = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.+?)\1""")
PYTHON = re.compile(r"""\b(?:_|gettext|gettext_lazy)\(\s*(["'])((?:(?!\1).)+)\1\s*[),]""")


def _msgids():
    for path in sorted((ROOT / "ntm").rglob("*")):
        relative = path.relative_to(ROOT).as_posix()
        if any(part in f"/{relative}" for part in SKIPPED) or path.suffix not in (".html", ".py", ".txt"):
            continue
        pattern = PYTHON if path.suffix == ".py" else TEMPLATE
        for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in pattern.finditer(line):
                text = match.group(2)
                if "\\" in text:  # escapes: left to makemessages
                    continue
                if path.suffix == ".html" and "%" in text:
                    text = text.replace("%", "%%")  # how makemessages writes a template's percent sign
                yield relative, line_number, text


def test_every_interface_string_is_translated_to_english():
    catalog = gettext.GNUTranslations(CATALOG.open("rb"))._catalog
    missing = [f"{path}:{line} {text!r}" for path, line, text in _msgids() if text not in catalog]
    assert not missing, "run makemessages and translate:\n" + "\n".join(missing)


def test_the_check_reads_strings_from_templates_and_code():
    found = {text for _path, _line, text in _msgids()}
    assert {"Xu hướng qua các năm", "ghi nhận", "Đạt"} <= found
