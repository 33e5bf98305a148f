"""Shapes Sieve's SparkApplication manifests (k8s/sparkapplications/*.yaml) for one Airflow run.

Pure Python with PyYAML only, so it can be unit-tested without Airflow (airflow/tests/test_sieve_pipeline.py).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

# Where each setting goes in a SparkApplication (sparkoperator.k8s.io/v1beta2).
QUEUE_PATH = ("spec", "batchSchedulerOptions", "queue")
PRIORITY_PATHS = (
    ("spec", "batchSchedulerOptions", "priorityClassName"),
    ("spec", "driver", "priorityClassName"),
    ("spec", "executor", "priorityClassName"),
)
NAME_PATH = ("metadata", "name")
IMAGE_PATH = ("spec", "image")


def _set(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = doc
    for key in path[:-1]:
        child = node.get(key)
        if child is None:
            child = node[key] = {}
        elif not isinstance(child, dict):
            raise ValueError(f"{'.'.join(path)}: {key} is not a mapping")
        node = child
    node[path[-1]] = value


def shape_application(
    doc: dict[str, Any],
    team_queue: str,
    priority_class: str,
    run_suffix: str,
    image: str | None = None,
) -> dict[str, Any]:
    """Returns a copy of a SparkApplication with the team's queue and priority class and a per-run name.

    Sets spec.batchSchedulerOptions.queue and .priorityClassName, spec.driver.priorityClassName and
    spec.executor.priorityClassName, appends ``-<run_suffix>`` to metadata.name, and sets spec.image when ``image``
    is given. Everything else is left as it is.
    """
    if not isinstance(doc, dict) or doc.get("kind") != "SparkApplication":
        raise ValueError("not a SparkApplication manifest")
    name = doc.get("metadata", {}).get("name")
    if not name:
        raise ValueError("the manifest has no metadata.name")
    if not run_suffix:
        raise ValueError("run_suffix must not be empty")
    out = copy.deepcopy(doc)
    _set(out, NAME_PATH, f"{name}-{run_suffix}")
    _set(out, QUEUE_PATH, team_queue)
    for path in PRIORITY_PATHS:
        _set(out, path, priority_class)
    if image is not None:
        _set(out, IMAGE_PATH, image)
    return out


def render_application(
    path: str | Path,
    team_queue: str,
    priority_class: str,
    run_suffix: str,
    image: str | None = None,
) -> str:
    """Loads the SparkApplication manifest at ``path``, shapes it (see shape_application) and returns it as YAML.

    The values are written verbatim, so they may be Jinja expressions (``{{ params.team_queue }}``,
    ``{{ ds_nodash }}``) for an operator field that Airflow templates.
    """
    text = Path(path).read_text(encoding="utf-8")
    docs = [d for d in yaml.safe_load_all(text) if d is not None]
    if len(docs) != 1:
        raise ValueError(f"{path}: expected one YAML document, found {len(docs)}")
    try:
        shaped = shape_application(docs[0], team_queue, priority_class, run_suffix, image)
    except ValueError as e:
        raise ValueError(f"{path}: {e}") from None
    return yaml.safe_dump(shaped, sort_keys=False, default_flow_style=False, width=120)
