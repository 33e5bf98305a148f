/**
 * Models of the kubeflow spark-operator's custom resources ({@code sparkoperator.k8s.io/v1beta2}, as the operator's
 * v2.1.1 CRDs define them, which ACK's ack-spark-operator 2.1.x installs) and the strict YAML reading that checks a
 * manifest before a cluster sees it: an unknown or misspelled field, a value of the wrong type or outside an enum, or
 * a missing required field is an error naming its path.
 *
 * <p>The operator's own types ({@link dev.sieve.jobs.k8s.SparkApplication}, its driver and executor specs, restart
 * policy, dynamic allocation, monitoring, ...) are modelled field for field, and so are the Kubernetes core types the
 * Sieve manifests use ({@link dev.sieve.jobs.k8s.Kube}: environment variables, tolerations, security contexts,
 * volume mounts). The large core types Sieve does not use (affinity, pod templates, volumes, sidecars, init
 * containers, lifecycle, DNS config, host aliases, ports, ingress TLS) are kept as opaque YAML trees: read and written
 * back unchanged, validated by the API server, not here.
 */
package dev.sieve.jobs.k8s;
