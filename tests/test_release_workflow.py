"""The release workflow signs when the secrets exist, publishes checksums and provenance, and
builds Linux too. Conditions are evaluated as GitHub would (tests/workflow_expressions.py):
a step's `if:` sees the workflow's and job's `env`, never the step's own."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.workflow_expressions import evaluate, render_env

WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
SECRETS = {
    "MACOS_CERTIFICATE": "MIIKbase64…",
    "MACOS_CERTIFICATE_PASSWORD": "pw",
    "MACOS_SIGNING_IDENTITY": "Developer ID Application: Wortlaut",
    "APPLE_ID": "release@example.org",
    "APPLE_TEAM_ID": "TEAM123456",
    "APPLE_APP_PASSWORD": "app-pw",
    "WINDOWS_CERTIFICATE": "MIIKpfx…",
    "WINDOWS_CERTIFICATE_PASSWORD": "pw",
}
SIGNING_STEPS = {
    "macOS": ["Sign the app (when a certificate is configured)",
              "Notarise (when Apple credentials are configured)"],
    "Windows": ["Sign the Windows executables (when a certificate is configured)",
                "Sign the Windows installer (when a certificate is configured)"],
}  # fmt: skip


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def build_steps(workflow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        step.get("name", step.get("uses", "")): step for step in workflow["jobs"]["build"]["steps"]
    }


def condition_holds(workflow: dict[str, Any], step: dict[str, Any], os: str, secrets: dict) -> bool:
    """The step's `if:` on a runner of `os`, with the job's env rendered from `secrets`."""
    contexts = {"secrets": secrets, "github": {"event": {"inputs": {}}, "ref": "refs/tags/v1.0.0"}}
    env = render_env(workflow["jobs"]["build"].get("env", {}), contexts)
    return bool(evaluate(step["if"], {**contexts, "env": env, "runner": {"os": os}}))


def test_the_evaluator_compares_strings_ignoring_case_and_returns_operands():
    assert evaluate("runner.os == 'MACOS'", {"runner": {"os": "macOS"}}) is True
    assert evaluate("env.A && 'x'", {"env": {"A": "1"}}) == "x"
    assert evaluate("env.MISSING != ''", {"env": {}}) is False  # null == '' in GitHub's rules


@pytest.mark.parametrize("os", ["macOS", "Windows"])
def test_signing_steps_run_when_the_secrets_are_set(workflow, os):
    steps = build_steps(workflow)
    for name in SIGNING_STEPS[os]:
        assert condition_holds(workflow, steps[name], os, SECRETS), name


@pytest.mark.parametrize("os", ["macOS", "Windows"])
def test_signing_steps_are_skipped_without_secrets_so_forks_still_build(workflow, os):
    steps = build_steps(workflow)
    unset = dict.fromkeys(SECRETS, "")  # GitHub gives an unset secret as ''
    for name in SIGNING_STEPS[os]:
        assert not condition_holds(workflow, steps[name], os, unset), name


def test_signing_steps_run_only_on_their_own_system(workflow):
    steps = build_steps(workflow)
    for os, names in SIGNING_STEPS.items():
        other = "Windows" if os == "macOS" else "macOS"
        for name in names:
            assert not condition_holds(workflow, steps[name], other, SECRETS), name
            assert not condition_holds(workflow, steps[name], "Linux", SECRETS), name


def test_no_condition_reads_a_variable_that_only_its_own_step_sets(workflow):
    outer = set(workflow.get("env", {}))
    for job in workflow["jobs"].values():
        visible = outer | set(job.get("env", {}))
        for step in job["steps"]:
            read = set(re.findall(r"env\.([A-Za-z_][A-Za-z0-9_]*)", str(step.get("if", ""))))
            assert read <= visible, f"{step.get('name')}: `if:` reads {read - visible}"


def test_windows_signing_uses_signtool_on_the_executables_then_on_the_installer(workflow):
    names = list(build_steps(workflow))
    executables, installer = SIGNING_STEPS["Windows"]
    assert names.index(executables) < names.index("Windows installer (Inno Setup)")
    assert names.index("Windows installer (Inno Setup)") < names.index(installer)
    script = (ROOT / "packaging" / "windows" / "sign.ps1").read_text(encoding="utf-8")
    assert "signtool" in script and "/fd SHA256" in script and "/tr " in script
    assert "Remove-Item" in script  # the decoded certificate does not stay on the runner
    assert "-setup.exe" in build_steps(workflow)[installer]["run"]


def test_the_release_publishes_sha256_sums_and_a_provenance_attestation(workflow):
    release = workflow["jobs"]["release"]
    assert release["permissions"] == {
        "contents": "write",
        "id-token": "write",
        "attestations": "write",
    }
    runs = [step.get("run", "") for step in release["steps"]]
    uses = {step.get("uses", "").split("@")[0]: step for step in release["steps"]}
    sums = next(run for run in runs if "sha256sum" in run)
    assert "SHA256SUMS.txt" in sums and "--check" in sums
    attest = uses["actions/attest-build-provenance"]
    assert attest["with"]["subject-checksums"] == "installers/SHA256SUMS.txt"
    assert uses["softprops/action-gh-release"]["with"]["files"] == "installers/*"
    order = [step.get("uses", step.get("run", "")) for step in release["steps"]]
    assert order.index(sums) < order.index(attest["uses"])


def test_linux_is_built_as_a_tar_xz_and_self_tested_unpacked_on_ubuntu(workflow):
    matrix = workflow["jobs"]["build"]["strategy"]["matrix"]["include"]
    assert {"os": "ubuntu-latest", "label": "linux-x86_64"} in matrix
    steps = build_steps(workflow)
    assert "--archive" in steps["Build the frozen app"]["run"]
    self_test = steps["Self-test (Linux, the app unpacked from its .tar.xz)"]
    assert evaluate(self_test["if"], {"runner": {"os": "Linux"}})
    assert "tar -xJf" in self_test["run"] and "wortlaut.desktop" in self_test["run"]
    assert self_test["run"].rstrip().endswith("--self-test")
