package io.github.imdsdetect.core;

import static io.github.imdsdetect.core.Severity.CRITICAL;
import static io.github.imdsdetect.core.Severity.HIGH;
import static io.github.imdsdetect.core.Severity.INFORMATIONAL;
import static io.github.imdsdetect.core.Severity.LOW;
import static io.github.imdsdetect.core.Severity.MEDIUM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table of events and the verdict each built-in profile should reach on them: the exact set of
 * rules that fire, the maximum severity, the exclusions that quiet a rule, and for selected
 * findings the provider and data kind. Near misses expect an empty verdict.
 *
 * <p>Each row states the verdict the detector should reach. NOTE: some rows fail against the
 * current rules. A comment above each such row gives the reason for its expectation, and a
 * comment that starts with "Debatable" marks a judgment call.
 *
 * <p>Every event is built in memory. No test resolves a name or opens a connection.
 */
class DefaultProfileTableTest {
  private static final String CONNECTION = "imds.net.connection";
  private static final String ENDPOINT = "imds.cmdline.endpoint";
  private static final String CREDENTIALS = "imds.cmdline.credentials";
  private static final String PATH = "imds.cmdline.path";
  private static final String ROUTE = "imds.cmdline.route-change";
  private static final String DNS_QUERY = "imds.dns.query";
  private static final String DNS_ANSWER = "imds.dns.answer";
  private static final String URL = "imds.http.url";
  private static final String HEADER = "imds.http.header";

  private static final String QRADAR_CONNECTION = "qradar.pattern1.connection";
  private static final String QRADAR_COMMAND_LINE = "qradar.pattern2.cmdline";

  private static final String SSM = "agent.amazon-ssm-agent";
  private static final String CFN = "agent.aws-cfn-bootstrap";
  private static final String INSTANCE_CONNECT = "agent.ec2-instance-connect";
  private static final String NET_UTILS = "agent.ec2-net-utils";
  private static final String ECS_AGENT = "agent.amazon-ecs-agent";
  private static final String AZURE_AGENT = "agent.azure-guest-agent";
  private static final String GOOGLE_AGENT = "agent.google-guest-agent";
  private static final String CLOUD_INIT = "agent.cloud-init";
  private static final String AFTERBURN = "agent.afterburn";
  private static final String EXPECTED_DNS_ANSWER = "dns.question-is-metadata-host";

  private static final String AWS_CREDENTIALS_URL =
      "http://169.254.169.254/latest/meta-data/iam/security-credentials/app-role";
  private static final String AWS_INSTANCE_ID_URL =
      "http://169.254.169.254/latest/meta-data/instance-id";

  private static final Map<String, Detector> DETECTORS =
      Map.of(
          "default", Detector.create(RuleSet.defaults()),
          "qradar", Detector.create(RuleSet.qradar()),
          "kubernetes-node", Detector.create(RuleSet.kubernetesNode()),
          "iac-runner", Detector.create(RuleSet.iacRunner()));

  /** A provider and data kind that at least one finding of a rule must carry. */
  private record Target(String ruleId, String provider, String dataKind) {}

  /** One table row: an event, the profile that reads it, and the expected verdict. */
  static final class Case {
    private final String name;
    private final SimpleEvent.Builder event = SimpleEvent.builder();
    private String profile = "default";
    private final Set<String> rules = new TreeSet<>();
    private Severity maxSeverity;
    private final Set<String> quietedBy = new TreeSet<>();
    private final List<Target> targets = new ArrayList<>();

    private Case(String name) {
      this.name = name;
    }

    Case profile(String value) {
      profile = value;
      return this;
    }

    Case processName(String value) {
      event.processName(value);
      return this;
    }

    Case executable(String value) {
      event.processExecutable(value);
      return this;
    }

    Case commandLine(String value) {
      event.commandLine(value);
      return this;
    }

    Case parent(String executable) {
      event.parentProcessExecutable(executable);
      return this;
    }

    Case destination(String address, int port) {
      event.destinationAddress(address).destinationPort(port);
      return this;
    }

    Case dns(String question, String answers) {
      event.dnsQueryName(question).dnsAnswers(answers);
      return this;
    }

    Case url(String value) {
      event.url(value);
      return this;
    }

    Case urlHost(String value) {
      event.urlHost(value);
      return this;
    }

    Case urlPath(String value) {
      event.urlPath(value);
      return this;
    }

    Case method(String value) {
      event.httpMethod(value);
      return this;
    }

    Case headers(String value) {
      event.httpHeaders(value);
      return this;
    }

    /** Expects exactly these rules to fire, at this maximum severity. */
    Case fires(Severity max, String... ruleIds) {
      rules.addAll(Arrays.asList(ruleIds));
      maxSeverity = max;
      return this;
    }

    /** Expects no finding. */
    Case none() {
      rules.clear();
      maxSeverity = null;
      return this;
    }

    /** Expects exactly these exclusions to quiet at least one rule each. */
    Case quietedBy(String... exclusionIds) {
      quietedBy.addAll(Arrays.asList(exclusionIds));
      return this;
    }

    Case target(String ruleId, String provider, String dataKind) {
      targets.add(new Target(ruleId, provider, dataKind));
      return this;
    }

    SimpleEvent build() {
      return event.build();
    }

    @Override
    public String toString() {
      return "[" + profile + "] " + name;
    }
  }

  private static Case row(String name) {
    return new Case(name);
  }

  /** Returns a row for a command line run by /usr/bin/curl. */
  private static Case curl(String name, String commandLine) {
    return row(name).processName("curl").executable("/usr/bin/curl").commandLine(commandLine);
  }

  /** Returns a row for a connection to 169.254.169.254:80 by the given process. */
  private static Case connection(String name, String processName, String executable) {
    return row(name).processName(processName).executable(executable)
        .destination("169.254.169.254", 80);
  }

  /** Returns a row for a connection to the given address by a process the event does not name. */
  private static Case address(String name, String destination) {
    return row(name).destination(destination, 80);
  }

  static Stream<Case> cases() {
    return Stream.of(
            ipv4Forms(),
            ipv6Forms(),
            hostNames(),
            dnsAnswers(),
            urlTricks(),
            headers(),
            aws(),
            ecs(),
            azure(),
            gcp(),
            otherProviders(),
            severityByProcess(),
            mentions(),
            agentsByIdentity(),
            impostors(),
            commandLineWords(),
            parentBinding(),
            kubernetesNode(),
            iacRunner(),
            windowsDevicePaths(),
            atomicScenarios())
        .flatMap(List::stream);
  }

  private static List<Case> ipv4Forms() {
    return List.of(
        curl("ipv4 dotted decimal", "curl -s http://169.254.169.254/")
            .fires(HIGH, ENDPOINT).target(ENDPOINT, "aws", "metadata"),
        curl("ipv4 32-bit decimal", "curl -s http://2852039166/")
            .fires(HIGH, ENDPOINT).target(ENDPOINT, "aws", "metadata"),
        curl("ipv4 hex integer", "curl -s http://0xA9FEA9FE/")
            .fires(HIGH, ENDPOINT).target(ENDPOINT, "aws", "metadata"),
        curl("ipv4 hex integer zero-padded", "curl -s http://0x00a9fea9fe/")
            .fires(HIGH, ENDPOINT).target(ENDPOINT, "aws", "metadata"),
        curl("ipv4 per-octet hex", "curl -s http://0xa9.0xfe.0xa9.0xfe/")
            .fires(HIGH, ENDPOINT).target(ENDPOINT, "aws", "metadata"),
        curl("ipv4 per-octet hex upper-case", "curl -s http://0XA9.0XFE.0XA9.0XFE/")
            .fires(HIGH, ENDPOINT),
        curl("ipv4 per-octet octal", "curl -s http://0251.0376.0251.0376/")
            .fires(HIGH, ENDPOINT).target(ENDPOINT, "aws", "metadata"),
        curl("ipv4 octal extra leading zeros", "curl -s http://000251.00376.0251.0376/")
            .fires(HIGH, ENDPOINT),
        curl("ipv4 octal integer", "curl -s http://025177524776/")
            .fires(HIGH, ENDPOINT),
        curl("ipv4 mixed bases", "curl -s http://169.0376.0xa9.254/")
            .fires(HIGH, ENDPOINT).target(ENDPOINT, "aws", "metadata"),
        curl("ipv4 three-part short form", "curl -s http://169.254.43518/")
            .fires(HIGH, ENDPOINT),
        curl("ipv4 two-part short form", "curl -s http://169.16689662/")
            .fires(HIGH, ENDPOINT),
        curl("ipv4 two-part hex short form", "curl -s http://0xa9.0xfea9fe/")
            .fires(HIGH, ENDPOINT),
        curl("ipv4 ECS address as decimal", "curl -s http://2852039170/v2/metadata")
            .fires(HIGH, ENDPOINT).target(ENDPOINT, "aws-ecs", "metadata"),
        curl("ipv4 Alibaba address as hex", "curl -s http://0x646464c8/latest/meta-data/")
            .fires(HIGH, ENDPOINT, PATH).target(ENDPOINT, "alibaba", "metadata"),
        curl("ipv4 Alibaba address as decimal", "curl -s http://1684301000/")
            .fires(HIGH, ENDPOINT).target(ENDPOINT, "alibaba", "metadata"),
        // Near misses: valid addresses next to a metadata address, or digits that are no address.
        curl("near miss: neighbouring decimal 2852039165", "curl -s http://2852039165/").none(),
        curl("near miss: extra digit 169.254.169.2549", "curl -s http://169.254.169.2549/")
            .none(),
        curl("near miss: five parts 11.169.254.169.0", "curl -s http://11.169.254.169.0/")
            .none(),
        curl("near miss: neighbour 169.254.169.250", "curl -s http://169.254.169.250/").none(),
        curl("near miss: Amazon Time Sync 169.254.169.123", "curl -s http://169.254.169.123/")
            .none(),
        curl("near miss: invalid octal 0169.254.169.254", "curl -s http://0169.254.169.254/")
            .none(),
        curl("near miss: octal last part 169.254.169.0254", "curl -s http://169.254.169.0254/")
            .none(),
        curl("near miss: decimal inside a file name",
                "curl -s -O http://files.example.test/backup-2852039166.tar")
            .none(),
        // Out-of-range text that wraps once to a metadata address: a low-severity finding.
        curl("out of range: last byte 510", "curl -s http://169.254.169.510/")
            .fires(LOW, ENDPOINT).target(ENDPOINT, "unknown", "metadata"),
        curl("out of range: every byte wraps", "curl -s http://425.510.425.510/")
            .fires(LOW, ENDPOINT),
        curl("out of range: 33-bit hex", "curl -s http://0x1a9fea9fe/")
            .fires(LOW, ENDPOINT),
        curl("out of range: decimal plus 2^32", "curl -s http://7147006462/")
            .fires(LOW, ENDPOINT),
        curl("out of range: two wraps in hex", "curl -s http://0x2a9fea9fe/").none(),
        curl("out of range: two wraps in decimal", "curl -s http://11441973758/").none(),
        curl("out of range: wraps to no metadata address", "curl -s http://256.0.0.1/").none());
  }

  private static List<Case> ipv6Forms() {
    return List.of(
        address("ipv6 AWS compressed", "fd00:ec2::254")
            .fires(MEDIUM, CONNECTION).target(CONNECTION, "aws", "metadata"),
        address("ipv6 AWS full", "fd00:ec2:0:0:0:0:0:254").fires(MEDIUM, CONNECTION),
        address("ipv6 AWS zero-padded full", "fd00:0ec2:0000:0000:0000:0000:0000:0254")
            .fires(MEDIUM, CONNECTION),
        address("ipv6 AWS upper-case", "FD00:EC2::254").fires(MEDIUM, CONNECTION),
        address("ipv6 AWS in brackets", "[fd00:ec2::254]").fires(MEDIUM, CONNECTION),
        address("ipv6 AWS with zone id", "fd00:ec2::254%eth0").fires(MEDIUM, CONNECTION),
        address("ipv6 AWS brackets and port", "[fd00:ec2::254]:80").fires(MEDIUM, CONNECTION),
        curl("ipv6 AWS URL with zone and port",
                "curl -g \"http://[fd00:ec2::254%25eth0]:80/latest/meta-data/\"")
            .fires(HIGH, ENDPOINT, PATH).target(ENDPOINT, "aws", "metadata"),
        address("near miss: ipv6 fd00:ec2::253", "fd00:ec2::253").none(),
        address("near miss: ipv6 fd00:ec2::254:1", "fd00:ec2::254:1").none(),
        address("near miss: ipv6 fd00:ec3::254", "fd00:ec3::254").none(),
        address("mapped dotted 169.254.169.254", "::ffff:169.254.169.254")
            .fires(MEDIUM, CONNECTION).target(CONNECTION, "aws", "metadata"),
        address("mapped hex 169.254.169.254", "::ffff:a9fe:a9fe").fires(MEDIUM, CONNECTION),
        address("mapped full form 169.254.169.254", "0:0:0:0:0:ffff:a9fe:a9fe")
            .fires(MEDIUM, CONNECTION),
        address("compatible dotted 169.254.169.254", "::169.254.169.254")
            .fires(MEDIUM, CONNECTION),
        address("compatible hex 169.254.169.254", "::a9fe:a9fe").fires(MEDIUM, CONNECTION),
        address("mapped dotted 169.254.170.2", "::ffff:169.254.170.2")
            .fires(MEDIUM, CONNECTION).target(CONNECTION, "aws-ecs", "metadata"),
        address("mapped hex 169.254.170.2", "::ffff:a9fe:aa02")
            .fires(MEDIUM, CONNECTION).target(CONNECTION, "aws-ecs", "metadata"),
        address("compatible hex 169.254.170.2", "::a9fe:aa02")
            .fires(MEDIUM, CONNECTION).target(CONNECTION, "aws-ecs", "metadata"),
        address("mapped dotted 100.100.100.200", "::ffff:100.100.100.200")
            .fires(MEDIUM, CONNECTION).target(CONNECTION, "alibaba", "metadata"),
        address("mapped hex 100.100.100.200", "::ffff:6464:64c8")
            .fires(MEDIUM, CONNECTION).target(CONNECTION, "alibaba", "metadata"),
        address("compatible dotted 100.100.100.200", "::100.100.100.200")
            .fires(MEDIUM, CONNECTION).target(CONNECTION, "alibaba", "metadata"),
        address("near miss: mapped private address", "::ffff:10.0.0.1").none(),
        address("near miss: mapped 169.254.169.253", "::ffff:169.254.169.253").none(),
        address("ipv4 ECS 169.254.170.2", "169.254.170.2")
            .fires(MEDIUM, CONNECTION).target(CONNECTION, "aws-ecs", "metadata"),
        address("ipv4 Alibaba 100.100.100.200", "100.100.100.200")
            .fires(MEDIUM, CONNECTION).target(CONNECTION, "alibaba", "metadata"),
        address("ipv4 with port", "169.254.169.254:80").fires(MEDIUM, CONNECTION),
        // OpenStack Nova also serves metadata at fe80::a9fe:a9fe, since the Victoria release.
        address("ipv6 OpenStack link-local address", "fe80::a9fe:a9fe")
            .fires(MEDIUM, CONNECTION),
        // Several SSRF filter projects list fd20:ce::254 as GCP's IPv6 metadata address.
        address("ipv6 GCP address", "fd20:ce::254")
            .fires(MEDIUM, CONNECTION).target(CONNECTION, "gcp", "metadata"),
        address("ipv6 GCP zero-padded full", "fd20:00ce:0000:0000:0000:0000:0000:0254")
            .fires(MEDIUM, CONNECTION).target(CONNECTION, "gcp", "metadata"),
        address("ipv6 GCP brackets and port", "[FD20:CE::254]:80").fires(MEDIUM, CONNECTION),
        curl("ipv6 GCP URL with zone",
                "curl -g -H \"Metadata-Flavor: Google\""
                    + " \"http://[fd20:ce::254%25eth0]/computeMetadata/v1/project/project-id\"")
            .fires(HIGH, ENDPOINT, PATH).target(ENDPOINT, "gcp", "metadata"),
        address("near miss: ipv6 fd20:ce::253", "fd20:ce::253").none(),
        address("near miss: ipv6 fd20:cf::254", "fd20:cf::254").none(),
        address("ipv4 with surrounding spaces", " 169.254.169.254 ")
            .fires(MEDIUM, CONNECTION).target(CONNECTION, "aws", "metadata"),
        address("ipv4 with surrounding tab and newline", "\t169.254.169.254\n")
            .fires(MEDIUM, CONNECTION),
        address("near miss: 169.254.170.3", "169.254.170.3").none(),
        address("near miss: 100.100.100.201", "100.100.100.201").none(),
        address("near miss: AWS DNS resolver 169.254.169.253", "169.254.169.253").none());
  }

  private static List<Case> hostNames() {
    return List.of(
        row("dns metadata.google.internal").dns("metadata.google.internal", null)
            .fires(MEDIUM, DNS_QUERY).target(DNS_QUERY, "gcp", "metadata"),
        row("dns metadata name in mixed case with trailing dot")
            .dns("METADATA.Google.Internal.", null).fires(MEDIUM, DNS_QUERY),
        row("dns metadata name queried by curl").processName("curl")
            .executable("/usr/bin/curl").dns("metadata.google.internal", null)
            .fires(HIGH, DNS_QUERY),
        row("near miss: dns look-alike suffix")
            .dns("metadata.google.internal.attacker.test", null).none(),
        row("near miss: dns look-alike prefix").dns("xmetadata.google.internal", null).none(),
        // Several SSRF filter projects list metadata.goog as a name of GCP's metadata server.
        row("dns metadata.goog").dns("metadata.goog", null)
            .fires(MEDIUM, DNS_QUERY).target(DNS_QUERY, "gcp", "metadata"),
        row("dns metadata.goog answered with the metadata address")
            .dns("metadata.goog", "169.254.169.254").fires(MEDIUM, DNS_QUERY)
            .quietedBy(EXPECTED_DNS_ANSWER),
        row("url host metadata.goog").urlHost("metadata.goog")
            .fires(HIGH, URL).target(URL, "gcp", "metadata"),
        row("near miss: dns metadata.googleapis.com").dns("metadata.googleapis.com", null).none(),
        row("near miss: dns metadata.goog look-alike suffix")
            .dns("metadata.goog.attacker.test", null).none(),
        row("near miss: dns metadata.goog look-alike prefix").dns("xmetadata.goog", null).none(),
        row("near miss: dns bare metadata name").dns("metadata", null).none(),
        row("near miss: dns reverse lookup of 169.254.169.254")
            .dns("254.169.254.169.in-addr.arpa", null).none(),
        row("dns instance-data.ec2.internal").dns("instance-data.ec2.internal", null)
            .fires(MEDIUM, DNS_QUERY).target(DNS_QUERY, "aws", "metadata"),
        row("dns instance-data regional name")
            .dns("instance-data.eu-west-1.compute.internal", null).fires(MEDIUM, DNS_QUERY),
        row("near miss: dns instance-data in another domain")
            .dns("instance-data.example.test", null).none(),
        row("dns nip.io dotted name").dns("169.254.169.254.nip.io", null)
            .fires(MEDIUM, DNS_QUERY).target(DNS_QUERY, "aws", "metadata"),
        row("dns nip.io name with prefix label").dns("app.169.254.169.254.nip.io", null)
            .fires(MEDIUM, DNS_QUERY),
        row("dns sslip.io dashed name").dns("169-254-169-254.sslip.io", null)
            .fires(MEDIUM, DNS_QUERY),
        row("dns nip.io hex name").dns("a9fea9fe.nip.io", null).fires(MEDIUM, DNS_QUERY),
        row("dns sslip.io dashed IPv6 name").dns("fd00-ec2--254.sslip.io", null)
            .fires(MEDIUM, DNS_QUERY).target(DNS_QUERY, "aws", "metadata"),
        row("dns rbndr.us rebinding name").dns("7f000001.a9fea9fe.rbndr.us", null)
            .fires(MEDIUM, DNS_QUERY),
        row("dns sslip.io ECS address").dns("169-254-170-2.sslip.io", null)
            .fires(MEDIUM, DNS_QUERY).target(DNS_QUERY, "aws-ecs", "metadata"),
        row("near miss: dns nip.io private address").dns("10.0.0.1.nip.io", null).none(),
        row("near miss: dns address under a plain domain")
            .dns("169.254.169.254.example.test", null).none(),
        row("url host short metadata name").urlHost("metadata")
            .fires(HIGH, URL).target(URL, "gcp", "metadata"),
        row("url host metadata.google.internal").urlHost("metadata.google.internal")
            .fires(HIGH, URL),
        curl("short metadata name in a URL",
                "curl -s -H \"Metadata-Flavor: Google\" http://metadata/computeMetadata/v1/instance/hostname")
            .fires(HIGH, ENDPOINT, PATH).target(ENDPOINT, "gcp", "metadata"),
        curl("near miss: metadata-server host name",
                "curl -s http://metadata-server.example.test/api")
            .none(),
        row("near miss: metadata as a file name").processName("cat").executable("/usr/bin/cat")
            .commandLine("cat /srv/app/metadata").none(),
        curl("instance-data host in a URL",
                "curl -s http://instance-data/latest/meta-data/instance-id")
            .fires(HIGH, ENDPOINT, PATH).target(ENDPOINT, "aws", "metadata"),
        curl("nip.io host in a URL", "curl -s http://169.254.169.254.nip.io/latest/meta-data/")
            .fires(HIGH, ENDPOINT, PATH));
  }

  private static List<Case> dnsAnswers() {
    return List.of(
        row("dns rebinding to 169.254.169.254").dns("rebind.attacker.test", "169.254.169.254")
            .fires(HIGH, DNS_ANSWER).target(DNS_ANSWER, "aws", "metadata"),
        row("dns rebinding to the ECS address among others")
            .dns("rebind.attacker.test", "10.0.0.1, 169.254.170.2")
            .fires(HIGH, DNS_ANSWER).target(DNS_ANSWER, "aws-ecs", "metadata"),
        row("dns rebinding to a mapped IPv6 answer")
            .dns("rebind.attacker.test", "::ffff:169.254.169.254").fires(HIGH, DNS_ANSWER),
        row("dns expected answer for metadata.google.internal")
            .dns("metadata.google.internal", "169.254.169.254")
            .fires(MEDIUM, DNS_QUERY).quietedBy(EXPECTED_DNS_ANSWER),
        row("dns expected answer for instance-data")
            .dns("instance-data.ec2.internal", "169.254.169.254")
            .fires(MEDIUM, DNS_QUERY).quietedBy(EXPECTED_DNS_ANSWER),
        // Debatable, because the query rule already reports the name. A wildcard-DNS name is no
        // metadata host name, and resolving one to a metadata address is the filter bypass that
        // the answer rule exists for.
        row("dns nip.io name answered with the metadata address")
            .dns("169.254.169.254.nip.io", "169.254.169.254")
            .fires(HIGH, DNS_QUERY, DNS_ANSWER),
        row("near miss: dns ordinary answer").dns("www.example.test", "93.184.216.34").none(),
        row("near miss: dns answer 169.254.169.253").dns("resolver.example.test", "169.254.169.253")
            .none());
  }

  private static List<Case> urlTricks() {
    return List.of(
        row("url plain IMDS URL").url("http://169.254.169.254/latest/meta-data/")
            .fires(HIGH, URL).target(URL, "aws", "metadata"),
        row("url with user info before the address")
            .url("http://trusted.test@169.254.169.254/latest/meta-data/").fires(HIGH, URL),
        row("url with user info before the short name")
            .url("http://trusted.test@metadata/computeMetadata/v1/")
            .fires(HIGH, URL).target(URL, "gcp", "metadata"),
        curl("user name and password before the address",
                "curl -s http://admin:secret@169.254.169.254/latest/meta-data/")
            .fires(HIGH, ENDPOINT, PATH),
        row("url with backslash before the user info")
            .url("http://trusted.test\\@169.254.169.254/").fires(HIGH, URL),
        row("url with backslashes for slashes")
            .url("http:\\\\169.254.169.254\\latest\\meta-data\\").fires(HIGH, URL),
        row("url short name after backslashes")
            .url("http:\\\\metadata\\computeMetadata\\v1\\").fires(HIGH, URL),
        row("url percent-encoded target in a query")
            .url("http://app.test/proxy?url=http%3A%2F%2F169.254.169.254%2Flatest%2Fmeta-data%2F")
            .fires(HIGH, URL),
        row("url percent-encoded short name in a query")
            .url("http://app.test/proxy?url=http%3A%2F%2Fmetadata%2FcomputeMetadata%2Fv1%2F")
            .fires(HIGH, URL),
        // Decoding twice gives http://169.254.169.254/latest/, so the target is the metadata
        // address.
        row("url double-encoded target in a query")
            .url("http://app.test/proxy?url=http%253A%252F%252F169.254.169.254%252Flatest%252F")
            .fires(HIGH, URL),
        // WHATWG URL parsers decode "%2E" in a host, so this host is 169.254.169.254.
        row("url host with percent-encoded dots")
            .url("http://169%2E254%2E169%2E254/latest/meta-data/").fires(HIGH, URL),
        // Decoded once, the query is a role credentials URL. The Event Javadoc states that the
        // detector decodes URL escapes.
        curl("percent-encoded credentials path in a query",
                "curl -s \"http://app.test/fetch?url=http%3A%2F%2F169.254.169.254%2Flatest%2Fmeta-data%2Fiam%2Fsecurity-credentials%2F\"")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH),
        row("url redirector parameter").url("http://redirect.test/?to=http://169.254.169.254/")
            .fires(HIGH, URL),
        row("url host nip.io name").urlHost("169.254.169.254.nip.io").fires(HIGH, URL),
        row("url host hex nip.io name with port").urlHost("a9fea9fe.nip.io:8080")
            .fires(HIGH, URL),
        row("url host decimal address").urlHost("2852039166").fires(HIGH, URL),
        row("url host mapped IPv6 in brackets").urlHost("[::ffff:a9fe:a9fe]").fires(HIGH, URL),
        row("url host IPv6 AWS in brackets").urlHost("[fd00:ec2::254]").fires(HIGH, URL),
        row("near miss: url host look-alike suffix")
            .urlHost("metadata.google.internal.attacker.test").none(),
        row("near miss: url host look-alike prefix").urlHost("xmetadata.google.internal").none(),
        row("near miss: url metadata in a path")
            .url("https://docs.example.test/guide/metadata/index.html").none(),
        row("near miss: url IMDS path on another host").urlHost("example.test")
            .urlPath("/latest/meta-data/").none(),
        // The URL requests role credentials, and the default set ranks credentials requested by
        // a web server worker as CRITICAL.
        row("url credentials requested by a web worker").processName("gunicorn")
            .url(AWS_CREDENTIALS_URL).fires(CRITICAL, URL).target(URL, "aws", "credentials"));
  }

  private static List<Case> headers() {
    return List.of(
        row("header Metadata-Flavor with metadata host").urlHost("metadata.google.internal")
            .headers("Metadata-Flavor: Google")
            .fires(HIGH, URL, HEADER).target(HEADER, "gcp", "metadata"),
        row("header Metadata-Flavor alone").urlHost("app.test").headers("Metadata-Flavor: Google")
            .fires(MEDIUM, HEADER),
        row("header Metadata-Flavor in lower case").headers("metadata-flavor: google")
            .fires(MEDIUM, HEADER),
        row("header Metadata-Flavor on a later line")
            .headers("Accept: */*\nMetadata-Flavor: Google").fires(MEDIUM, HEADER),
        row("header Azure Metadata true").headers("Metadata: true")
            .fires(MEDIUM, HEADER).target(HEADER, "azure", "metadata"),
        row("header IMDSv2 session token").headers("X-aws-ec2-metadata-token: AQAEAExample==")
            .fires(HIGH, HEADER).target(HEADER, "aws", "token"),
        row("header IMDSv2 token PUT with TTL").method("PUT").urlHost("169.254.169.254")
            .urlPath("/latest/api/token").headers("X-aws-ec2-metadata-token-ttl-seconds: 21600")
            .fires(HIGH, URL, HEADER).target(HEADER, "aws", "token"),
        // Only metadata services use Alibaba's session-token header and Oracle's fixed bearer
        // value.
        row("header Alibaba metadata token").headers("X-aliyun-ecs-metadata-token: AAAExample")
            .fires(HIGH, HEADER).target(HEADER, "alibaba", "token"),
        row("header Oracle fixed bearer value").headers("Authorization: Bearer Oracle")
            .fires(MEDIUM, HEADER).target(HEADER, "oracle", "metadata"),
        row("near miss: header X-Metadata").headers("X-Metadata: true").none(),
        row("near miss: header Metadata false").headers("Metadata: false").none(),
        row("near miss: header user agent").headers("User-Agent: metadata-sync/1.0").none());
  }

  private static List<Case> aws() {
    return List.of(
        curl("aws IMDSv1 instance id", "curl -s " + AWS_INSTANCE_ID_URL)
            .fires(HIGH, ENDPOINT, PATH).target(PATH, "aws", "metadata"),
        curl("aws IMDSv1 user data", "curl -s http://169.254.169.254/latest/user-data")
            .fires(HIGH, ENDPOINT, PATH).target(PATH, "aws", "user-data"),
        curl("aws identity document",
                "curl -s http://169.254.169.254/latest/dynamic/instance-identity/document")
            .fires(HIGH, ENDPOINT, PATH).target(PATH, "aws", "identity-document"),
        curl("aws IMDSv2 token PUT",
                "curl -s -X PUT \"http://169.254.169.254/latest/api/token\""
                    + " -H \"X-aws-ec2-metadata-token-ttl-seconds: 21600\"")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS).target(CREDENTIALS, "aws", "token"),
        curl("aws IMDSv2 credentials with address in a variable",
                "curl -s -H \"X-aws-ec2-metadata-token: $TOKEN\""
                    + " http://$IMDS_HOST/latest/meta-data/iam/security-credentials/app-role")
            .fires(CRITICAL, CREDENTIALS, PATH).target(CREDENTIALS, "aws", "credentials"),
        curl("aws IMDS over IPv6", "curl -s http://[fd00:ec2::254]/latest/meta-data/instance-id")
            .fires(HIGH, ENDPOINT, PATH).target(ENDPOINT, "aws", "metadata"),
        curl("near miss: aws metadata.json download",
                "curl -s -O https://releases.example.test/latest/metadata.json")
            .none(),
        curl("near miss: aws STS endpoint", "curl -s https://sts.amazonaws.com/").none());
  }

  private static List<Case> ecs() {
    return List.of(
        curl("ecs task credentials path",
                "curl -s http://169.254.170.2/v2/credentials/3f1c0a52-5e0b-4c8e-9d55-0c5f1e7b2a10")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS)
            .target(CREDENTIALS, "aws-ecs", "credentials").target(ENDPOINT, "aws-ecs", "credentials"),
        curl("ecs relative URI variable",
                "curl -s 169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS).target(CREDENTIALS, "aws-ecs", "credentials"),
        row("ecs full URI variable from a shell").processName("sh").executable("/bin/sh")
            .commandLine("sh -c 'curl -s -H \"Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN\""
                + " $AWS_CONTAINER_CREDENTIALS_FULL_URI'")
            .fires(CRITICAL, CREDENTIALS).target(CREDENTIALS, "aws-ecs", "credentials"),
        curl("ecs task metadata variable", "curl -s ${ECS_CONTAINER_METADATA_URI_V4}/task")
            .fires(HIGH, PATH).target(PATH, "aws-ecs", "metadata"),
        curl("ecs task metadata by address", "curl -s http://169.254.170.2/v2/metadata")
            .fires(HIGH, ENDPOINT).target(ENDPOINT, "aws-ecs", "metadata"),
        row("ecs relative URI printed by echo").processName("echo")
            .commandLine("echo $AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
            .fires(INFORMATIONAL, CREDENTIALS),
        row("near miss: ecs unrelated variable").processName("printenv")
            .commandLine("printenv AWS_REGION").none(),
        // Debatable, because the default set does not list 169.254.170.23 yet. The EKS Pod
        // Identity agent serves pod credentials there, in the same way as the ECS endpoint.
        curl("eks pod identity credentials",
                "curl -s -H \"Authorization: $(cat $AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE)\""
                    + " http://169.254.170.23/v1/credentials")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS));
  }

  private static List<Case> azure() {
    return List.of(
        curl("azure instance metadata",
                "curl -s -H Metadata:true --noproxy \"*\""
                    + " \"http://169.254.169.254/metadata/instance?api-version=2021-02-01\"")
            .fires(HIGH, ENDPOINT, PATH).target(PATH, "azure", "metadata"),
        curl("azure managed identity token",
                "curl -s -H Metadata:true \"http://169.254.169.254/metadata/identity/oauth2/token"
                    + "?api-version=2018-02-01&resource=https://management.azure.com/\"")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH).target(CREDENTIALS, "azure", "token"),
        curl("azure attested document",
                "curl -s -H Metadata:true"
                    + " \"http://169.254.169.254/metadata/attested/document?api-version=2020-09-01\"")
            .fires(HIGH, ENDPOINT, PATH).target(PATH, "azure", "identity-document"),
        curl("azure app service IDENTITY_ENDPOINT",
                "curl -s \"$IDENTITY_ENDPOINT?resource=https://vault.azure.net&api-version=2019-08-01\""
                    + " -H \"X-IDENTITY-HEADER: $IDENTITY_HEADER\"")
            .fires(CRITICAL, CREDENTIALS).target(CREDENTIALS, "azure", "token"),
        curl("azure app service MSI_ENDPOINT",
                "curl -s \"$MSI_ENDPOINT?resource=https://vault.azure.net&api-version=2017-09-01\""
                    + " -H \"Secret: $MSI_SECRET\"")
            .fires(CRITICAL, CREDENTIALS).target(CREDENTIALS, "azure", "token"),
        curl("azure Metadata header with address in a variable",
                "curl -s -H \"Metadata: true\" \"http://$IMDS/metadata/versions\"")
            .fires(HIGH, PATH).target(PATH, "azure", "metadata"),
        curl("near miss: azure management API",
                "curl -s https://management.azure.com/subscriptions?api-version=2020-01-01")
            .none(),
        row("near miss: azure CLI listing VMs").processName("az").commandLine("az vm list -o table")
            .none());
  }

  private static List<Case> gcp() {
    return List.of(
        curl("gcp service account token",
                "curl -s -H \"Metadata-Flavor: Google\" \"http://metadata.google.internal/"
                    + "computeMetadata/v1/instance/service-accounts/default/token\"")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH)
            .target(CREDENTIALS, "gcp", "token").target(ENDPOINT, "gcp", "token"),
        curl("gcp identity token",
                "curl -s -H \"Metadata-Flavor: Google\" \"http://metadata.google.internal/"
                    + "computeMetadata/v1/instance/service-accounts/default/identity"
                    + "?audience=https://service.example.test\"")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH).target(CREDENTIALS, "gcp", "token"),
        curl("gcp project id by address",
                "curl -s -H \"Metadata-Flavor: Google\""
                    + " http://169.254.169.254/computeMetadata/v1/project/project-id")
            .fires(HIGH, ENDPOINT, PATH).target(PATH, "gcp", "metadata"),
        curl("gcp header with host in a variable",
                "curl -s -H \"Metadata-Flavor: Google\""
                    + " \"http://$MD_HOST/computeMetadata/v1/instance/attributes/?recursive=true\"")
            .fires(HIGH, PATH).target(PATH, "gcp", "metadata"),
        row("near miss: gcp gcloud listing instances").processName("gcloud")
            .commandLine("gcloud compute instances list").none(),
        curl("near miss: gcp compute API",
                "curl -s https://compute.googleapis.com/compute/v1/projects/demo/zones")
            .none());
  }

  private static List<Case> otherProviders() {
    return List.of(
        curl("alibaba instance id",
                "curl -s http://100.100.100.200/latest/meta-data/instance-id")
            .fires(HIGH, ENDPOINT, PATH).target(ENDPOINT, "alibaba", "metadata"),
        // Alibaba serves RAM role credentials under ram/security-credentials.
        curl("alibaba RAM role credentials",
                "curl -s http://100.100.100.200/latest/meta-data/ram/security-credentials/EcsRamRole")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH)
            .target(CREDENTIALS, "alibaba", "credentials"),
        curl("oracle IMDSv2 instance",
                "curl -s -H \"Authorization: Bearer Oracle\" http://169.254.169.254/opc/v2/instance/")
            .fires(HIGH, ENDPOINT, PATH).target(PATH, "oracle", "metadata"),
        curl("oracle IMDSv1 instance", "curl -s http://169.254.169.254/opc/v1/instance/")
            .fires(HIGH, ENDPOINT, PATH).target(PATH, "oracle", "metadata"),
        curl("oracle identity certificate",
                "curl -s -H \"Authorization: Bearer Oracle\""
                    + " http://169.254.169.254/opc/v2/identity/cert.pem")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH).target(CREDENTIALS, "oracle", "token"),
        curl("digitalocean droplet id", "curl -s http://169.254.169.254/metadata/v1/id")
            .fires(HIGH, ENDPOINT, PATH).target(PATH, "digitalocean", "metadata"),
        curl("digitalocean full JSON", "curl -s http://169.254.169.254/metadata/v1.json")
            .fires(HIGH, ENDPOINT, PATH).target(PATH, "digitalocean", "metadata"),
        curl("near miss: digitalocean-like v10 path",
                "curl -s https://api.example.test/metadata/v10/items")
            .none(),
        curl("openstack meta_data.json",
                "curl -s http://169.254.169.254/openstack/latest/meta_data.json")
            .fires(HIGH, ENDPOINT, PATH).target(PATH, "openstack", "metadata"),
        // The path rule's description covers openstack/latest, and user_data is served under it.
        curl("openstack user_data with address in a variable",
                "curl -s http://$MD/openstack/latest/user_data")
            .fires(HIGH, PATH),
        curl("hetzner metadata", "curl -s http://169.254.169.254/hetzner/v1/metadata")
            .fires(HIGH, ENDPOINT, PATH).target(PATH, "hetzner", "metadata"),
        curl("hetzner instance id",
                "curl -s http://169.254.169.254/hetzner/v1/metadata/instance-id")
            .fires(HIGH, ENDPOINT, PATH).target(PATH, "hetzner", "metadata"),
        // Hetzner serves user data at hetzner/v1/userdata, a path not verified against
        // Hetzner's own documentation.
        curl("hetzner user data with address in a variable",
                "curl -s http://$MD/hetzner/v1/userdata")
            .fires(HIGH, PATH));
  }

  private static List<Case> severityByProcess() {
    return List.of(
        row("severity: credentials by wget").processName("wget")
            .commandLine("wget -qO- " + AWS_CREDENTIALS_URL)
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH),
        row("severity: credentials by bash").processName("bash").executable("/bin/bash")
            .commandLine("bash -c 'curl -s " + AWS_CREDENTIALS_URL + "'")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH),
        row("severity: credentials by pwsh").processName("pwsh")
            .commandLine("pwsh -c \"Invoke-RestMethod -Uri " + AWS_CREDENTIALS_URL + "\"")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH),
        row("severity: credentials by perl").processName("perl")
            .commandLine("perl -MLWP::Simple -e 'print get(\"" + AWS_CREDENTIALS_URL + "\")'")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH),
        row("severity: credentials by versioned python").processName("python3.11")
            .commandLine("python3.11 fetch.py " + AWS_CREDENTIALS_URL)
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH),
        row("severity: credentials by java").processName("java")
            .commandLine("java -Dimds.url=" + AWS_CREDENTIALS_URL + " -jar app.jar")
            .fires(LOW, ENDPOINT, CREDENTIALS, PATH),
        row("severity: credentials by node").processName("node")
            .commandLine("node fetch.js " + AWS_CREDENTIALS_URL)
            .fires(LOW, ENDPOINT, CREDENTIALS, PATH),
        row("severity: credentials by unclassified").executable("/opt/monitor/bin/collector")
            .commandLine("/opt/monitor/bin/collector --endpoint " + AWS_CREDENTIALS_URL)
            .fires(HIGH, ENDPOINT, CREDENTIALS, PATH),
        row("severity: instance id by unclassified").executable("/opt/monitor/bin/collector")
            .commandLine("/opt/monitor/bin/collector --endpoint " + AWS_INSTANCE_ID_URL)
            .fires(MEDIUM, ENDPOINT, PATH),
        // A program in a world-writable or hidden directory ranks like a downloader, whatever
        // its name.
        row("severity: credentials by /tmp/x").processName("x").executable("/tmp/x")
            .commandLine("/tmp/x -s " + AWS_CREDENTIALS_URL)
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH),
        row("severity: credentials by hidden file in /dev/shm").processName(".k")
            .executable("/dev/shm/.k").commandLine("/dev/shm/.k -s " + AWS_CREDENTIALS_URL)
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH),
        row("severity: token by /var/tmp program").processName("curl")
            .executable("/var/tmp/cache/curl")
            .commandLine("curl -X PUT http://169.254.169.254/latest/api/token")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS),
        row("severity: credentials by hidden directory").processName("kworker")
            .executable("/var/www/html/.cache/kworker")
            .commandLine("kworker " + AWS_CREDENTIALS_URL)
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH),
        row("severity: token by memfd program").processName("x")
            .executable("/memfd:x (deleted)")
            .commandLine("x http://metadata.google.internal/computeMetadata/v1/instance/"
                + "service-accounts/default/token")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH),
        connection("severity: connection by /tmp program", "x", "/tmp/x")
            .fires(HIGH, CONNECTION),
        row("severity: credentials by unknown helper").processName("aws-helper")
            .executable("/usr/local/bin/aws-helper")
            .commandLine("aws-helper --url " + AWS_CREDENTIALS_URL)
            .fires(HIGH, ENDPOINT, CREDENTIALS, PATH),
        row("severity: token by unknown helper").processName("aws-helper")
            .executable("/usr/local/bin/aws-helper")
            .commandLine("aws-helper --url http://169.254.169.254/latest/api/token")
            .fires(HIGH, ENDPOINT, CREDENTIALS),
        // A process sets its own name, so the executable decides the class.
        row("severity: python named aws").processName("aws").executable("/usr/bin/python3")
            .commandLine("python3 /opt/x.py " + AWS_CREDENTIALS_URL)
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH),
        row("severity: raw socket by netcat").processName("nc")
            .commandLine("nc 169.254.169.254 80").fires(HIGH, ENDPOINT),
        address("severity: connection with no process", "169.254.169.254")
            .fires(MEDIUM, CONNECTION),
        connection("severity: connection by curl", null, "/usr/bin/curl")
            .fires(HIGH, CONNECTION),
        connection("severity: connection by python", "python3", "/usr/bin/python3")
            .fires(HIGH, CONNECTION),
        connection("severity: connection by php-fpm", null, "/usr/sbin/php-fpm8.1")
            .fires(HIGH, CONNECTION),
        connection("severity: connection by nginx", "nginx", "/usr/sbin/nginx")
            .fires(HIGH, CONNECTION),
        connection("severity: connection by IIS worker", "w3wp.exe",
                "C:\\Windows\\System32\\inetsrv\\w3wp.exe")
            .fires(HIGH, CONNECTION),
        connection("severity: connection by java", "java", "/usr/lib/jvm/java-17-openjdk/bin/java")
            .fires(LOW, CONNECTION),
        connection("severity: connection by node", "node", "/usr/bin/node")
            .fires(LOW, CONNECTION),
        connection("severity: connection by dotnet", "dotnet", "/usr/share/dotnet/dotnet")
            .fires(LOW, CONNECTION),
        connection("severity: connection by aws CLI", "aws", "/usr/local/bin/aws")
            .fires(LOW, CONNECTION),
        connection("severity: connection by gcloud", "gcloud", "/usr/bin/gcloud")
            .fires(LOW, CONNECTION),
        connection("severity: connection by unclassified", null, "/opt/app/bin/server")
            .fires(MEDIUM, CONNECTION));
  }

  private static List<Case> mentions() {
    return List.of(
        row("mention: iptables DROP").processName("iptables")
            .commandLine("iptables -A OUTPUT -d 169.254.169.254 -m owner ! --uid-owner 0 -j DROP")
            .fires(INFORMATIONAL, ENDPOINT),
        row("mention: iptables rule delete").processName("iptables")
            .commandLine("iptables -D OUTPUT -d 169.254.169.254 -j DROP")
            .fires(INFORMATIONAL, ENDPOINT),
        row("mention: grep for the address").executable("/usr/bin/grep")
            .commandLine("grep -r 169.254.169.254 /etc/cloud").fires(INFORMATIONAL, ENDPOINT),
        row("mention: grep for the credentials path").processName("grep")
            .commandLine("grep -rn iam/security-credentials src/")
            .fires(INFORMATIONAL, CREDENTIALS),
        row("mention: echo of a credentials URL").processName("echo")
            .commandLine("echo " + AWS_CREDENTIALS_URL)
            .fires(INFORMATIONAL, ENDPOINT, CREDENTIALS, PATH),
        row("mention: sed rewriting the address").processName("sed")
            .commandLine("sed -i s/169.254.169.254/127.0.0.1/ /etc/app.conf")
            .fires(INFORMATIONAL, ENDPOINT),
        row("near miss: cat of a cloud config").processName("cat")
            .commandLine("cat /etc/cloud/cloud.cfg").none(),
        row("mention: ip route get").processName("ip")
            .commandLine("ip route get 169.254.169.254").fires(INFORMATIONAL, ENDPOINT),
        row("route change: ip route add").processName("ip")
            .commandLine("ip route add 169.254.169.254/32 via 10.0.0.99 dev eth0")
            .fires(HIGH, ENDPOINT, ROUTE),
        row("route change: ip route replace").processName("ip")
            .commandLine("ip route replace 169.254.169.254 via 10.0.0.99")
            .fires(HIGH, ENDPOINT, ROUTE),
        row("route change: route add host").processName("route")
            .commandLine("route add -host 169.254.169.254 gw 10.0.0.99")
            .fires(HIGH, ENDPOINT, ROUTE),
        row("route change: iptables DNAT").processName("iptables")
            .commandLine("iptables -t nat -A OUTPUT -d 169.254.169.254 -p tcp --dport 80"
                + " -j DNAT --to-destination 10.0.0.5:8080")
            .fires(HIGH, ENDPOINT, ROUTE),
        row("route change: iptables REDIRECT").processName("iptables")
            .commandLine("iptables -t nat -A OUTPUT -d 169.254.169.254 -p tcp --dport 80"
                + " -j REDIRECT --to-ports 8080")
            .fires(HIGH, ENDPOINT, ROUTE),
        row("route change: nft dnat").processName("nft")
            .commandLine("nft add rule ip nat output ip daddr 169.254.169.254 dnat to 10.0.0.5")
            .fires(HIGH, ENDPOINT, ROUTE),
        row("route change: netsh portproxy").processName("netsh.exe")
            .commandLine("netsh interface portproxy add v4tov4 listenport=8080"
                + " listenaddress=0.0.0.0 connectport=80 connectaddress=169.254.169.254")
            .fires(HIGH, ENDPOINT, ROUTE),
        row("route change: ip route add from a shell").processName("bash")
            .commandLine("bash -c \"ip route add 169.254.169.254/32 via 10.0.0.99\"")
            .fires(HIGH, ENDPOINT, ROUTE),
        row("near miss: route add for another network").processName("ip")
            .commandLine("ip route add 10.1.0.0/16 via 10.0.0.1").none(),
        row("near miss: DNAT for another address").processName("iptables")
            .commandLine("iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT"
                + " --to-destination 10.0.0.5:8080")
            .none());
  }

  private static List<Case> agentsByIdentity() {
    return List.of(
        connection("agent: SSM agent", "amazon-ssm-agent", "/usr/bin/amazon-ssm-agent")
            .none().quietedBy(SSM),
        connection("agent: SSM worker from snap", "ssm-agent-worker",
                "/snap/amazon-ssm-agent/7628/ssm-agent-worker")
            .none().quietedBy(SSM),
        connection("agent: SSM agent on Windows", "amazon-ssm-agent.exe",
                "C:\\Program Files\\Amazon\\SSM\\amazon-ssm-agent.exe")
            .none().quietedBy(SSM),
        connection("agent: cfn-init", "cfn-init", "/opt/aws/bin/cfn-init").none().quietedBy(CFN),
        connection("agent: cfn-hup script under python", "cfn-hup", "/usr/bin/python3.9")
            .commandLine("/usr/bin/python3.9 /opt/aws/bin/cfn-hup").none().quietedBy(CFN),
        connection("agent: EC2 Instance Connect", "eic_run_authorized_keys",
                "/usr/share/ec2-instance-connect/eic_run_authorized_keys")
            .none().quietedBy(INSTANCE_CONNECT),
        connection("agent: EC2 Instance Connect script under bash", "eic_curl_authorized_keys",
                "/bin/bash")
            .commandLine("/bin/bash -e /usr/share/ec2-instance-connect/eic_curl_authorized_keys"
                + " ec2-user SHA256:abc")
            .none().quietedBy(INSTANCE_CONNECT),
        connection("agent: ec2-net-utils routes", "setup-policy-routes",
                "/usr/bin/setup-policy-routes")
            .none().quietedBy(NET_UTILS),
        connection("agent: ec2-net-utils scan", "ec2ifscan", "/usr/sbin/ec2ifscan")
            .none().quietedBy(NET_UTILS),
        connection("agent: ECS agent in its container", "amazon-ecs-agent", "/agent")
            .none().quietedBy(ECS_AGENT),
        connection("agent: ECS init", "amazon-ecs-init", "/usr/libexec/amazon-ecs-init")
            .none().quietedBy(ECS_AGENT),
        connection("agent: Azure guest agent on Windows", "WindowsAzureGuestAgent.exe",
                "C:\\WindowsAzure\\GuestAgent_2.7.41491.1102_2023-10-05_080000\\WindowsAzureGuestAgent.exe")
            .none().quietedBy(AZURE_AGENT),
        connection("agent: waagent binary", "waagent", "/usr/sbin/waagent")
            .none().quietedBy(AZURE_AGENT),
        connection("agent: waagent script under python", "python3", "/usr/bin/python3")
            .commandLine("/usr/bin/python3 -u /usr/sbin/waagent -run-exthandlers")
            .none().quietedBy(AZURE_AGENT),
        connection("agent: Azure extension handler", "run-command-extension",
                "/var/lib/waagent/Microsoft.CPlat.Core.RunCommandLinux-1.0.5/bin/run-command-extension")
            .none().quietedBy(AZURE_AGENT),
        connection("agent: Azure extension on Windows", "CustomScriptHandler.exe",
                "C:\\Packages\\Plugins\\Microsoft.Compute.CustomScriptExtension\\1.10.15\\bin\\CustomScriptHandler.exe")
            .none().quietedBy(AZURE_AGENT),
        connection("agent: Google guest agent", "google_guest_agent", "/usr/bin/google_guest_agent")
            .none().quietedBy(GOOGLE_AGENT),
        connection("agent: Google OS Config agent", "google_osconfig_agent",
                "/usr/bin/google_osconfig_agent")
            .none().quietedBy(GOOGLE_AGENT),
        connection("agent: Google accounts daemon short comm", "google_accounts",
                "/usr/bin/python3")
            .commandLine("/usr/bin/python3 /usr/bin/google_accounts_daemon")
            .none().quietedBy(GOOGLE_AGENT),
        connection("agent: Google agent on Windows", "GCEWindowsAgent.exe",
                "C:\\Program Files\\Google\\Compute Engine\\agent\\GCEWindowsAgent.exe")
            .none().quietedBy(GOOGLE_AGENT),
        connection("agent: cloud-init binary", "cloud-init", "/usr/bin/cloud-init")
            .none().quietedBy(CLOUD_INIT),
        connection("agent: cloud-init under python", "cloud-init", "/usr/bin/python3")
            .commandLine("/usr/bin/python3 /usr/bin/cloud-init modules --mode=config")
            .none().quietedBy(CLOUD_INIT),
        connection("agent: cloudbase-init on Windows", "cloudbase-init.exe",
                "C:\\Program Files\\Cloudbase Solutions\\Cloudbase-Init\\Python\\Scripts\\cloudbase-init.exe")
            .none().quietedBy(CLOUD_INIT),
        connection("agent: afterburn", "afterburn", "/usr/bin/afterburn")
            .none().quietedBy(AFTERBURN),
        row("agent: SSM agent reading a DNS name").processName("amazon-ssm-agent")
            .executable("/usr/bin/amazon-ssm-agent").dns("instance-data.ec2.internal", null)
            .none().quietedBy(SSM),
        row("agent: Google agent with token path in arguments").processName("google_guest_agent")
            .executable("/usr/bin/google_guest_agent")
            .commandLine("/usr/bin/google_guest_agent --metadata http://metadata.google.internal/"
                + "computeMetadata/v1/instance/service-accounts/default/token")
            .none().quietedBy(GOOGLE_AGENT),
        // Events that name the process but not its executable are excused by name.
        connection("agent by name only: SSM agent", "amazon-ssm-agent", null)
            .none().quietedBy(SSM),
        connection("agent by name only: Google agent", "google_guest_agent", null)
            .none().quietedBy(GOOGLE_AGENT),
        connection("agent by name only: waagent", "waagent", null).none().quietedBy(AZURE_AGENT),
        connection("agent by name only: cfn-hup", "cfn-hup", null).none().quietedBy(CFN),
        connection("agent by name only: afterburn", "afterburn", null)
            .none().quietedBy(AFTERBURN),
        connection("not an agent by name only: curl", "curl", null).fires(HIGH, CONNECTION));
  }

  private static List<Case> impostors() {
    return List.of(
        connection("impostor: SSM agent in /tmp", "amazon-ssm-agent", "/tmp/amazon-ssm-agent")
            .fires(HIGH, CONNECTION),
        connection("impostor: cloud-init in /var/tmp", "cloud-init", "/var/tmp/cloud-init")
            .fires(HIGH, CONNECTION),
        connection("impostor: Google agent in /dev/shm", "google_guest_agent",
                "/dev/shm/google_guest_agent")
            .fires(HIGH, CONNECTION),
        connection("impostor: waagent in /home", "waagent", "/home/azureuser/waagent")
            .fires(MEDIUM, CONNECTION),
        connection("impostor: afterburn in /root", "afterburn", "/root/afterburn")
            .fires(MEDIUM, CONNECTION),
        connection("impostor: SSM agent at an unknown path", "amazon-ssm-agent",
                "/usr/local/bin/amazon-ssm-agent")
            .fires(MEDIUM, CONNECTION),
        connection("impostor: Azure agent at an unknown path", "WindowsAzureGuestAgent.exe",
                "/opt/tools/WindowsAzureGuestAgent.exe")
            .fires(MEDIUM, CONNECTION),
        connection("impostor: SSM agent in a Windows user profile", "amazon-ssm-agent.exe",
                "C:\\Users\\Public\\amazon-ssm-agent.exe")
            .fires(HIGH, CONNECTION),
        connection("impostor: Google agent in Windows Temp", "GCEWindowsAgent.exe",
                "C:\\Windows\\Temp\\GCEWindowsAgent.exe")
            .fires(HIGH, CONNECTION),
        connection("impostor: cfn-hup under python from /tmp", "cfn-hup", "/tmp/python3")
            .fires(HIGH, CONNECTION),
        connection("impostor: waagent script under perl", "waagent", "/usr/bin/perl")
            .fires(HIGH, CONNECTION),
        // Debatable, because adapters should put paths in the executable field. This name is a
        // path under /tmp, where no agent is excused.
        connection("impostor: temporary path in the name field", "/tmp/amazon-ssm-agent", null)
            .fires(HIGH, CONNECTION),
        // Debatable, because the interpreter path is trusted. The script it runs is under /tmp.
        connection("impostor: waagent script from /tmp under python", "waagent",
                "/usr/bin/python3")
            .commandLine("/usr/bin/python3 /tmp/waagent").fires(HIGH, CONNECTION),
        // A process sets its own name, so an interpreter named after an agent is excused only
        // when its command line runs the agent's installed script.
        connection("impostor: waagent name, python without command line", "waagent",
                "/usr/bin/python3")
            .fires(HIGH, CONNECTION),
        connection("impostor: cloud-init name, python without command line", "cloud-init",
                "/usr/bin/python3")
            .fires(HIGH, CONNECTION),
        connection("impostor: google_accounts name, python -c", "google_accounts",
                "/usr/bin/python3")
            .commandLine("python3 -c import os").fires(HIGH, CONNECTION),
        connection("impostor: waagent name, python -m http.server", "waagent", "/usr/bin/python3")
            .commandLine("python3 -m http.server").fires(HIGH, CONNECTION),
        connection("impostor: waagent name, script elsewhere", "waagent", "/usr/bin/python3")
            .commandLine("python3 /opt/app/run.py").fires(HIGH, CONNECTION),
        connection("impostor: eic name, bash -c", "eic_curl_authorized_keys", "/bin/bash")
            .commandLine("bash -c /usr/share/ec2-instance-connect/eic_curl_authorized_keys")
            .fires(HIGH, CONNECTION),
        connection("impostor: waagent by name only, python -c", "waagent", null)
            .commandLine("/usr/bin/python3 -c import os").fires(MEDIUM, CONNECTION),
        connection("agent by name only: waagent with its script", "waagent", null)
            .commandLine("/usr/bin/python3 -u /usr/sbin/waagent -daemon")
            .none().quietedBy(AZURE_AGENT));
  }

  private static List<Case> commandLineWords() {
    String credentials = "curl -s " + AWS_CREDENTIALS_URL;
    return List.of(
        curl("words: cloud-init comment", credentials + " # cloud-init")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH),
        curl("words: cloud-init comment", credentials + " # cloud-init").profile("qradar")
            .none().quietedBy("process.command_line NOT ILIKE '%cloud-init%'"),
        curl("words: amazon-ssm user agent", "curl -s -A amazon-ssm-agent " + AWS_CREDENTIALS_URL)
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH),
        curl("words: amazon-ssm user agent", "curl -s -A amazon-ssm-agent " + AWS_CREDENTIALS_URL)
            .profile("qradar").none().quietedBy("process.command_line NOT ILIKE '%amazon-ssm%'"),
        curl("words: waagent argument", credentials + " --data waagent")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH),
        curl("words: waagent argument", credentials + " --data waagent").profile("qradar")
            .none().quietedBy("process.command_line NOT ILIKE '%waagent%'"),
        curl("words: google-guest-agent with dashes",
                "curl -s http://metadata.google.internal/computeMetadata/v1/ # google-guest-agent")
            .profile("qradar").none()
            .quietedBy("process.command_line NOT ILIKE '%google_guest_agent%'"),
        curl("qradar: credentials by curl", credentials).profile("qradar")
            .fires(MEDIUM, QRADAR_COMMAND_LINE),
        connection("qradar: connection by curl", "curl", "/usr/bin/curl").profile("qradar")
            .fires(MEDIUM, QRADAR_CONNECTION),
        address("qradar: connection with no process", "169.254.169.254").profile("qradar")
            .none().quietedBy("process.name NOT ILIKE '%AzureGuestAgent%'"),
        curl("qradar: decimal address missed", "curl -s http://2852039166/latest/user-data")
            .profile("qradar").none(),
        connection("qradar: mapped IPv6 destination missed", "curl", "/usr/bin/curl")
            .destination("::ffff:169.254.169.254", 80).profile("qradar").none());
  }

  private static List<Case> parentBinding() {
    String azureInstance =
        "curl -s -H Metadata:true \"http://169.254.169.254/metadata/instance?api-version=2021-02-01\"";
    return List.of(
        // Agents run commands that operators or attackers supply (Run Command, SSM documents,
        // startup scripts), so a child of an agent is judged on its own.
        curl("parent: helper of waagent", azureInstance).parent("/usr/sbin/waagent")
            .fires(HIGH, ENDPOINT, PATH),
        curl("parent: helper of Google agent",
                "curl -s -H \"Metadata-Flavor: Google\""
                    + " http://metadata.google.internal/computeMetadata/v1/instance/attributes/")
            .parent("/usr/bin/google_guest_agent").fires(HIGH, ENDPOINT, PATH),
        curl("parent: waagent copy in /tmp", azureInstance).parent("/tmp/waagent")
            .fires(HIGH, ENDPOINT, PATH),
        curl("parent: kubelet in default profile", "curl -s " + AWS_CREDENTIALS_URL)
            .parent("/usr/bin/kubelet").fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH),
        // A parent that is only a python interpreter says nothing about which script it runs,
        // so the helper is not excused: excusing every child of python would excuse any script.
        curl("parent: helper of waagent run by python", azureInstance)
            .parent("/usr/bin/python3").fires(HIGH, ENDPOINT, PATH));
  }

  private static List<Case> kubernetesNode() {
    String node = "kubernetes-node";
    return List.of(
        connection("kubelet", "kubelet", "/usr/bin/kubelet").profile(node)
            .none().quietedBy("k8s.kubelet"),
        connection("kubelet on GKE under /home", "kubelet", "/home/kubernetes/bin/kubelet")
            .profile(node).none().quietedBy("k8s.kubelet"),
        connection("kubelet by name only", "kubelet", null).profile(node)
            .none().quietedBy("k8s.kubelet"),
        connection("kubelet copy in /tmp", "kubelet", "/tmp/kubelet").profile(node)
            .fires(HIGH, CONNECTION),
        connection("containerd shim", "containerd-shim-runc-v2",
                "/usr/bin/containerd-shim-runc-v2")
            .profile(node).none().quietedBy("k8s.containerd-shim"),
        connection("VPC CNI plugin", "aws-cni", "/opt/cni/bin/aws-cni").profile(node)
            .none().quietedBy("k8s.cni"),
        connection("VPC CNI agent", "aws-k8s-agent", "/app/aws-k8s-agent").profile(node)
            .none().quietedBy("k8s.cni"),
        connection("GKE metadata server", "gke-metadata-server", "/gke-metadata-server")
            .profile(node).none().quietedBy("k8s.cloud-controller"),
        connection("EBS CSI driver", "aws-ebs-csi-driver", "/bin/aws-ebs-csi-driver")
            .profile(node).none().quietedBy("k8s.cloud-controller"),
        connection("SSM agent still excused", "amazon-ssm-agent", "/usr/bin/amazon-ssm-agent")
            .profile(node).none().quietedBy(SSM),
        curl("curl whose parent is kubelet", "curl -s " + AWS_CREDENTIALS_URL)
            .parent("/usr/bin/kubelet").profile(node)
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH),
        row("shell in a pod under a shim").processName("sh").executable("/bin/sh")
            .parent("/usr/bin/containerd-shim-runc-v2")
            .commandLine("sh -c 'curl -s " + AWS_CREDENTIALS_URL + "'").profile(node)
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH),
        connection("curl in a pod under a shim", "curl", "/usr/bin/curl")
            .parent("/usr/bin/containerd-shim-runc-v2").profile(node).fires(HIGH, CONNECTION),
        row("dns rebinding still fires").dns("rebind.attacker.test", "169.254.169.254")
            .profile(node).fires(HIGH, DNS_ANSWER),
        connection("kubelet in default profile", "kubelet", "/usr/bin/kubelet")
            .fires(MEDIUM, CONNECTION));
  }

  private static List<Case> iacRunner() {
    String iac = "iac-runner";
    String provider = "/home/runner/work/infra/infra/.terraform/providers/registry.terraform.io/"
        + "hashicorp/aws/5.31.0/linux_amd64/terraform-provider-aws_v5.31.0_x5";
    return List.of(
        connection("terraform binary", "terraform", "/usr/local/bin/terraform").profile(iac)
            .none().quietedBy("iac.terraform"),
        connection("terraform provider in workspace", "terraform-provider-aws_v5.31.0_x5",
                provider)
            .profile(iac).none().quietedBy("iac.terraform"),
        connection("terraform provider in plugin cache", "terraform-provider-aws_v5.31.0_x5",
                "/home/runner/.terraform.d/plugin-cache/registry.terraform.io/hashicorp/aws/"
                    + "5.31.0/linux_amd64/terraform-provider-aws_v5.31.0_x5")
            .profile(iac).none().quietedBy("iac.terraform"),
        connection("terraform by name only", "terraform", null).profile(iac)
            .none().quietedBy("iac.terraform"),
        connection("pulumi binary in home", "pulumi", "/home/runner/.pulumi/bin/pulumi")
            .profile(iac).none().quietedBy("iac.pulumi"),
        connection("pulumi resource plugin", "pulumi-resource-aws",
                "/home/runner/.pulumi/plugins/resource-aws-v6.18.0/pulumi-resource-aws")
            .profile(iac).none().quietedBy("iac.pulumi"),
        connection("cdk under node", "cdk", "/usr/bin/node").profile(iac)
            .commandLine("node /usr/local/lib/node_modules/aws-cdk/bin/cdk deploy")
            .none().quietedBy("iac.aws-cdk"),
        connection("cdk name, node -e", "cdk", "/usr/bin/node").profile(iac)
            .commandLine("node -e require('http').get('http://169.254.169.254/')")
            .fires(LOW, CONNECTION, ENDPOINT),
        connection("plain node not excused", "node", "/usr/bin/node").profile(iac)
            .fires(LOW, CONNECTION),
        connection("terraform copy in /tmp", "terraform", "/tmp/terraform").profile(iac)
            .fires(HIGH, CONNECTION),
        connection("provider binary outside .terraform", "terraform-provider-aws",
                "/tmp/terraform-provider-aws")
            .profile(iac).fires(HIGH, CONNECTION),
        curl("curl whose parent is terraform", "curl -s " + AWS_CREDENTIALS_URL)
            .parent("/usr/local/bin/terraform").profile(iac)
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH),
        row("local-exec shell under terraform").processName("sh").executable("/bin/sh")
            .parent("/usr/local/bin/terraform")
            .commandLine("sh -c 'curl -s " + AWS_CREDENTIALS_URL + "'").profile(iac)
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH),
        connection("terraform in default profile", "terraform", "/usr/local/bin/terraform")
            .fires(MEDIUM, CONNECTION));
  }

  private static List<Case> windowsDevicePaths() {
    return List.of(
        connection("windows device path: SSM agent", "amazon-ssm-agent.exe",
                "\\Device\\HarddiskVolume2\\Program Files\\Amazon\\SSM\\amazon-ssm-agent.exe")
            .none().quietedBy(SSM),
        connection("windows device path: SSM agent on volume 3", "amazon-ssm-agent.exe",
                "\\Device\\HarddiskVolume3\\Program Files\\Amazon\\SSM\\amazon-ssm-agent.exe")
            .none().quietedBy(SSM),
        connection("windows device path: Azure guest agent", "WindowsAzureGuestAgent.exe",
                "\\Device\\HarddiskVolume2\\WindowsAzure\\GuestAgent_2.7.41491.1102_2023-10-05_080000"
                    + "\\WindowsAzureGuestAgent.exe")
            .none().quietedBy(AZURE_AGENT),
        connection("windows device path: Google agent", "GCEWindowsAgent.exe",
                "\\Device\\HarddiskVolume2\\Program Files\\Google\\Compute Engine\\agent"
                    + "\\GCEWindowsAgent.exe")
            .none().quietedBy(GOOGLE_AGENT),
        connection("windows long path prefix: SSM worker", "ssm-agent-worker.exe",
                "\\\\?\\C:\\Program Files\\Amazon\\SSM\\ssm-agent-worker.exe")
            .none().quietedBy(SSM),
        connection("windows device path: SSM agent in Users", "amazon-ssm-agent.exe",
                "\\Device\\HarddiskVolume2\\Users\\Public\\amazon-ssm-agent.exe")
            .fires(MEDIUM, CONNECTION),
        connection("windows device path: Azure agent in Temp", "WindowsAzureGuestAgent.exe",
                "\\Device\\HarddiskVolume2\\Windows\\Temp\\WindowsAzureGuestAgent.exe")
            .fires(MEDIUM, CONNECTION),
        connection("windows device path: cloudbase-init in AppData", "cloudbase-init.exe",
                "\\Device\\HarddiskVolume2\\Users\\admin\\AppData\\Local\\Temp\\cloudbase-init.exe")
            .fires(HIGH, CONNECTION),
        connection("windows device path: curl", "curl.exe",
                "\\Device\\HarddiskVolume2\\Windows\\System32\\curl.exe")
            .fires(HIGH, CONNECTION));
  }

  private static List<Case> atomicScenarios() {
    return List.of(
        curl("atomic: AWS role credentials with curl",
                "curl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH)
            .target(CREDENTIALS, "aws", "credentials").target(ENDPOINT, "aws", "credentials"),
        curl("atomic: Azure managed identity token with curl",
                "curl -s -H Metadata:true \"http://169.254.169.254/metadata/identity/oauth2/token"
                    + "?api-version=2018-02-01&resource=https://management.azure.com/\"")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH).target(CREDENTIALS, "azure", "token"),
        row("atomic: Azure managed identity token with PowerShell").processName("powershell.exe")
            .executable("C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe")
            .commandLine("powershell.exe -c \"Invoke-RestMethod -Headers @{'Metadata'='true'}"
                + " -Uri 'http://169.254.169.254/metadata/identity/oauth2/token"
                + "?api-version=2018-02-01&resource=https://management.azure.com/'\"")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS).target(CREDENTIALS, "azure", "token"),
        row("atomic: Azure instance metadata dump with PowerShell").processName("powershell.exe")
            .commandLine("powershell.exe Invoke-RestMethod -Headers @{\"Metadata\"=\"true\"}"
                + " -Method GET -Uri \"http://169.254.169.254/metadata/instance"
                + "?api-version=2021-02-01\" | ConvertTo-Json -Depth 64")
            .fires(HIGH, ENDPOINT, PATH).target(PATH, "azure", "metadata"),
        curl("atomic: GCP service account token",
                "curl -s -H \"Metadata-Flavor: Google\" \"http://metadata.google.internal/"
                    + "computeMetadata/v1/instance/service-accounts/default/token\"")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH)
            .target(CREDENTIALS, "gcp", "token").target(ENDPOINT, "gcp", "token"),
        row("atomic: Python SSRF simulation").processName("python3").executable("/usr/bin/python3")
            .commandLine("python3 -c \"import urllib.request; urllib.request.urlopen("
                + "'http://169.254.169.254/latest/meta-data/iam/security-credentials/')\"")
            .fires(CRITICAL, ENDPOINT, CREDENTIALS, PATH)
            .target(CREDENTIALS, "aws", "credentials"),
        connection("atomic: Python SSRF connection", "python3", "/usr/bin/python3")
            .fires(HIGH, CONNECTION).target(CONNECTION, "aws", "metadata"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verdictMatchesTable(Case row) {
    Detector detector = DETECTORS.get(row.profile);
    assertNotNull(detector, row + ": unknown profile " + row.profile);
    SimpleEvent event = row.build();
    Verdict verdict = detector.evaluate(event);

    assertEquals(row.rules, firedRuleIds(verdict), row + ": fired rule ids; " + describe(verdict));
    assertEquals(row.maxSeverity, maxSeverity(verdict),
        row + ": maximum severity; " + describe(verdict));
    assertEquals(row.quietedBy, quietingExclusionIds(verdict),
        row + ": exclusions that quieted a rule; " + describe(verdict));
    for (Target target : row.targets) {
      assertTrue(hasFinding(verdict, target),
          row + ": expected a " + target.ruleId() + " finding for provider " + target.provider()
              + " and data kind " + target.dataKind() + "; " + describe(verdict));
    }
    assertEquals(verdict.findings(), detector.detect(event),
        row + ": detect() returns the findings of evaluate()");
  }

  @Test
  void tableHasExcusedCaseForEveryAgent() {
    Set<String> excused = new HashSet<>();
    cases().filter(c -> c.profile.equals("default")).forEach(c -> excused.addAll(c.quietedBy));
    for (Exclusion agent : BuiltInRules.AGENTS) {
      assertTrue(excused.contains(agent.id()), "no excused table row for " + agent.id());
    }
  }

  @Test
  void explainShowsTmpAgentNotExcused() {
    SimpleEvent event = connection("", "amazon-ssm-agent", "/tmp/amazon-ssm-agent").build();
    Explanation explanation = DETECTORS.get("default").explain(event);

    assertEquals(List.of(CONNECTION), traceRuleIds(explanation), "rules traced for /tmp agent");
    Explanation.RuleTrace trace = explanation.rules().get(0);
    assertTrue(trace.fired(), "connection rule fires for /tmp agent");
    assertEquals(BuiltInRules.AGENTS.size(), trace.exclusions().size(),
        "every agent exclusion is considered for /tmp agent");
    ExclusionCheck ssm = check(trace, SSM);
    assertFalse(ssm.applied(), "SSM exclusion does not apply to /tmp agent");
    assertTrue(ssm.reason().contains("temporary"), "SSM exclusion reason: " + ssm.reason());
    for (ExclusionCheck other : trace.exclusions()) {
      assertFalse(other.applied(), other.exclusionId() + " does not apply to /tmp agent");
    }
  }

  @Test
  void explainShowsInstalledAgentExcused() {
    SimpleEvent event =
        connection("", "amazon-ssm-agent", "/usr/bin/amazon-ssm-agent").build();
    Explanation explanation = DETECTORS.get("default").explain(event);

    Explanation.RuleTrace trace = explanation.rules().get(0);
    assertFalse(trace.fired(), "connection rule is quieted for installed SSM agent");
    assertTrue(check(trace, SSM).applied(), "SSM exclusion applies to installed SSM agent");
    assertTrue(check(trace, SSM).reason().contains("/usr/bin/amazon-ssm-agent"),
        "SSM exclusion reason names the executable: " + check(trace, SSM).reason());
    assertFalse(check(trace, CLOUD_INIT).applied(),
        "cloud-init exclusion does not apply to installed SSM agent");
    assertEquals(explanation.verdict(), DETECTORS.get("default").evaluate(event),
        "explain() carries the verdict of evaluate() for installed SSM agent");
  }

  @Test
  void explainShowsAgentExcuseNotInheritedByChild() {
    SimpleEvent event = curl("", "curl -s -H Metadata:true"
            + " \"http://169.254.169.254/metadata/instance?api-version=2021-02-01\"")
        .parent("/usr/sbin/waagent").build();
    Explanation explanation = DETECTORS.get("default").explain(event);

    assertEquals(List.of(ENDPOINT, PATH), traceRuleIds(explanation), "rules traced for helper");
    for (Explanation.RuleTrace trace : explanation.rules()) {
      ExclusionCheck azure = check(trace, AZURE_AGENT);
      assertTrue(trace.fired(), trace.ruleId() + " fires for a child of waagent");
      assertFalse(azure.applied(), trace.ruleId() + ": Azure exclusion does not apply to child");
    }
    assertEquals("a downloader", explanation.processClass(), "process class of waagent child");
  }

  @Test
  void explainShowsKubeletNotInheritedByChild() {
    SimpleEvent event = curl("", "curl -s " + AWS_CREDENTIALS_URL)
        .parent("/usr/bin/kubelet").build();
    Explanation explanation = DETECTORS.get("kubernetes-node").explain(event);

    assertEquals(List.of(ENDPOINT, CREDENTIALS, PATH), traceRuleIds(explanation),
        "rules traced for curl under kubelet");
    for (Explanation.RuleTrace trace : explanation.rules()) {
      assertTrue(trace.fired(), trace.ruleId() + " fires for curl under kubelet");
      assertEquals(BuiltInRules.AGENTS.size() + BuiltInRules.KUBERNETES_NODE_COMPONENTS.size(),
          trace.exclusions().size(),
          trace.ruleId() + ": agent and node exclusions are considered for curl under kubelet");
      ExclusionCheck kubelet = check(trace, "k8s.kubelet");
      assertFalse(kubelet.applied(), trace.ruleId() + ": kubelet exclusion is not inherited");
    }
  }

  @Test
  void explainShowsExpectedDnsAnswerQuieted() {
    SimpleEvent event = row("").dns("metadata.google.internal", "169.254.169.254").build();
    Explanation explanation = DETECTORS.get("default").explain(event);

    assertEquals(List.of(DNS_QUERY, DNS_ANSWER), traceRuleIds(explanation),
        "rules traced for metadata name lookup");
    Explanation.RuleTrace answer = explanation.rules().get(1);
    assertFalse(answer.fired(), "answer rule is quieted for metadata name lookup");
    assertEquals(1, answer.exclusions().size(), "answer rule has one exclusion");
    assertTrue(check(answer, EXPECTED_DNS_ANSWER).applied(),
        "expected-answer exclusion applies to metadata name lookup");
    assertEquals("a process", explanation.processClass(), "process class without a process");
  }

  @Test
  void explainLeavesQradarUnranked() {
    SimpleEvent event = curl("", "curl -s " + AWS_CREDENTIALS_URL).build();
    Explanation explanation = DETECTORS.get("qradar").explain(event);

    assertEquals("not ranked", explanation.processClass(), "qradar process class");
    assertEquals(List.of(QRADAR_COMMAND_LINE), traceRuleIds(explanation), "qradar rules traced");
    assertTrue(explanation.rules().get(0).fired(), "qradar pattern 2 fires for curl");
  }

  private static List<String> traceRuleIds(Explanation explanation) {
    List<String> ids = new ArrayList<>();
    for (Explanation.RuleTrace trace : explanation.rules()) {
      ids.add(trace.ruleId());
    }
    return ids;
  }

  private static ExclusionCheck check(Explanation.RuleTrace trace, String exclusionId) {
    return trace.exclusions().stream()
        .filter(c -> c.exclusionId().equals(exclusionId))
        .findFirst()
        .orElseThrow(() -> new AssertionError(
            trace.ruleId() + " did not consider exclusion " + exclusionId));
  }

  private static Set<String> firedRuleIds(Verdict verdict) {
    Set<String> ids = new TreeSet<>();
    for (Finding finding : verdict.findings()) {
      ids.add(finding.ruleId());
    }
    return ids;
  }

  private static Set<String> quietingExclusionIds(Verdict verdict) {
    Set<String> ids = new TreeSet<>();
    for (Suppression suppression : verdict.suppressions()) {
      ids.add(suppression.exclusionId());
    }
    return ids;
  }

  private static Severity maxSeverity(Verdict verdict) {
    Severity max = null;
    for (Finding finding : verdict.findings()) {
      if (max == null || finding.severity().compareTo(max) > 0) {
        max = finding.severity();
      }
    }
    return max;
  }

  private static boolean hasFinding(Verdict verdict, Target target) {
    for (Finding finding : verdict.findings()) {
      if (finding.ruleId().equals(target.ruleId())
          && finding.provider().equals(target.provider())
          && finding.dataKind().equals(target.dataKind())) {
        return true;
      }
    }
    return false;
  }

  /** Formats each finding as rule, severity, provider and data kind, and each suppression. */
  private static String describe(Verdict verdict) {
    StringBuilder text = new StringBuilder("actual findings [");
    for (Finding finding : verdict.findings()) {
      text.append(' ').append(finding.ruleId()).append('/').append(finding.severity())
          .append('/').append(finding.provider()).append('/').append(finding.dataKind());
    }
    text.append(" ] suppressions [");
    for (Suppression suppression : verdict.suppressions()) {
      text.append(' ').append(suppression.ruleId()).append(" by ")
          .append(suppression.exclusionId());
    }
    return text.append(" ]").toString();
  }
}
