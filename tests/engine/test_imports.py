"""The rule modules stay free of the database and of HTTP."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = ["plans.rules", "plans.screening", "plans.engine", "plans.progression", "plans.pauses"]


@pytest.mark.parametrize("module", MODULES)
def test_rule_module_imports_nothing_from_django_db_or_http(module):
    code = (
        f"import json, sys; import {module}; "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('django'))))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = json.loads(result.stdout)
    assert not [m for m in loaded if m.startswith(("django.db", "django.http"))]
