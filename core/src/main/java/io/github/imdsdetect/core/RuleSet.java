package io.github.imdsdetect.core;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A named, immutable list of rules. Two sets are built in: {@link #qradar()}, which reproduces
 * the reference QRadar AQL rule exactly, and {@link #defaults()}, which catches more and excuses
 * agents by process identity.
 */
public final class RuleSet {
  private final String name;
  private final String description;
  private final List<Rule> rules;
  private final boolean contextualSeverity;

  /**
   * Creates a rule set whose findings keep the severity their rule or indicator gives.
   *
   * @param name the set's name
   * @param description what the set catches
   * @param rules the rules in evaluation order; copied
   * @throws NullPointerException if any argument or rule is null
   * @throws IllegalArgumentException if two rules share an id
   */
  public RuleSet(String name, String description, List<Rule> rules) {
    this(name, description, rules, false);
  }

  /**
   * Creates a rule set.
   *
   * @param name the set's name
   * @param description what the set catches
   * @param rules the rules in evaluation order; copied
   * @param contextualSeverity whether the detector ranks findings by the kind of process and
   *     data, as described on {@link #defaults()}
   * @throws NullPointerException if any argument or rule is null
   * @throws IllegalArgumentException if two rules share an id
   */
  public RuleSet(String name, String description, List<Rule> rules, boolean contextualSeverity) {
    this.contextualSeverity = contextualSeverity;
    this.name = Objects.requireNonNull(name, "name");
    this.description = Objects.requireNonNull(description, "description");
    this.rules = List.copyOf(rules);
    Set<String> ids = new HashSet<>();
    for (Rule rule : this.rules) {
      if (!ids.add(rule.id())) {
        throw new IllegalArgumentException("duplicate rule id " + rule.id() + " in " + name);
      }
    }
  }

  /**
   * Returns the {@code qradar} parity set: the reference AQL rule's two patterns with AQL's
   * {@code ILIKE} wildcards and SQL NULL semantics. See {@link BuiltInRules} for every point.
   *
   * @return the shared {@code qradar} set
   */
  public static RuleSet qradar() {
    return BuiltInRules.QRADAR;
  }

  /**
   * Returns the {@code default} set. Its findings are ranked by context:
   *
   * <ul>
   *   <li>credentials or tokens requested by a shell, downloader, script interpreter or web server
   *       worker: {@link Severity#CRITICAL};
   *   <li>other metadata reached by such a process, or credentials by an unclassified process:
   *       {@link Severity#HIGH};
   *   <li>an application runtime or cloud CLI (java, dotnet, node, aws, gcloud, az), which reads
   *       metadata through its SDK: {@link Severity#LOW};
   *   <li>a command line of a firewall, routing, search or print command that only names the
   *       endpoint: {@link Severity#INFORMATIONAL}, except the route-change rule, which exists
   *       for exactly those commands.
   * </ul>
   *
   * <p>Everything else keeps its rule's or indicator's severity.
   *
   * @return the shared {@code default} set
   */
  public static RuleSet defaults() {
    return BuiltInRules.DEFAULT;
  }

  /**
   * Returns the {@code kubernetes-node} set: {@link #defaults()} plus exclusions for kubelet,
   * containerd shims, CNI plugins, the VPC CNI agent and cloud controllers, bound to their
   * executables without inheriting to their children, so a shell or curl in a pod stays a
   * finding.
   *
   * @return the shared {@code kubernetes-node} set
   */
  public static RuleSet kubernetesNode() {
    return BuiltInRules.KUBERNETES_NODE;
  }

  /**
   * Returns the {@code iac-runner} set: {@link #defaults()} plus exclusions for Terraform and
   * its provider plugins, Pulumi and its plugins, and the AWS CDK CLI. A shell or curl run by
   * these tools stays a finding.
   *
   * @return the shared {@code iac-runner} set
   */
  public static RuleSet iacRunner() {
    return BuiltInRules.IAC_RUNNER;
  }

  /**
   * Returns the names of the built-in sets.
   *
   * @return an immutable list of the names {@link #named} accepts
   */
  public static List<String> names() {
    return List.of("default", "qradar", "kubernetes-node", "iac-runner");
  }

  /**
   * Returns the built-in set with the given name.
   *
   * @param name one of {@link #names()}, compared case-sensitively
   * @return the shared built-in set
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if no built-in set has that name
   */
  public static RuleSet named(String name) {
    switch (name) {
      case "default":
        return defaults();
      case "qradar":
        return qradar();
      case "kubernetes-node":
        return kubernetesNode();
      case "iac-runner":
        return iacRunner();
      default:
        throw new IllegalArgumentException(
            "unknown rule set '" + name + "'; built-in sets are " + names());
    }
  }

  /**
   * Returns the set's name.
   *
   * @return the name, never null
   */
  public String name() {
    return name;
  }

  /**
   * Returns what the set catches.
   *
   * @return the description, never null
   */
  public String description() {
    return description;
  }

  /**
   * Returns whether the detector ranks findings by process and data kind.
   *
   * @return true if findings are ranked as described on {@link #defaults()}
   */
  public boolean contextualSeverity() {
    return contextualSeverity;
  }

  /**
   * Returns the rules in evaluation order.
   *
   * @return an immutable list
   */
  public List<Rule> rules() {
    return rules;
  }

  /**
   * Returns the rule with the given id.
   *
   * @param id the rule id
   * @return the rule, or null when no rule has that id
   */
  public Rule rule(String id) {
    for (Rule rule : rules) {
      if (rule.id().equals(id)) {
        return rule;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return name;
  }
}
