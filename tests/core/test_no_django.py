"""ntm/core and the catalog/evaluate commands never import Django."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_module_under_ntm_core_imports_django():
    offenders = []
    for path in sorted((ROOT / "ntm" / "core").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            offenders += [f"{path.name}: {name}" for name in names if name.split(".")[0] == "django"]
    assert offenders == []


def test_running_the_commands_loads_no_django():
    script = (
        "import sys\n"
        "from tests.core.conftest import run_ntm\n"
        "assert run_ntm(['catalog', 'check'])[0] == 0\n"
        "example = 'docs/examples/ban-bo-2024.json'\n"
        "assert run_ntm(['evaluate', '--input', example, '--format', 'json'])[0] == 0\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
