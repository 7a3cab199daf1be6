package io.github.imdsdetect.generators;

import static io.github.imdsdetect.generators.RuleIds.CREDENTIALS;
import static io.github.imdsdetect.generators.RuleIds.ENDPOINT;
import static io.github.imdsdetect.generators.RuleIds.PATH;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Process-start events whose command line requests, names or imitates a metadata endpoint. The
 * expected rules come from what each event's text contains by construction: the endpoint rule for a
 * written endpoint, and the path, credential and header indicators of the request.
 */
final class CommandLineEvents {
  /** Encodings whose text alone, outside a URL, is a metadata endpoint. */
  static final Set<Encoding> STANDALONE =
      EnumSet.complementOf(
          EnumSet.of(Encoding.SHORT_HOST_NAME, Encoding.PERCENT_ENCODED_URL,
              Encoding.DOUBLE_PERCENT_ENCODED_URL, Encoding.PERCENT_ENCODED_HOST,
              Encoding.URL_USER_INFO, Encoding.BACKSLASH_URL, Encoding.IPV6_BRACKETS,
              Encoding.NONE));

  private static final List<String> BENIGN_PATHS = List.of("/", "/status", "/healthz", "/index.html");

  private CommandLineEvents() {}

  /**
   * Returns a request for metadata, or for credentials when {@code label} is {@link
   * Label#CREDENTIAL_ACCESS}, with the endpoint in {@code encoding}. {@link Encoding#NONE} gives
   * a request whose address is in a variable.
   */
  static Draft request(Label label, Encoding encoding, Choices choices) {
    if (encoding == Encoding.NONE) {
      return hiddenAddress(label, choices);
    }
    boolean credential = label == Label.CREDENTIAL_ACCESS;
    if (!credential && STANDALONE.contains(encoding) && choices.percent(12)) {
      return rawSocket(encoding, choices);
    }
    MetadataEndpoint endpoint = Endpoints.pick(encoding, credential, choices);
    Target target = choices.pick(Targets.servedBy(endpoint, credential));
    MetadataUrls.WrittenUrl written = MetadataUrls.write(endpoint, encoding, target, choices);
    String url = MetadataUrls.commandLineUrl(written.url(), encoding, choices);
    Tool tool = choices.pick(Tool.values());
    RequestHeader header = headerFor(target, choices);
    Draft draft = new Draft(label, encoding, Carrier.COMMAND_LINE)
        .process(tool.processName(), tool.executable())
        .arguments(tool.arguments(url, target.method(), header))
        .target(target.provider(), target.dataKind())
        .written(written.writtenEndpoint())
        .matches(requestRuleIds(target, url, header, tool.headerAsLine()))
        .describe(tool.processName() + " requests " + target.provider() + " "
            + target.dataKind() + " " + target.path() + " with the endpoint as " + encoding);
    return draft;
  }

  /** Returns the rules that a command line requesting {@code url} makes fire. */
  static Set<String> requestRuleIds(
      Target target, String url, RequestHeader header, boolean headerAsLine) {
    Set<String> ids = new TreeSet<>();
    ids.add(ENDPOINT);
    ids.addAll(target.commandLineRuleIds(url));
    if (header != null && headerAsLine) {
      ids.addAll(header.commandLineRuleIds());
    }
    return ids;
  }

  /**
   * Returns the header that the target needs, or for AWS and Alibaba GET requests sometimes the
   * IMDSv2 session token header, or null.
   */
  static RequestHeader headerFor(Target target, Choices choices) {
    if (target.header() != null) {
      return target.header();
    }
    if (target.method().equals("GET") && choices.percent(40)) {
      if (target.provider().equals("aws")) {
        return RequestHeader.AWS_TOKEN;
      }
      if (target.provider().equals("alibaba")) {
        return RequestHeader.ALIBABA_TOKEN;
      }
    }
    return null;
  }

  /** Returns a raw TCP connection by netcat or socat, with no path in the command line. */
  private static Draft rawSocket(Encoding encoding, Choices choices) {
    MetadataEndpoint endpoint = Endpoints.pick(encoding, false, choices);
    String address = AddressWriter.write(endpoint, encoding, choices, false);
    boolean ipv6 = address.indexOf(':') >= 0;
    List<String> args = ipv6 ? List.of("nc", "-6", address, "80") : List.of("nc", address, "80");
    return new Draft(Label.ACCESS, encoding, Carrier.COMMAND_LINE)
        .process("nc", "/usr/bin/nc")
        .arguments(args)
        .target(endpoint.provider(), "metadata")
        .written(address)
        .matches(Set.of(ENDPOINT))
        .describe("netcat opens a raw connection to the metadata endpoint written as " + encoding);
  }

  /** A request whose address is in a variable, as a shell receives it before expansion. */
  private record Hidden(
      String label, String command, String provider, String dataKind, Set<String> ruleIds) {}

  private static final List<Hidden> HIDDEN =
      List.of(
          new Hidden("CREDENTIAL_ACCESS",
              "curl -s -H \"X-aws-ec2-metadata-token: $TOKEN\""
                  + " http://$IMDS_HOST/latest/meta-data/iam/security-credentials/web-app-role",
              "aws", "credentials", Set.of(CREDENTIALS, PATH)),
          new Hidden("CREDENTIAL_ACCESS",
              "curl -s -H \"Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN\""
                  + " $AWS_CONTAINER_CREDENTIALS_FULL_URI",
              "aws-ecs", "credentials", Set.of(CREDENTIALS)),
          new Hidden("CREDENTIAL_ACCESS",
              "curl -s \"$IDENTITY_ENDPOINT?resource=https://vault.azure.net&api-version=2019-08-01\""
                  + " -H \"X-IDENTITY-HEADER: $IDENTITY_HEADER\"",
              "azure", "token", Set.of(CREDENTIALS)),
          new Hidden("CREDENTIAL_ACCESS",
              "curl -s \"$MSI_ENDPOINT?resource=https://vault.azure.net&api-version=2017-09-01\""
                  + " -H \"Secret: $MSI_SECRET\"",
              "azure", "token", Set.of(CREDENTIALS)),
          new Hidden("ACCESS", "curl -s ${ECS_CONTAINER_METADATA_URI_V4}/task", "aws-ecs",
              "metadata", Set.of(PATH)),
          new Hidden("ACCESS",
              "curl -s -H \"Metadata-Flavor: Google\""
                  + " \"http://$MD_HOST/computeMetadata/v1/instance/attributes/?recursive=true\"",
              "gcp", "metadata", Set.of(PATH)),
          new Hidden("ACCESS",
              "curl -s -H \"Metadata: true\" \"http://$IMDS/metadata/instance?api-version=2021-02-01\"",
              "azure", "metadata", Set.of(PATH)),
          new Hidden("ACCESS", "curl -s http://$MD/openstack/latest/user_data", "openstack",
              "user-data", Set.of(PATH)),
          new Hidden("ACCESS", "wget -qO- http://$MD/hetzner/v1/userdata", "hetzner", "user-data",
              Set.of(PATH)));

  private static Draft hiddenAddress(Label label, Choices choices) {
    List<Hidden> matching = new ArrayList<>();
    for (Hidden hidden : HIDDEN) {
      if (hidden.label().equals(label.name())) {
        matching.add(hidden);
      }
    }
    Hidden hidden = choices.pick(matching);
    boolean bash = choices.percent(50);
    return new Draft(label, Encoding.NONE, Carrier.COMMAND_LINE)
        .process(bash ? "bash" : "sh", bash ? "/usr/bin/bash" : "/bin/sh")
        .arguments(List.of(bash ? "bash" : "sh", "-c", hidden.command()))
        .target(hidden.provider(), hidden.dataKind())
        .matches(hidden.ruleIds())
        .describe("a shell requests " + hidden.provider() + " " + hidden.dataKind()
            + " with the address in a variable");
  }

  /**
   * Returns a command that only names an endpoint or path, which the default set ranks
   * INFORMATIONAL.
   */
  static Draft mention(Choices choices) {
    switch (choices.between(0, 6)) {
      case 0:
        return echoUrl(choices);
      case 1:
        return namedPath(choices);
      case 2:
        return firewallRule(choices);
      default:
        return searchOrEdit(choices);
    }
  }

  private static Draft echoUrl(Choices choices) {
    Encoding encoding = Encodings.pickExcept(choices, EnumSet.of(Encoding.BACKSLASH_URL,
        Encoding.NONE));
    MetadataEndpoint endpoint = Endpoints.pick(encoding, false, choices);
    Target target = choices.pick(Targets.servedBy(endpoint, false));
    MetadataUrls.WrittenUrl written = MetadataUrls.write(endpoint, encoding, target, choices);
    String url = MetadataUrls.commandLineUrl(written.url(), encoding, choices);
    return new Draft(Label.MENTION, encoding, Carrier.COMMAND_LINE)
        .process("echo", "/usr/bin/echo")
        .arguments(List.of("echo", url))
        .target(target.provider(), target.dataKind())
        .written(written.writtenEndpoint())
        .matches(requestRuleIds(target, url, null, false))
        .describe("echo prints a " + target.provider() + " metadata URL with the endpoint as "
            + encoding);
  }

  private static Draft namedPath(Choices choices) {
    boolean credentials = choices.percent(50);
    String pattern = credentials ? "iam/security-credentials" : "computeMetadata/v1";
    return new Draft(Label.MENTION, Encoding.NONE, Carrier.COMMAND_LINE)
        .process("grep", "/usr/bin/grep")
        .arguments(List.of("grep", "-rn", pattern, "deploy/"))
        .target(credentials ? "aws" : "gcp", credentials ? "credentials" : "metadata")
        .matches(Set.of(credentials ? CREDENTIALS : PATH))
        .describe("grep searches source files for the metadata path " + pattern);
  }

  private static Draft firewallRule(Choices choices) {
    boolean ipv6 = choices.percent(30);
    MetadataEndpoint endpoint = ipv6 ? MetadataEndpoint.IMDS_V6 : MetadataEndpoint.IMDS_V4;
    Encoding encoding = ipv6 ? Encoding.IPV6_COMPRESSED : Encoding.DOTTED_DECIMAL;
    String address = endpoint.connectAddress();
    String program = ipv6 ? "ip6tables" : "iptables";
    List<String> args;
    String description;
    if (!ipv6 && choices.percent(30)) {
      program = "ip";
      args = List.of("ip", "route", "get", address);
      description = "ip route get looks up the route to the metadata address";
    } else {
      args = List.of(program, "-A", "OUTPUT", "-d", address, "-m", "owner", "!", "--uid-owner",
          "0", "-j", "DROP");
      description = program + " blocks the metadata address for non-root users";
    }
    return new Draft(Label.MENTION, encoding, Carrier.COMMAND_LINE)
        .process(program, "/usr/sbin/" + program)
        .arguments(args)
        .target(endpoint.provider(), "metadata")
        .written(address)
        .matches(Set.of(ENDPOINT))
        .describe(description);
  }

  private static Draft searchOrEdit(Choices choices) {
    Encoding encoding = Encodings.pickFrom(choices, STANDALONE);
    MetadataEndpoint endpoint = Endpoints.pick(encoding, false, choices);
    String written = AddressWriter.write(endpoint, encoding, choices, false);
    Draft draft = new Draft(Label.MENTION, encoding, Carrier.COMMAND_LINE)
        .target(endpoint.provider(), "metadata")
        .written(written)
        .matches(Set.of(ENDPOINT));
    switch (choices.between(0, 3)) {
      case 0:
        return draft.process("grep", "/usr/bin/grep")
            .arguments(List.of("grep", "-rn", written, "/etc/"))
            .describe("grep searches configuration for the endpoint written as " + encoding);
      case 1:
        return draft.process("sed", "/usr/bin/sed")
            .arguments(List.of("sed", "-i", "s/" + written + "/127.0.0.1/", "/etc/app/app.conf"))
            .describe("sed rewrites the endpoint written as " + encoding + " in a config file");
      default:
        return draft.process("findstr.exe", "C:\\Windows\\System32\\findstr.exe")
            .arguments(List.of("findstr.exe", "/s", "/i", written, "C:\\inetpub\\wwwroot\\*.config"))
            .describe("findstr searches web configs for the endpoint written as " + encoding);
    }
  }

  /** Returns a command whose text looks like a metadata request but requests nothing from one. */
  static Draft nearMiss(Choices choices) {
    if (choices.percent(25)) {
      return nearMissWords(choices);
    }
    NearMisses.LookAlike lookAlike = NearMisses.pick(choices);
    String host = lookAlike.text();
    boolean needsBrackets = host.indexOf(':') >= 0 && !host.startsWith("[");
    String url = "http://" + (needsBrackets ? "[" + host + "]" : host) + choices.pick(BENIGN_PATHS);
    Tool tool = choices.pick(Tool.values());
    return new Draft(Label.NEAR_MISS, lookAlike.encoding(), Carrier.COMMAND_LINE)
        .process(tool.processName(), tool.executable())
        .arguments(tool.arguments(url, "GET", null))
        .written(host)
        .describe(tool.processName() + " requests " + lookAlike.description());
  }

  /** Digits of a metadata address inside longer tokens, and metadata-like words elsewhere. */
  private static Draft nearMissWords(Choices choices) {
    record Words(List<String> args, Encoding encoding, String written, String description) {}
    List<Words> all =
        List.of(
            new Words(List.of("tar", "-xzf", "backup-2852039166.tar.gz"), Encoding.DECIMAL_INTEGER,
                "backup-2852039166.tar.gz", "the decimal address inside an archive name"),
            new Words(List.of("curl", "-s", "-O",
                "https://files.example.test/releases/build2852039166.zip"),
                Encoding.DECIMAL_INTEGER, "build2852039166.zip",
                "the decimal address inside a file name"),
            new Words(List.of("cp", "order-2852039170.json", "/srv/archive/"),
                Encoding.DECIMAL_INTEGER, "order-2852039170.json",
                "the ECS address in decimal inside a file name"),
            new Words(List.of("git", "checkout", "release-0xa9fea9fe"), Encoding.HEX_INTEGER,
                "release-0xa9fea9fe", "the hex address inside a branch name"),
            new Words(List.of("docker", "pull", "registry.example.test/app:v1684301000-slim"),
                Encoding.DECIMAL_INTEGER, "v1684301000-slim",
                "the Alibaba address in decimal inside an image tag"),
            new Words(List.of("cat", "/srv/app/metadata"), Encoding.SHORT_HOST_NAME, "metadata",
                "the word metadata as a file name"),
            new Words(List.of("curl", "-s", "https://api.example.test/metadata/v10/items"),
                Encoding.NONE, "", "a metadata/v10 path on an ordinary API"),
            new Words(List.of("curl", "-s", "-O",
                "https://releases.example.test/latest/metadata.json"),
                Encoding.NONE, "", "a latest/metadata.json download"),
            new Words(List.of("tar", "-czf", "release-169.254.169.254.tar.gz", "dist/"),
                Encoding.DOTTED_DECIMAL, "release-169.254.169.254.tar.gz",
                "the dotted address inside an archive name"));
    Words words = choices.pick(all);
    String program = words.args().get(0);
    return new Draft(Label.NEAR_MISS, words.encoding(), Carrier.COMMAND_LINE)
        .process(program, "/usr/bin/" + program)
        .arguments(words.args())
        .written(words.written())
        .describe(program + " names " + words.description());
  }
}
