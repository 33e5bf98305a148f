"""Tests of the Sieve DAG's manifest shaping, runnable without Airflow:

    python3 -m unittest discover -s airflow/tests -v      (from the repository root; needs PyYAML)

render_application runs on every SparkApplication manifest in k8s/sparkapplications/. The DAG file itself is
checked by reading its source; it is imported only when Airflow is installed.
"""

from __future__ import annotations

import ast
import copy
import re
import sys
import unittest
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DAGS = ROOT / "airflow" / "dags"
MANIFESTS = ROOT / "k8s" / "sparkapplications"
sys.path.insert(0, str(DAGS))

from sieve_manifests import render_application, shape_application  # noqa: E402

# What render_application sets; every other field must come out as it went in.
CHANGED = (
    ("metadata", "name"),
    ("spec", "batchSchedulerOptions", "queue"),
    ("spec", "batchSchedulerOptions", "priorityClassName"),
    ("spec", "driver", "priorityClassName"),
    ("spec", "executor", "priorityClassName"),
    ("spec", "image"),
)
# The Jinja expressions the DAG passes; Airflow renders them per run.
JINJA = {
    "{{ params.team_queue }}": "team-vision",
    "{{ params.priority_class }}": "sieve-batch",
    "{{ ds_nodash }}": "20250102",
    "{{ params.image }}": "registry.example.com/data/sieve:0.2.0",
}


def load(path: Path) -> list:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d is not None]


def get(doc: dict, path: tuple):
    for key in path:
        doc = doc[key]
    return doc


def without(doc: dict, paths) -> dict:
    out = copy.deepcopy(doc)
    for path in paths:
        node = out
        for key in path[:-1]:
            node = node.get(key, {})
        node.pop(path[-1], None)
    return out


def spark_applications() -> list[Path]:
    found = [p for p in sorted(MANIFESTS.glob("*.yaml"))
             if any(isinstance(d, dict) and d.get("kind") == "SparkApplication" for d in load(p))]
    assert found, f"no SparkApplication manifests under {MANIFESTS}"
    return found


class RenderApplicationTest(unittest.TestCase):
    def test_sets_queue_priority_and_name_and_nothing_else(self):
        for path in spark_applications():
            with self.subTest(manifest=path.name):
                original = load(path)[0]
                text = render_application(path, "team-vision", "sieve-high", "20250102")
                rendered = yaml.safe_load(text)
                name = original["metadata"]["name"]
                self.assertEqual(f"{name}-20250102", rendered["metadata"]["name"])
                self.assertEqual("team-vision", rendered["spec"]["batchSchedulerOptions"]["queue"])
                for path_ in CHANGED[2:5]:
                    self.assertEqual("sieve-high", get(rendered, path_), ".".join(path_))
                self.assertEqual(original["spec"]["image"], rendered["spec"]["image"], "image unchanged by default")
                self.assertEqual(without(original, CHANGED[:5]), without(rendered, CHANGED[:5]))

    def test_sets_the_image_when_given(self):
        for path in spark_applications():
            with self.subTest(manifest=path.name):
                original = load(path)[0]
                rendered = yaml.safe_load(render_application(path, "q", "p", "1", image="reg/sieve:1"))
                self.assertEqual("reg/sieve:1", rendered["spec"]["image"])
                self.assertEqual(without(original, CHANGED), without(rendered, CHANGED))

    def test_jinja_placeholders_render_to_a_valid_manifest(self):
        # What the DAG passes, then what Airflow's rendering does to the string.
        for path in spark_applications():
            with self.subTest(manifest=path.name):
                original = load(path)[0]
                text = render_application(path, "{{ params.team_queue }}", "{{ params.priority_class }}",
                                          "{{ ds_nodash }}", image="{{ params.image }}")
                # The only template markers in the string are the DAG's own: nothing else in the manifest would
                # be changed by Airflow's rendering.
                markers = re.findall(r"\{\{.*?\}\}|\{%|\{#", text)
                self.assertTrue(markers)
                self.assertLessEqual(set(markers), set(JINJA), markers)
                for expr, value in JINJA.items():
                    text = text.replace(expr, value)
                rendered = yaml.safe_load(text)
                self.assertEqual(original["metadata"]["name"] + "-20250102", rendered["metadata"]["name"])
                self.assertEqual("team-vision", rendered["spec"]["batchSchedulerOptions"]["queue"])
                for path_ in CHANGED[2:5]:
                    self.assertEqual("sieve-batch", get(rendered, path_))
                self.assertEqual(JINJA["{{ params.image }}"], rendered["spec"]["image"])
                self.assertEqual(without(original, CHANGED), without(rendered, CHANGED))
                # The operator loads the string as one mapping; Airflow would treat a string ending in .yaml as
                # a file name.
                self.assertFalse(text.rstrip().endswith((".yaml", ".yml", ".json")))

    def test_names_stay_valid_kubernetes_names(self):
        for path in spark_applications():
            with self.subTest(manifest=path.name):
                rendered = yaml.safe_load(render_application(path, "q", "p", "20250102"))
                name = rendered["metadata"]["name"]
                # Room for the operator's random suffix and Spark's "-ui-svc" within 63 characters.
                self.assertRegex(name, r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
                self.assertLessEqual(len(name), 40, name)

    def test_input_is_not_modified(self):
        doc = load(spark_applications()[0])[0]
        before = copy.deepcopy(doc)
        shape_application(doc, "q", "p", "1", image="i")
        self.assertEqual(before, doc)

    def test_creates_missing_sections(self):
        doc = {"apiVersion": "sparkoperator.k8s.io/v1beta2", "kind": "SparkApplication",
               "metadata": {"name": "x"}, "spec": {"type": "Java"}}
        out = shape_application(doc, "q", "p", "1")
        self.assertEqual({"queue": "q", "priorityClassName": "p"}, out["spec"]["batchSchedulerOptions"])
        self.assertEqual({"priorityClassName": "p"}, out["spec"]["driver"])
        self.assertEqual({"priorityClassName": "p"}, out["spec"]["executor"])

    def test_refuses_what_is_not_a_single_spark_application(self):
        for path in sorted(MANIFESTS.glob("*.yaml")):
            kinds = [d.get("kind") for d in load(path) if isinstance(d, dict)]
            if kinds != ["SparkApplication"]:
                with self.subTest(manifest=path.name):
                    with self.assertRaises(ValueError):
                        render_application(path, "q", "p", "1")
        with self.assertRaises(ValueError):
            shape_application({"kind": "SparkApplication", "metadata": {}}, "q", "p", "1")
        with self.assertRaises(ValueError):
            shape_application({"kind": "SparkApplication", "metadata": {"name": "x"}}, "q", "p", "")


class DagSourceTest(unittest.TestCase):
    """The DAG file, read as source: what it submits and in which order, without importing Airflow."""

    SOURCE = (DAGS / "sieve_pipeline.py").read_text(encoding="utf-8")

    def calls(self, name: str) -> list:
        return [n for n in ast.walk(ast.parse(self.SOURCE))
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name]

    def test_submits_existing_manifests(self):
        files = [c.args[0].value for c in self.calls("application")]
        self.assertEqual(["text-quality.yaml", "text-dedup.yaml", "image-manifest.yaml"], files)
        for f in files:
            self.assertTrue((MANIFESTS / f).is_file(), f)
        for f in re.findall(r"[\w.-]+\.ya?ml\b", self.SOURCE):
            self.assertTrue((MANIFESTS / f).is_file(), f"{f} is referenced but not in {MANIFESTS}")

    def test_tasks_and_order(self):
        ops = self.calls("SparkKubernetesOperator")
        task_ids = [next(k.value.value for k in c.keywords if k.arg == "task_id") for c in ops]
        self.assertEqual(["text_quality", "text_dedup", "image_manifest"], task_ids)
        for c in ops:
            self.assertIn("execution_timeout", [k.arg for k in c.keywords])
        self.assertIn("text_quality >> text_dedup", self.SOURCE)
        self.assertNotIn("image_manifest <<", self.SOURCE)
        self.assertNotIn(">> image_manifest", self.SOURCE)

    def test_dag_settings(self):
        for needle in ('dag_id="sieve_pipeline"', 'schedule="@daily"', "catchup=False", "max_active_runs=1",
                       '"retries": 2', '"retry_delay": timedelta(minutes=10)', 'kubernetes_conn_id="kubernetes_default"',
                       "get_logs=True", "delete_on_termination=True", '"team_queue": Param("team-data"',
                       '"priority_class": Param("sieve-normal"', 'namespace="{{ params.namespace }}"'):
            self.assertIn(needle, self.SOURCE)


if __name__ == "__main__":
    unittest.main()
