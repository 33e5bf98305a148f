"""Sieve's daily pipeline on ACK: text-quality, then text-dedup over its kept rows; image-manifest alongside.

Each task submits one of the repository's SparkApplication manifests (k8s/sparkapplications/) to the kubeflow
spark-operator with SparkKubernetesOperator, waits for the driver to finish and streams its log into the task log.
Before submitting, the manifest is shaped for the run (sieve_manifests.render_application): the team's queue and
priority class go into spec.batchSchedulerOptions and onto the driver and the executors, the image is set, and
metadata.name gets the run date (``sieve-text-quality-20250101``), so runs never collide and
``kubectl get sparkapplications -n sieve`` shows which day each one processed. Inputs and outputs are those of the
manifests.

Deploy:
    Copy airflow/dags/sieve_pipeline.py and airflow/dags/sieve_manifests.py into the DAGs folder, and make the
    manifests readable by the scheduler and the workers. The folder holding them is, in order: the Airflow Variable
    SIEVE_K8S_DIR (also settable as the environment variable AIRFLOW_VAR_SIEVE_K8S_DIR), the environment variable
    SIEVE_K8S_DIR, else k8s/sparkapplications of the checkout this file sits in (the DAGs folder pointing at, or
    git-syncing, the whole repository). It is read when the DAG file is parsed.
    Needs apache-airflow >= 2.4, apache-airflow-providers-cncf-kubernetes >= 7.14 (the operator waits for the driver
    itself), PyYAML, and the connection ``kubernetes_default`` to the ACK cluster whose identity may create, get and
    delete sparkapplications and get, list and watch pods (and read their logs) in the namespace. Suspend the
    ScheduledSparkApplication sieve-text-dedup-nightly when this DAG runs text-dedup: both write the same output,
    and Delta on OSS takes one writer per table at a time.

Params (set when triggering, or keep the defaults):
    namespace       the namespace the SparkApplications are created in (default "sieve"; the spark-operator must
                    watch it, and it must hold the Secret sieve-oss and the service account sieve-spark).
    team_queue      the batch scheduler queue (ack-kube-queue or Volcano), spec.batchSchedulerOptions.queue
                    (default "team-data").
    priority_class  the PriorityClass of the drivers and executors and of the batch scheduler
                    (default "sieve-normal"; the PriorityClasses in k8s/base also include sieve-high and sieve-batch).
    image           the Sieve image (default: SIEVE_IMAGE from a Variable or the environment, else the prod
                    overlay's registry.example.com/data/sieve:0.1.0).
"""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from pathlib import Path

import pendulum
from airflow import DAG
from airflow.models import Variable
from airflow.models.param import Param
from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator

from sieve_manifests import render_application

log = logging.getLogger(__name__)

DEFAULT_K8S_DIR = Path(__file__).resolve().parents[2] / "k8s" / "sparkapplications"
DEFAULT_IMAGE = "registry.example.com/data/sieve:0.1.0"
# Kubernetes object names (DNS-1123 labels): what a queue, a priority class and a namespace may be called.
K8S_NAME = r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
# An image reference: no blanks, quotes or braces, so the value cannot break the YAML it is rendered into.
IMAGE_REF = r"^[^\s'\"{}]+$"


def _setting(name: str, default: str) -> str:
    """An Airflow Variable, else the environment variable of the same name, else the default (read at parse time)."""
    fallback = os.environ.get(name) or default
    try:
        return Variable.get(name, default_var=fallback)
    except Exception as e:  # the metadata database may be unreachable while the file is parsed
        log.warning("could not read the Variable %s (%s); using %s", name, e, fallback)
        return fallback


K8S_DIR = Path(_setting("SIEVE_K8S_DIR", str(DEFAULT_K8S_DIR)))


def application(manifest: str) -> str:
    """The manifest k8s/sparkapplications/<manifest> as a YAML string that Airflow renders for each run."""
    return render_application(
        K8S_DIR / manifest,
        team_queue="{{ params.team_queue }}",
        priority_class="{{ params.priority_class }}",
        run_suffix="{{ ds_nodash }}",
        image="{{ params.image }}",
    )


with DAG(
    dag_id="sieve_pipeline",
    description="Sieve: text-quality then text-dedup, and image-manifest, as SparkApplications on ACK",
    doc_md=__doc__,
    schedule="@daily",
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args={
        "owner": "sieve",
        "retries": 2,
        "retry_delay": timedelta(minutes=10),
    },
    params={
        "namespace": Param("sieve", type="string", pattern=K8S_NAME,
                           description="Namespace of the SparkApplications"),
        "team_queue": Param("team-data", type="string", pattern=K8S_NAME,
                            description="Batch scheduler queue (spec.batchSchedulerOptions.queue)"),
        "priority_class": Param("sieve-normal", type="string", pattern=K8S_NAME,
                                description="PriorityClass of the driver, the executors and the batch scheduler"),
        "image": Param(_setting("SIEVE_IMAGE", DEFAULT_IMAGE), type="string", pattern=IMAGE_REF,
                       description="The Sieve image (spec.image)"),
    },
    tags=["sieve", "spark"],
) as dag:
    common = dict(
        namespace="{{ params.namespace }}",
        kubernetes_conn_id="kubernetes_default",
        get_logs=True,
        delete_on_termination=True,
    )

    text_quality = SparkKubernetesOperator(
        task_id="text_quality",
        application_file=application("text-quality.yaml"),
        execution_timeout=timedelta(hours=6),
        **common,
    )
    text_dedup = SparkKubernetesOperator(
        task_id="text_dedup",
        application_file=application("text-dedup.yaml"),
        execution_timeout=timedelta(hours=8),
        **common,
    )
    image_manifest = SparkKubernetesOperator(
        task_id="image_manifest",
        application_file=application("image-manifest.yaml"),
        execution_timeout=timedelta(hours=4),
        **common,
    )

    # text-dedup reads text-quality's kept rows; image-manifest is independent and runs alongside.
    text_quality >> text_dedup
