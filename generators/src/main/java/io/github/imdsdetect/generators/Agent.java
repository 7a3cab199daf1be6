package io.github.imdsdetect.generators;

import java.util.List;

/**
 * A cloud agent as its process appears in events, with the default rule set's exclusion that
 * excuses it. The paths are the agents' install locations, which the exclusions in the core's
 * {@code BuiltInRules.AGENTS} list.
 *
 * @param processName the process name; for a script, the script's name and not the interpreter's
 * @param executable the executable path, or null for events that name only the process
 * @param exclusionId the id of the exclusion that excuses the agent
 * @param arguments the argument vector, or empty when events need none. An agent run by an
 *     interpreter needs its script's installed path here, because the exclusion excuses the
 *     interpreter only for that script and never for its process name alone.
 */
record Agent(String processName, String executable, String exclusionId, List<String> arguments) {

  Agent(String processName, String executable, String exclusionId) {
    this(processName, executable, exclusionId, List.of());
  }

  static final String SSM = "agent.amazon-ssm-agent";
  static final String CFN = "agent.aws-cfn-bootstrap";
  static final String INSTANCE_CONNECT = "agent.ec2-instance-connect";
  static final String NET_UTILS = "agent.ec2-net-utils";
  static final String ECS = "agent.amazon-ecs-agent";
  static final String AZURE = "agent.azure-guest-agent";
  static final String GOOGLE = "agent.google-guest-agent";
  static final String CLOUD_INIT = "agent.cloud-init";
  static final String AFTERBURN = "agent.afterburn";

  static final List<Agent> ALL =
      List.of(
          new Agent("amazon-ssm-agent", "/usr/bin/amazon-ssm-agent", SSM),
          new Agent("ssm-agent-worker", "/snap/amazon-ssm-agent/7628/ssm-agent-worker", SSM),
          new Agent("amazon-ssm-agent.exe",
              "C:\\Program Files\\Amazon\\SSM\\amazon-ssm-agent.exe", SSM),
          new Agent("amazon-ssm-agent", null, SSM),
          new Agent("cfn-init", "/opt/aws/bin/cfn-init", CFN),
          new Agent("cfn-hup", "/usr/bin/python3.9", CFN,
              List.of("/usr/bin/python3.9", "/opt/aws/bin/cfn-hup")),
          new Agent("eic_run_authorized_keys",
              "/usr/share/ec2-instance-connect/eic_run_authorized_keys", INSTANCE_CONNECT),
          new Agent("setup-policy-routes", "/usr/bin/setup-policy-routes", NET_UTILS),
          new Agent("ec2ifscan", "/usr/sbin/ec2ifscan", NET_UTILS),
          new Agent("amazon-ecs-agent", "/agent", ECS),
          new Agent("amazon-ecs-init", "/usr/libexec/amazon-ecs-init", ECS),
          new Agent("WindowsAzureGuestAgent.exe",
              "C:\\WindowsAzure\\GuestAgent_2.7.41491.1102_2023-10-05_080000"
                  + "\\WindowsAzureGuestAgent.exe",
              AZURE),
          new Agent("waagent", "/usr/sbin/waagent", AZURE),
          new Agent("waagent", "/usr/bin/python3", AZURE,
              List.of("/usr/bin/python3", "-u", "/usr/sbin/waagent", "-run-exthandlers")),
          new Agent("run-command-extension",
              "/var/lib/waagent/Microsoft.CPlat.Core.RunCommandLinux-1.0.5/bin/"
                  + "run-command-extension",
              AZURE),
          new Agent("google_guest_agent", "/usr/bin/google_guest_agent", GOOGLE),
          new Agent("google_osconfig_agent", "/usr/bin/google_osconfig_agent", GOOGLE),
          new Agent("google_accounts", "/usr/bin/python3", GOOGLE,
              List.of("/usr/bin/python3", "/usr/bin/google_accounts_daemon")),
          new Agent("GCEWindowsAgent.exe",
              "C:\\Program Files\\Google\\Compute Engine\\agent\\GCEWindowsAgent.exe", GOOGLE),
          new Agent("google_guest_agent", null, GOOGLE),
          new Agent("cloud-init", "/usr/bin/cloud-init", CLOUD_INIT),
          new Agent("cloud-init", "/usr/bin/python3", CLOUD_INIT,
              List.of("/usr/bin/python3", "/usr/bin/cloud-init", "modules", "--mode=config")),
          new Agent("cloudbase-init.exe",
              "C:\\Program Files\\Cloudbase Solutions\\Cloudbase-Init\\Python\\Scripts"
                  + "\\cloudbase-init.exe",
              CLOUD_INIT),
          new Agent("afterburn", "/usr/bin/afterburn", AFTERBURN));

  /** Agents that resolve metadata host names themselves, for DNS events. */
  static final List<Agent> RESOLVERS =
      List.of(
          new Agent("google_guest_agent", "/usr/bin/google_guest_agent", GOOGLE),
          new Agent("GCEWindowsAgent.exe",
              "C:\\Program Files\\Google\\Compute Engine\\agent\\GCEWindowsAgent.exe", GOOGLE),
          new Agent("amazon-ssm-agent", "/usr/bin/amazon-ssm-agent", SSM),
          new Agent("cloud-init", "/usr/bin/cloud-init", CLOUD_INIT));

  /**
   * Agent executables that start helpers such as curl. The helpers do not inherit the excuse:
   * each process is judged by its own identity.
   */
  static final List<Agent> PARENTS =
      List.of(
          new Agent("waagent", "/usr/sbin/waagent", AZURE),
          new Agent("google_guest_agent", "/usr/bin/google_guest_agent", GOOGLE),
          new Agent("amazon-ssm-agent", "/usr/bin/amazon-ssm-agent", SSM));
}
