"""Running the composite action the way GitHub's runner does: each `run:` step in bash, with the
step's `env:` and `${{ ... }}` expressions filled in, GITHUB_* variables, an event payload file,
and the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files. `uses:` steps (setup-python, upload-artifact)
are GitHub's own actions: the test machine's Python stands in for the first."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.gitrepo import ENV

ROOT = Path(__file__).resolve().parents[2]
_EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


@dataclass
class Job:
    """One job's runner: its temporary folder, PATH with the job's Python, and what steps wrote."""

    temp: Path
    python_bin: Path
    outputs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class StepResult:
    name: str
    returncode: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class ActionRun:
    steps: list[StepResult]
    outputs: dict[str, str]
    summary: str

    @property
    def failed(self) -> StepResult | None:
        return next((step for step in self.steps if step.returncode != 0), None)


def job_python(temp: Path) -> Path:
    """A fresh virtual environment like setup-python's, seeing the test's own packages (no network in tests)."""
    venv = temp / "python"
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(venv)], check=True, capture_output=True)
    site = next((venv / "lib").glob("python3*/site-packages"))
    shared = [p for p in sys.path if p.endswith("site-packages")]
    (site / "shared.pth").write_text("\n".join(shared) + "\n")
    return venv / "bin"


def run_action(
    job: Job,
    workspace: Path,
    *,
    event: str,
    payload: dict[str, Any],
    github: dict[str, str],
    inputs: dict[str, str],
    token: str = "",
) -> ActionRun:
    """Every step of action.yml for one event, in order; a failing step ends the job as on GitHub.
    TOKEN stands for the job's `github.token`."""
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    github_context = {"action_path": str(ROOT), "run_id": "1", "run_attempt": "1", "token": token}
    values = {
        name: _fill(str(spec.get("default", "")), {"github": github_context}) for name, spec in action["inputs"].items()
    }
    unknown = set(inputs) - set(values)
    assert not unknown, f"inputs the action does not declare: {unknown}"
    values.update(inputs)
    event_path = job.temp / f"{event}.json"
    event_path.write_text(json.dumps(payload))
    summary, output = job.temp / "summary.md", job.temp / "output.txt"
    summary.write_text("")
    env = {
        **ENV,
        "PATH": f"{job.python_bin}:{ENV['PATH']}",
        "HOME": str(job.temp),
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": event,
        "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_STEP_SUMMARY": str(summary),
        "RUNNER_TEMP": str(job.temp),
        "PIP_NO_INDEX": "1",  # offline: every dependency is already there
        "PIP_NO_BUILD_ISOLATION": "0",
        **github,
    }
    context = {"inputs": values, "github": github_context}
    results: list[StepResult] = []
    step_outputs: dict[str, dict[str, str]] = {}
    for step in action["runs"]["steps"]:
        if "run" not in step or not _condition(step.get("if"), context):
            continue
        output.write_text("")
        step_env = {k: _fill(str(v), context) for k, v in (step.get("env") or {}).items()}
        script = job.temp / "step.sh"
        script.write_text(step["run"])
        # How the runner starts a `shell: bash` step.
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace,
            env={**env, **step_env, "GITHUB_OUTPUT": str(output)},
            capture_output=True,
            text=True,
            check=False,
        )
        results.append(StepResult(step.get("name", ""), done.returncode, done.stdout, done.stderr))
        if "id" in step:
            step_outputs[step["id"]] = dict(
                line.split("=", 1) for line in output.read_text().splitlines() if "=" in line
            )
        if done.returncode != 0:
            break
    outputs = {
        name: _fill(spec["value"], {**context, "steps": {k: {"outputs": v} for k, v in step_outputs.items()}})
        for name, spec in action["outputs"].items()
    }
    return ActionRun(results, outputs, summary.read_text())


def _lookup(path: str, context: dict[str, Any]) -> str:
    value: Any = context
    for key in path.split("."):
        value = value.get(key, "") if isinstance(value, dict) else ""
    return str(value)


def _fill(text: str, context: dict[str, Any]) -> str:
    return _EXPRESSION.sub(lambda m: _lookup(m[1], context), text)


def _condition(expression: str | None, context: dict[str, Any]) -> bool:
    """The conditions action.yml uses: none, or `inputs.NAME != ''`."""
    if expression is None:
        return True
    match = re.fullmatch(r"([\w.-]+) != ''", expression.strip())
    assert match, f"the test runner does not know this condition: {expression}"
    return _lookup(match[1], context) != ""
