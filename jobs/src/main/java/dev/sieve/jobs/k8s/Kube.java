package dev.sieve.jobs.k8s;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/** The Kubernetes core types the operator's CRD embeds and the Sieve manifests use, with the CRD's fields. */
public final class Kube {
  private Kube() {}

  /** {@code EnvVar}. */
  public record EnvVar(String name, String value, EnvVarSource valueFrom) {
    public EnvVar {
      Manifests.required(name, "name");
    }

    public static EnvVar fromSecret(String name, String secret, String key) {
      return new EnvVar(name, null, new EnvVarSource(null, null, null, new KeySelector(key, secret, null)));
    }
  }

  /** {@code EnvVarSource}. */
  public record EnvVarSource(KeySelector configMapKeyRef, FieldSelector fieldRef, ResourceFieldSelector resourceFieldRef,
      KeySelector secretKeyRef) {}

  /** {@code SecretKeySelector} / {@code ConfigMapKeySelector}. */
  public record KeySelector(String key, String name, Boolean optional) {
    public KeySelector {
      Manifests.required(key, "key");
    }
  }

  /** {@code ObjectFieldSelector}. */
  public record FieldSelector(String apiVersion, String fieldPath) {
    public FieldSelector {
      Manifests.required(fieldPath, "fieldPath");
    }
  }

  /** {@code ResourceFieldSelector}; {@code divisor} is a quantity (a number or a string). */
  public record ResourceFieldSelector(String containerName, IntOrString divisor, String resource) {
    public ResourceFieldSelector {
      Manifests.required(resource, "resource");
    }
  }

  /** The CRD's {@code x-kubernetes-int-or-string}: an integer or a string, kept as written. */
  public record IntOrString(Object value) {
    public IntOrString {
      if (!(value instanceof Integer || value instanceof Long || value instanceof String)) {
        throw new IllegalArgumentException("expected an integer or a string, got " + value);
      }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static IntOrString of(Object value) {
      return new IntOrString(value);
    }

    @JsonValue
    public Object json() {
      return value;
    }
  }

  /** {@code Toleration}. */
  public record Toleration(String effect, String key, String operator, Long tolerationSeconds, String value) {}

  /** {@code SecurityContext} (container level). */
  public record SecurityContext(Boolean allowPrivilegeEscalation, Profile appArmorProfile, Capabilities capabilities,
      Boolean privileged, String procMount, Boolean readOnlyRootFilesystem, Long runAsGroup, Boolean runAsNonRoot,
      Long runAsUser, SeLinuxOptions seLinuxOptions, Profile seccompProfile, WindowsOptions windowsOptions) {}

  /** {@code PodSecurityContext}. */
  public record PodSecurityContext(Profile appArmorProfile, Long fsGroup, String fsGroupChangePolicy, Long runAsGroup,
      Boolean runAsNonRoot, Long runAsUser, String seLinuxChangePolicy, SeLinuxOptions seLinuxOptions,
      Profile seccompProfile, List<Long> supplementalGroups, String supplementalGroupsPolicy, List<Sysctl> sysctls,
      WindowsOptions windowsOptions) {}

  /** {@code Capabilities}. */
  public record Capabilities(List<String> add, List<String> drop) {}

  /** {@code SeccompProfile} / {@code AppArmorProfile}. */
  public record Profile(String localhostProfile, String type) {
    public Profile {
      Manifests.required(type, "type");
    }
  }

  /** {@code SELinuxOptions}. */
  public record SeLinuxOptions(String level, String role, String type, String user) {}

  /** {@code WindowsSecurityContextOptions}. */
  public record WindowsOptions(String gmsaCredentialSpec, String gmsaCredentialSpecName, Boolean hostProcess,
      String runAsUserName) {}

  /** {@code Sysctl}. */
  public record Sysctl(String name, String value) {
    public Sysctl {
      Manifests.required(name, "name");
      Manifests.required(value, "value");
    }
  }

  /** {@code VolumeMount}. */
  public record VolumeMount(String mountPath, String mountPropagation, String name, Boolean readOnly,
      String recursiveReadOnly, String subPath, String subPathExpr) {
    public VolumeMount {
      Manifests.required(mountPath, "mountPath");
      Manifests.required(name, "name");
    }
  }
}
