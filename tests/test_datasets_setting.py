"""Where the tests find the real datasets: LINEAGE_DATASETS, skipped outside CI, failed in CI."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def run_probe(tmp_path: Path, env_extra: dict) -> subprocess.CompletedProcess:
    """Run a one-test pytest session that asks for the openideo dataset, with the given environment."""
    probe = tmp_path / "test_probe.py"
    probe.write_text(textwrap.dedent("""
        def test_probe(openideo):
            assert (openideo / "works.csv").is_file()
    """))
    # The project's conftest, loaded under another name (this folder's conftest shadows it).
    (tmp_path / "conftest.py").write_text(textwrap.dedent(f"""
        import importlib.util, sys
        sys.path.insert(0, {str(TESTS)!r})
        spec = importlib.util.spec_from_file_location("project_conftest", {str(TESTS / "conftest.py")!r})
        project = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(project)
        openideo = project.openideo
    """))
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **env_extra}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", str(probe)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


def test_missing_datasets_skip_with_the_path_outside_ci(tmp_path):
    missing = tmp_path / "nowhere"
    done = run_probe(tmp_path, {"LINEAGE_DATASETS": str(missing), "CI": "false"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 skipped" in done.stdout and str(missing / "openideo") in done.stdout


def test_missing_datasets_fail_under_ci(tmp_path):
    done = run_probe(tmp_path, {"LINEAGE_DATASETS": str(tmp_path / "nowhere"), "CI": "true"})
    assert done.returncode == 1, done.stdout + done.stderr
    assert "CI needs the real datasets" in done.stdout


def test_the_setting_names_the_folder(tmp_path):
    (tmp_path / "data" / "openideo").mkdir(parents=True)
    (tmp_path / "data" / "openideo" / "works.csv").write_text("work_id\n")
    done = run_probe(tmp_path, {"LINEAGE_DATASETS": str(tmp_path / "data"), "CI": "true"})
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout + done.stderr
