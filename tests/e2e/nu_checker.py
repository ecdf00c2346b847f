"""The Nu HTML checker (vnu.jar, the W3C validator's engine), run so that its silence means
something: a checker that did not run, or ran and checked nothing, raises instead of passing.
"""

import json
import subprocess
from pathlib import Path

VNU_JAR = (
    Path(__file__).resolve().parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


class CheckerFailed(RuntimeError):
    """The checker itself failed, so an empty list of errors would prove nothing."""


def nu_errors(targets, *, java="java", jar=VNU_JAR, timeout=240):
    """Check ``targets`` (files or URLs) and return the markup errors the checker found.

    Raises ``CheckerFailed`` when the command cannot start, exits non-zero (it is asked to exit
    0 whatever it finds, so any other status is the checker's own failure), prints no JSON
    report, reports a ``non-document-error`` (a target it could not read, an internal fault),
    or does not name every target as checked (vnu passes over a missing file in silence).
    """
    targets = [str(target) for target in targets]
    if not targets:
        raise CheckerFailed("nothing to check")
    command = [java, "-jar", str(jar), "--errors-only", "--exit-zero-always"]
    command += ["--format", "json", "--verbose", *targets]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise CheckerFailed(f"could not run {command[:3]}: {error}") from error
    if result.returncode != 0:
        raise CheckerFailed(f"exit status {result.returncode}: {result.stderr.strip()[:500]}")
    try:
        messages = json.loads(result.stderr)["messages"]
        kinds = [message["type"] for message in messages]
    except (ValueError, KeyError, TypeError) as error:
        raise CheckerFailed(f"no JSON report ({error}): {result.stderr.strip()[:500]!r}") from error
    faults = [m for m, kind in zip(messages, kinds, strict=True) if kind == "non-document-error"]
    if faults:
        raise CheckerFailed("; ".join(f"{m.get('url')}: {m.get('message')}" for m in faults))
    # --verbose names each target on stdout as it is checked.
    unchecked = set(targets) - set(result.stdout.splitlines())
    if unchecked:
        raise CheckerFailed(f"never checked: {sorted(unchecked)}")
    return [m for m, kind in zip(messages, kinds, strict=True) if kind == "error"]
