package io.github.imdsdetect.core;

import java.util.List;

/**
 * The built-in rule sets.
 *
 * <h2>{@code qradar}: parity with the reference AQL rule</h2>
 *
 * <p>The reference is a QRadar AQL search over the {@code events} table whose WHERE clause ORs
 * two patterns. Each pattern is one rule here, and these points of AQL's semantics are kept:
 *
 * <ol>
 *   <li>Pattern 1 compares {@code destinationip = '169.254.169.254'}: equality of the whole
 *       field, so {@code 169.254.169.254:80}, an IPv6 form or a padded form is not equal.
 *   <li>Pattern 1's exclusions are {@code "processname" NOT ILIKE '%...%'}. When the event has no
 *       process name the comparison is SQL NULL, the AND is not true, and pattern 1 does not fire:
 *       a connection to the metadata address with no process name is missed by the reference.
 *   <li>Pattern 2 ORs nine {@code "CommandLine" ILIKE '%...%'} tests and ANDs five
 *       {@code NOT ILIKE} exclusions on the same command line. A missing command line makes every
 *       test NULL, so pattern 2 does not fire.
 *   <li>{@code ILIKE} compares ASCII letters case-insensitively; {@code %} matches any run of
 *       chars and {@code _} exactly one char, also inside the patterns, so
 *       {@code '%google_guest_agent%'} also excludes {@code google-guest-agent} and
 *       {@code googleXguestXagent}. {@code .} and {@code /} are literal.
 *   <li>The exclusions of pattern 2 test the command line itself, so any command line that
 *       contains {@code cloud-init}, {@code waagent}, {@code amazon-ssm}, {@code aws-cfn-bootstrap}
 *       or {@code google?guest?agent} anywhere, a comment or a dummy argument included, is
 *       excluded. The {@code default} set does not have this weakness.
 *   <li>The query's time window ({@code starttime > NOW() - 86400000}), ordering and
 *       {@code LIMIT 500} select which rows a search returns and are not part of the per-event
 *       decision, so they are not reproduced: the scanner reports every matching event of its
 *       input, whatever its age.
 * </ol>
 *
 * <h2>{@code default}</h2>
 *
 * <p>Catches every real metadata access that {@code qradar} catches and more: the metadata
 * addresses in any notation ({@link MetadataAddresses}), AWS's IPv6 address, the ECS task
 * endpoint and Alibaba's address, metadata host names in DNS queries and URLs, DNS answers that
 * point at a metadata address, metadata request headers, and connections whose process is
 * unknown. Agents are excused by process identity ({@link Exclusion#processIdentity}), never by
 * words in the command line. Each rule's description states what it catches.
 */
final class BuiltInRules {
  private BuiltInRules() {}


  private static RuleSet qradarRules() {
    Rule connection =
        Rule.builder("qradar.pattern1.connection")
            .title("Network connection to 169.254.169.254 by a non-agent process (QRadar parity)")
            .description(
                "Pattern 1 of the reference AQL rule: destinationip equals 169.254.169.254 and"
                    + " the process name matches none of five agent patterns. A missing process"
                    + " name makes the rule quiet, as SQL NULL does in AQL.")
            .severity(Severity.MEDIUM)
            .fields(Field.DESTINATION_ADDRESS)
            .indicators(Indicator.equalTo("169.254.169.254"))
            .exclusions(
                List.of(
                    Exclusion.notLike(Field.PROCESS_NAME, "%AzureGuestAgent%"),
                    Exclusion.notLike(Field.PROCESS_NAME, "%amazon-ssm-agent%"),
                    Exclusion.notLike(Field.PROCESS_NAME, "%google_guest_agent%"),
                    Exclusion.notLike(Field.PROCESS_NAME, "%cloud-init%"),
                    Exclusion.notLike(Field.PROCESS_NAME, "%waagent%")))
            .build();
    Rule commandLine =
        Rule.builder("qradar.pattern2.cmdline")
            .title("Command line with a metadata API address or path (QRadar parity)")
            .description(
                "Pattern 2 of the reference AQL rule: the command line matches one of nine ILIKE"
                    + " patterns and none of five exclusion patterns.")
            .severity(Severity.MEDIUM)
            .fields(Field.COMMAND_LINE)
            .indicators(
                Indicator.like("%169.254.169.254%"),
                Indicator.like("%metadata/instance%"),
                Indicator.like("%iam/security-credentials%"),
                Indicator.like("%latest/meta-data%"),
                Indicator.like("%latest/dynamic%"),
                Indicator.like("%instance-identity%"),
                Indicator.like("%computeMetadata%"),
                Indicator.like("%metadata.google.internal%"),
                Indicator.like("%imds.azure.com%"))
            .exclusions(
                List.of(
                    Exclusion.notLike(Field.COMMAND_LINE, "%aws-cfn-bootstrap%"),
                    Exclusion.notLike(Field.COMMAND_LINE, "%cloud-init%"),
                    Exclusion.notLike(Field.COMMAND_LINE, "%amazon-ssm%"),
                    Exclusion.notLike(Field.COMMAND_LINE, "%google_guest_agent%"),
                    Exclusion.notLike(Field.COMMAND_LINE, "%waagent%")))
            .build();
    return new RuleSet(
        "qradar",
        "The reference QRadar AQL rule reproduced exactly, including ILIKE wildcards and SQL NULL",
        List.of(connection, commandLine));
  }

  private static final List<String> PYTHON =
      List.of("/usr/bin/python*", "/usr/libexec/platform-python*", "/usr/local/bin/python*");
  private static final List<String> SHELLS =
      List.of("/bin/sh", "/bin/bash", "/usr/bin/sh", "/usr/bin/bash", "/bin/dash", "/usr/bin/dash");

  /**
   * Cloud agents that read instance metadata as part of their job. Paths are the install
   * locations of each vendor's packages; a process elsewhere is not excused. Agents written in
   * Python or shell also list the installed scripts that an interpreter must run to be excused.
   * Each exclusion binds the agent process itself, never its children. SSM, the Azure extensions,
   * the Google script runner and cloud-init all run commands that operators supply, and attackers
   * with the same access can too, so a shell or curl they start stays a finding.
   */
  static final List<Exclusion> AGENTS =
      List.of(
          Exclusion.processIdentity(
              "agent.amazon-ssm-agent",
              "AWS Systems Manager agent reads instance identity and role credentials",
              List.of("amazon-ssm-agent", "ssm-agent-worker", "ssm-document-worker",
                  "ssm-session-worker", "amazon-ssm-agent.exe", "ssm-agent-worker.exe",
                  "ssm-document-worker.exe", "ssm-session-worker.exe"),
              List.of("/usr/bin/amazon-ssm-agent", "/usr/bin/ssm-agent-worker",
                  "/usr/bin/ssm-document-worker", "/usr/bin/ssm-session-worker",
                  "/snap/amazon-ssm-agent/*/amazon-ssm-agent",
                  "/snap/amazon-ssm-agent/*/ssm-agent-worker",
                  "/snap/amazon-ssm-agent/*/ssm-document-worker",
                  "/snap/amazon-ssm-agent/*/ssm-session-worker",
                  "c:/program files/amazon/ssm/*.exe"),
              List.of(), List.of()),
          Exclusion.processIdentity(
              "agent.aws-cfn-bootstrap",
              "AWS CloudFormation helper scripts read stack metadata and instance identity",
              List.of("cfn-init", "cfn-hup", "cfn-signal", "cfn-get-metadata", "cfn-init.exe",
                  "cfn-hup.exe", "cfn-signal.exe", "winhup.exe"),
              List.of("/opt/aws/bin/cfn-*", "/usr/local/bin/cfn-*",
                  "c:/program files/amazon/cfn-bootstrap/*.exe"),
              // Amazon Linux installs the helpers in /opt/aws/bin, pip in /usr/local/bin.
              List.of("/opt/aws/bin/cfn-init", "/opt/aws/bin/cfn-hup", "/opt/aws/bin/cfn-signal",
                  "/opt/aws/bin/cfn-get-metadata", "/usr/local/bin/cfn-init",
                  "/usr/local/bin/cfn-hup", "/usr/local/bin/cfn-signal",
                  "/usr/local/bin/cfn-get-metadata"),
              PYTHON),
          Exclusion.processIdentity(
              "agent.ec2-instance-connect",
              "EC2 Instance Connect reads the instance id and pushed SSH keys from metadata",
              List.of("eic_run_authorized_keys", "eic_curl_authorized_keys",
                  "eic_parse_authorized_keys"),
              List.of("/usr/share/ec2-instance-connect/eic_*", "/opt/aws/bin/eic_*"),
              List.of("/usr/share/ec2-instance-connect/eic_run_authorized_keys",
                  "/usr/share/ec2-instance-connect/eic_curl_authorized_keys",
                  "/usr/share/ec2-instance-connect/eic_parse_authorized_keys",
                  "/opt/aws/bin/eic_run_authorized_keys", "/opt/aws/bin/eic_curl_authorized_keys",
                  "/opt/aws/bin/eic_parse_authorized_keys"),
              SHELLS),
          Exclusion.processIdentity(
              "agent.ec2-net-utils",
              "amazon-ec2-net-utils reads interface metadata to configure secondary interfaces",
              List.of("setup-policy-routes", "ec2ifup", "ec2ifdown", "ec2ifscan"),
              List.of("/usr/bin/setup-policy-routes", "/usr/sbin/ec2ifup", "/usr/sbin/ec2ifdown",
                  "/usr/sbin/ec2ifscan", "/usr/lib/amazon-ec2-net-utils/*"),
              List.of("/usr/bin/setup-policy-routes", "/usr/sbin/ec2ifup", "/usr/sbin/ec2ifdown",
                  "/usr/sbin/ec2ifscan"),
              SHELLS),
          Exclusion.processIdentity(
              "agent.amazon-ecs-agent",
              "Amazon ECS container agent reads instance identity and serves task credentials",
              List.of("amazon-ecs-agent", "amazon-ecs-init", "ecs-init"),
              List.of("/agent", "/usr/libexec/amazon-ecs-init", "/usr/bin/amazon-ecs-init",
                  "c:/program files/amazon/ecs/*.exe"),
              List.of(), List.of()),
          Exclusion.processIdentity(
              "agent.azure-guest-agent",
              "Azure VM guest agent and its extensions read instance metadata and tokens",
              List.of("windowsazureguestagent.exe", "waappagent.exe", "azureguestagent",
                  "waagent", "networkwatcheragent.exe"),
              List.of("c:/windowsazure/*/*.exe", "c:/windowsazure/packages/guestagent/*.exe",
                  "c:/packages/plugins/*/*/*.exe", "c:/packages/plugins/*/*/*/*.exe",
                  "/usr/sbin/waagent", "/usr/bin/waagent", "/var/lib/waagent/*/*",
                  "/var/lib/waagent/*/bin/*"),
              // NOTE: an auto-updated agent runs "python3 -u bin/WALinuxAgent-*.egg" from its
              // directory under /var/lib/waagent. That relative path is not excused; the
              // absolute form is.
              List.of("/usr/sbin/waagent", "/usr/bin/waagent",
                  "/var/lib/waagent/walinuxagent-*/bin/walinuxagent-*.egg"),
              PYTHON),
          Exclusion.processIdentity(
              "agent.google-guest-agent",
              "Google guest environment daemons read metadata for accounts, network and scripts",
              List.of("google_guest_agent", "google_osconfig_agent", "google-guest-agent",
                  "google_metadata_script_runner", "gce_workload_cert_refresh",
                  "google_accounts_daemon", "google_clock_skew_daemon", "google_network_daemon",
                  "google_ip_forwarding_daemon", "gcewindowsagent.exe",
                  "googleosconfigagent.exe", "gcemetadatascripts.exe"),
              List.of("/usr/bin/google_*", "/usr/bin/gce_workload_cert_refresh",
                  "c:/program files/google/compute engine/*/*.exe",
                  "c:/program files/google/osconfig/*.exe"),
              // The Python daemons of the legacy guest environment (compute-image-packages).
              List.of("/usr/bin/google_accounts_daemon", "/usr/bin/google_clock_skew_daemon",
                  "/usr/bin/google_network_daemon", "/usr/bin/google_ip_forwarding_daemon",
                  "/usr/bin/google_instance_setup", "/usr/bin/google_metadata_script_runner"),
              PYTHON),
          Exclusion.processIdentity(
              "agent.cloud-init",
              "cloud-init reads instance metadata and user data at first boot",
              List.of("cloud-init", "cloudbase-init.exe"),
              List.of("/usr/bin/cloud-init",
                  "c:/program files/cloudbase solutions/cloudbase-init/python/scripts/*.exe"),
              List.of("/usr/bin/cloud-init"), PYTHON),
          Exclusion.processIdentity(
              "agent.afterburn",
              "Fedora CoreOS first-boot agents read metadata for SSH keys and host name",
              List.of("afterburn", "coreos-metadata", "ignition"),
              List.of("/usr/bin/afterburn", "/usr/bin/coreos-metadata", "/usr/bin/ignition"),
              List.of(), List.of()));

  private static RuleSet defaultRules() {
    Rule connection =
        Rule.builder("imds.net.connection")
            .title("Network connection to a cloud metadata address")
            .description(
                "A process connected to an instance metadata service: 169.254.169.254 (AWS,"
                    + " Azure, GCP, DigitalOcean, OpenStack, Oracle, Hetzner), fd00:ec2::254"
                    + " (AWS IPv6), 169.254.170.2 (ECS task metadata and credentials) or"
                    + " 100.100.100.200 (Alibaba), in any notation, including IPv4-mapped IPv6."
                    + " Fires when the process is unknown too. Agents are excused by identity.")
            .severity(Severity.MEDIUM)
            .fields(Field.DESTINATION_ADDRESS)
            .indicators(Indicator.metadataAddress())
            .exclusions(AGENTS)
            .build();
    Rule commandLineEndpoint =
        Rule.builder("imds.cmdline.endpoint")
            .title("Command line names a cloud metadata endpoint")
            .description(
                "The command line holds a metadata address or host name in any notation that"
                    + " resolvers accept (decimal, hex, octal, short forms, IPv6, wildcard-DNS"
                    + " names), found by decoding each token rather than by matching text.")
            .severity(Severity.MEDIUM)
            .fields(Field.COMMAND_LINE)
            .indicators(Indicator.metadataAddress())
            .exclusions(AGENTS)
            .build();
    Rule commandLineCredentials =
        Rule.builder("imds.cmdline.credentials")
            .title("Command line requests credentials or a token from a metadata service")
            .description(
                "The command line holds a metadata path or variable that returns credentials or"
                    + " tokens: AWS role credentials and the IMDSv2 session token, ECS task"
                    + " credentials, Azure managed-identity tokens, GCP service-account tokens.")
            .severity(Severity.HIGH)
            .fields(Field.COMMAND_LINE)
            .indicators(
                Indicator.contains("iam/security-credentials").withTarget("aws", "credentials"),
                Indicator.contains("latest/api/token").withTarget("aws", "token"),
                Indicator.contains("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
                    .withTarget("aws-ecs", "credentials"),
                Indicator.contains("AWS_CONTAINER_CREDENTIALS_FULL_URI")
                    .withTarget("aws-ecs", "credentials"),
                Indicator.regex("(?i)169\\.254\\.170\\.2(?::\\d+)?/v2/credentials", "/v2/credentials")
                    .withTarget("aws-ecs", "credentials"),
                Indicator.regex("(?i)(?:169\\.254\\.170\\.23|fd00:ec2::23\\]?)(?::\\d+)?/v1/credentials",
                        "/v1/credentials")
                    .withTarget("aws-eks", "credentials"),
                Indicator.contains("AWS_CONTAINER_AUTHORIZATION_TOKEN").withTarget("aws-eks",
                    "credentials"),
                Indicator.contains("ram/security-credentials").withTarget("alibaba", "credentials"),
                Indicator.contains("identity/oauth2/token").withTarget("azure", "token"),
                Indicator.contains("IDENTITY_ENDPOINT").withTarget("azure", "token"),
                Indicator.contains("MSI_ENDPOINT").withTarget("azure", "token"),
                Indicator.regex("(?i)service-accounts/[^/\\s'\"]+/(?:token|identity)",
                        "service-accounts/")
                    .withTarget("gcp", "token"),
                Indicator.regex("(?i)opc/v[12]/identity", "opc/v").withTarget("oracle", "token"))
            .exclusions(AGENTS)
            .build();
    Rule commandLinePath =
        Rule.builder("imds.cmdline.path")
            .title("Command line holds a metadata API path or request header")
            .description(
                "The command line holds a path or header that only metadata services use, even"
                    + " when the address is hidden in a variable: AWS latest/meta-data,"
                    + " latest/dynamic and latest/user-data, ECS_CONTAINER_METADATA_URI, Azure"
                    + " metadata/instance and the Metadata: true header, GCP computeMetadata/v1"
                    + " and the Metadata-Flavor: Google header, Oracle opc/v1 and opc/v2,"
                    + " DigitalOcean metadata/v1, OpenStack openstack/latest, Hetzner"
                    + " hetzner/v1/metadata.")
            .severity(Severity.MEDIUM)
            .fields(Field.COMMAND_LINE)
            .indicators(
                Indicator.contains("latest/meta-data").withTarget("aws", "metadata"),
                Indicator.contains("latest/dynamic/instance-identity")
                    .withTarget("aws", "identity-document"),
                Indicator.contains("latest/dynamic").withTarget("aws", "metadata"),
                Indicator.contains("latest/user-data").withTarget("aws", "user-data"),
                Indicator.contains("instance-identity").withTarget("aws", "identity-document"),
                Indicator.contains("ECS_CONTAINER_METADATA_URI").withTarget("aws-ecs", "metadata"),
                Indicator.contains("metadata/instance").withTarget("azure", "metadata"),
                Indicator.contains("metadata/attested").withTarget("azure", "identity-document"),
                Indicator.regex("(?i)\\bmetadata\\s*:\\s*true\\b", "metadata").withTarget("azure",
                    "metadata"),
                Indicator.contains("imds.azure.com").withTarget("azure", "metadata"),
                Indicator.contains("computeMetadata/v1").withTarget("gcp", "metadata"),
                Indicator.regex("(?i)metadata-flavor\\s*:\\s*google", "metadata-flavor")
                    .withTarget("gcp", "metadata"),
                Indicator.regex("(?i)\\bopc/v[12]/", "opc/v").withTarget("oracle", "metadata"),
                Indicator.regex("(?i)/metadata/v1(?:/|\\.json\\b)", "metadata/v1")
                    .withTarget("digitalocean", "metadata"),
                Indicator.contains("openstack/latest/user_data").withTarget("openstack",
                    "user-data"),
                Indicator.contains("openstack/latest/").withTarget("openstack", "metadata"),
                Indicator.contains("hetzner/v1/userdata").withTarget("hetzner", "user-data"),
                Indicator.contains("hetzner/v1/metadata").withTarget("hetzner", "metadata"))
            .exclusions(AGENTS)
            .build();
    Rule routeChange =
        Rule.builder("imds.cmdline.route-change")
            .title("Route or NAT change for a cloud metadata address")
            .description(
                "A routing, NAT or port-proxy command that names a metadata address: traffic to"
                    + " the metadata service can be redirected to a service the attacker runs"
                    + " (hijack), or requests can be forwarded to it from elsewhere. Commands"
                    + " that only block the address are not route changes.")
            .severity(Severity.HIGH)
            .fields(Field.COMMAND_LINE)
            .indicators(
                Indicator.regex("(?i)\\broute\\s+(?:-\\S+\\s+)*(?:add|replace|change|append)\\b",
                    "route"),
                Indicator.regex("(?i)-j\\s+(?:dnat|redirect)\\b", "-j"),
                Indicator.regex("(?i)\\bdnat\\s+to\\b", "dnat"),
                Indicator.regex("(?i)\\bportproxy\\s+(?:add|set)\\b", "portproxy"))
            .requiredIndicators(Indicator.metadataAddress())
            .exclusions(AGENTS)
            // Routes that drop traffic to the address block the service rather than hijack it.
            .exclusions(List.of(
                Exclusion.notLike(Field.COMMAND_LINE, "%blackhole%"),
                Exclusion.notLike(Field.COMMAND_LINE, "%prohibit%"),
                Exclusion.notLike(Field.COMMAND_LINE, "%unreachable%"),
                Exclusion.notLike(Field.COMMAND_LINE, "% reject%")))
            .build();
    Rule dnsQuery =
        Rule.builder("imds.dns.query")
            .title("DNS query for a cloud metadata host name")
            .description(
                "A process resolved metadata.google.internal, AWS's instance-data name or a"
                    + " wildcard-DNS name that embeds a metadata address. Agents are excused by"
                    + " identity.")
            .severity(Severity.MEDIUM)
            .fields(Field.DNS_QUERY_NAME)
            .indicators(Indicator.metadataAddress())
            .exclusions(AGENTS)
            .build();
    Rule dnsAnswer =
        Rule.builder("imds.dns.answer")
            .title("DNS answer points at a cloud metadata address")
            .description(
                "A name that is not a metadata host name resolved to a metadata address: DNS"
                    + " rebinding, used to get past SSRF filters that check the host name.")
            .severity(Severity.HIGH)
            .fields(Field.DNS_ANSWERS)
            .indicators(Indicator.metadataAddress())
            .exclusions(List.of(Exclusion.metadataHostQuery()))
            .build();
    Rule url =
        Rule.builder("imds.http.url")
            .title("HTTP request to a cloud metadata endpoint")
            .description(
                "An HTTP request's URL or host is a metadata address or host name, in any"
                    + " notation, as seen by a proxy, web log or network sensor.")
            .severity(Severity.HIGH)
            .fields(Field.URL_HOST, Field.URL)
            .indicators(Indicator.metadataAddress())
            .exclusions(AGENTS)
            .build();
    Rule header =
        Rule.builder("imds.http.header")
            .title("HTTP request carries a metadata service header")
            .description(
                "Headers that only metadata services ask for: Metadata-Flavor: Google (GCP),"
                    + " Metadata: true (Azure), X-aws-ec2-metadata-token and its TTL header"
                    + " (AWS IMDSv2), X-aliyun-ecs-metadata-token (Alibaba) and the fixed"
                    + " Authorization: Bearer Oracle (Oracle Cloud IMDSv2).")
            .severity(Severity.MEDIUM)
            .fields(Field.HTTP_HEADERS)
            .indicators(
                Indicator.regex("(?im)^\\s*metadata-flavor\\s*:\\s*google", "metadata-flavor")
                    .withTarget("gcp", "metadata"),
                Indicator.regex("(?im)^\\s*metadata\\s*:\\s*true", "metadata")
                    .withTarget("azure", "metadata"),
                Indicator.contains("x-aws-ec2-metadata-token").withTarget("aws", "token"),
                Indicator.contains("x-aliyun-ecs-metadata-token").withTarget("alibaba", "token")
                    .withSeverity(Severity.HIGH),
                Indicator.regex("(?im)^\\s*authorization\\s*:\\s*bearer\\s+oracle\\s*$",
                        "oracle")
                    .withTarget("oracle", "metadata"))
            .exclusions(AGENTS)
            .build();
    return new RuleSet(
        "default",
        "Metadata addresses in any notation, every major provider's paths and headers, DNS and"
            + " URLs, with agents excused by process identity",
        List.of(connection, commandLineEndpoint, commandLineCredentials, commandLinePath,
            routeChange, dnsQuery, dnsAnswer, url, header),
        true);
  }

  /** Node components of Kubernetes that read instance metadata; see kubernetesNode(). */
  static final List<Exclusion> KUBERNETES_NODE_COMPONENTS =
      List.of(
          Exclusion.processIdentity(
                  "k8s.kubelet",
                  "kubelet reads the node's instance id, zone and addresses at registration",
                  List.of("kubelet"),
                  List.of("/usr/bin/kubelet", "/usr/local/bin/kubelet", "/opt/bin/kubelet",
                      "/home/kubernetes/bin/kubelet", "c:/k/kubelet.exe"),
                  List.of(), List.of())
              .allowingUserDirectories(),
          Exclusion.processIdentity(
                  "k8s.containerd-shim",
                  "containerd shims resolve node metadata for sandboxes on some distributions",
                  List.of("containerd-shim", "containerd-shim-runc-v1", "containerd-shim-runc-v2"),
                  List.of("/usr/bin/containerd-shim*", "/usr/local/bin/containerd-shim*"),
                  List.of(), List.of()),
          Exclusion.processIdentity(
                  "k8s.cni",
                  "CNI plugins and the VPC CNI agent read interface and subnet metadata",
                  List.of("aws-k8s-agent", "aws-cni", "azure-vnet", "azure-vnet-ipam"),
                  List.of("/opt/cni/bin/*", "/app/aws-k8s-agent", "/app/aws-cni",
                      "/app/aws-vpc-cni"),
                  List.of(), List.of()),
          Exclusion.processIdentity(
                  "k8s.cloud-controller",
                  "cloud controller managers and CSI drivers read instance metadata for node"
                      + " lifecycle and volumes",
                  List.of("cloud-controller-manager", "aws-cloud-controller-manager",
                      "aws-ebs-csi-driver", "gke-metadata-server", "azure-cloud-node-manager"),
                  List.of("/bin/aws-cloud-controller-manager",
                      "/usr/local/bin/cloud-controller-manager", "/bin/aws-ebs-csi-driver",
                      "/gke-metadata-server", "/usr/local/bin/cloud-node-manager"),
                  List.of(), List.of()));

  /** Infrastructure-as-code tools that read instance metadata; see iacRunner(). */
  static final List<Exclusion> IAC_TOOLS =
      List.of(
          Exclusion.processIdentity(
                  "iac.terraform",
                  "Terraform and its provider plugins read instance credentials and region",
                  List.of("terraform"),
                  List.of("/usr/bin/terraform", "/usr/local/bin/terraform",
                      "**/.terraform/providers/*/*/*/*/*/terraform-provider-*",
                      "**/.terraform.d/plugin-cache/*/*/*/*/*/terraform-provider-*",
                      "**/.terraform.d/plugins/*/*/*/*/*/terraform-provider-*"),
                  List.of(), List.of())
              .allowingUserDirectories(),
          Exclusion.processIdentity(
                  "iac.pulumi",
                  "Pulumi and its resource plugins read instance credentials and region",
                  List.of("pulumi"),
                  List.of("/usr/bin/pulumi*", "/usr/local/bin/pulumi*", "**/.pulumi/bin/pulumi*",
                      "**/.pulumi/plugins/*/pulumi-resource-*"),
                  List.of(), List.of())
              .allowingUserDirectories(),
          Exclusion.processIdentity(
                  "iac.aws-cdk",
                  "The AWS CDK CLI reads instance credentials and region; it runs under node, so"
                      + " it is bound by the path of its script",
                  List.of("cdk"),
                  List.of(),
                  // Global npm installs, and a project's local install run through npx.
                  List.of("/usr/lib/node_modules/aws-cdk/bin/cdk",
                      "/usr/local/lib/node_modules/aws-cdk/bin/cdk",
                      "**/node_modules/aws-cdk/bin/cdk", "**/node_modules/.bin/cdk"),
                  List.of("/usr/bin/node", "/usr/local/bin/node")));

  private static RuleSet extend(RuleSet base, String name, String description,
      List<Exclusion> extra) {
    List<Rule> rules = new java.util.ArrayList<>();
    for (Rule rule : base.rules()) {
      if (rule.exclusions().containsAll(AGENTS)) {
        rules.add(rule.toBuilder().exclusions(extra).build());
      } else {
        rules.add(rule);
      }
    }
    return new RuleSet(name, description, rules, base.contextualSeverity());
  }

  // Declared last: static fields initialise in textual order, and these read AGENTS.
  static final RuleSet QRADAR = qradarRules();
  static final RuleSet DEFAULT = defaultRules();
  static final RuleSet KUBERNETES_NODE =
      extend(DEFAULT, "kubernetes-node",
          "The default set, plus kubelet, container shims, CNI plugins and cloud controllers on"
              + " Kubernetes nodes", KUBERNETES_NODE_COMPONENTS);
  static final RuleSet IAC_RUNNER =
      extend(DEFAULT, "iac-runner",
          "The default set, plus Terraform, Pulumi and AWS CDK on build or deployment runners",
          IAC_TOOLS);
}
