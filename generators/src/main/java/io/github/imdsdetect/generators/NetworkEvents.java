package io.github.imdsdetect.generators;

import static io.github.imdsdetect.generators.RuleIds.CONNECTION;
import static io.github.imdsdetect.generators.RuleIds.DNS_ANSWER;
import static io.github.imdsdetect.generators.RuleIds.DNS_QUERY;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Network connections and DNS lookups. */
final class NetworkEvents {
  /** Notations that sensors write for a connection's destination. */
  static final Set<Encoding> CONNECTION_ENCODINGS =
      EnumSet.of(Encoding.DOTTED_DECIMAL, Encoding.IPV6_COMPRESSED, Encoding.IPV6_FULL,
          Encoding.IPV4_MAPPED_DOTTED, Encoding.IPV4_MAPPED_HEX, Encoding.IPV4_COMPATIBLE_DOTTED,
          Encoding.IPV4_COMPATIBLE_HEX);

  /** Notations of DNS question names that embed or name a metadata endpoint. */
  static final Set<Encoding> QUERY_ENCODINGS =
      EnumSet.of(Encoding.HOST_NAME, Encoding.INSTANCE_DATA_NAME, Encoding.NIP_IO,
          Encoding.SSLIP_IO, Encoding.XIP_IO, Encoding.RBNDR_US);

  /** Notations of addresses in DNS answers. */
  static final Set<Encoding> ANSWER_ENCODINGS =
      EnumSet.of(Encoding.DOTTED_DECIMAL, Encoding.IPV6_COMPRESSED, Encoding.IPV4_MAPPED_DOTTED,
          Encoding.IPV4_MAPPED_HEX);

  /** Processes that reach the metadata service without being an agent. */
  private static final List<String[]> CLIENTS =
      List.of(
          new String[] {"curl", "/usr/bin/curl"},
          new String[] {"python3", "/usr/bin/python3.11"},
          new String[] {"bash", "/usr/bin/bash"},
          new String[] {"java", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java"},
          new String[] {"node", "/usr/bin/node"},
          new String[] {"php-fpm8.2", "/usr/sbin/php-fpm8.2"},
          new String[] {"nginx", "/usr/sbin/nginx"},
          new String[] {"w3wp.exe", "C:\\Windows\\System32\\inetsrv\\w3wp.exe"},
          new String[] {"powershell.exe",
              "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"},
          new String[] {null, null},
          // Agent names at paths where no agent is excused.
          new String[] {"amazon-ssm-agent", "/tmp/amazon-ssm-agent"},
          new String[] {"google_guest_agent", "/dev/shm/google_guest_agent"},
          new String[] {"waagent", "/home/azureuser/waagent"},
          new String[] {"amazon-ssm-agent.exe", "C:\\Users\\Public\\amazon-ssm-agent.exe"});

  /** Processes that resolve names. */
  private static final List<String[]> RESOLVING_CLIENTS =
      List.of(
          new String[] {"curl", "/usr/bin/curl"},
          new String[] {"python3", "/usr/bin/python3.11"},
          new String[] {"python.exe", "C:\\Program Files\\Python311\\python.exe"},
          new String[] {null, null});

  private static final List<String> REBINDING_NAMES =
      List.of("rebind.attacker.example", "img.attacker.example", "a1.dyn.attacker.example");

  private static final List<String> OTHER_ANSWERS = List.of("10.0.0.1", "198.51.100.23");

  private NetworkEvents() {}

  /** Returns a connection to the endpoint, its destination written in {@code encoding}. */
  static Draft connection(Encoding encoding, Choices choices) {
    MetadataEndpoint endpoint = Endpoints.pickAddress(encoding, choices);
    String address = AddressWriter.write(endpoint, encoding, choices, false);
    String[] client = choices.pick(CLIENTS);
    return new Draft(Label.ACCESS, encoding, Carrier.DESTINATION_ADDRESS)
        .process(client[0], client[1])
        .target(endpoint.provider(), "metadata")
        .written(address)
        .matches(Set.of(CONNECTION))
        .describe((client[1] == null ? "an unnamed process" : client[0])
            + " connects to the metadata endpoint written as " + encoding)
        .destination(address, 80);
  }

  /** Returns a connection by an installed agent, which its exclusion excuses. */
  static Draft agentConnection(Choices choices) {
    Agent agent = choices.pick(Agent.ALL);
    boolean ipv6 = agent.exclusionId().equals(Agent.SSM) && choices.percent(30);
    MetadataEndpoint endpoint = ipv6 ? MetadataEndpoint.IMDS_V6 : MetadataEndpoint.IMDS_V4;
    String address = endpoint.connectAddress();
    Draft draft = new Draft(Label.AGENT,
            ipv6 ? Encoding.IPV6_COMPRESSED : Encoding.DOTTED_DECIMAL,
            Carrier.DESTINATION_ADDRESS)
        .process(agent.processName(), agent.executable());
    if (!agent.arguments().isEmpty()) {
      draft.arguments(agent.arguments());
    }
    return draft
        .target(endpoint.provider(), "metadata")
        .written(address)
        .matches(Set.of(CONNECTION))
        .describe(agent.processName() + " (" + agent.exclusionId() + ") connects to " + address)
        .destination(address, 80);
  }

  /** Returns a connection to an address that is no metadata address. */
  static Draft nearMissConnection(Choices choices) {
    NearMisses.LookAlike lookAlike = NearMisses.address(choices);
    String[] client = choices.pick(CLIENTS.subList(0, 10));
    return new Draft(Label.NEAR_MISS, lookAlike.encoding(), Carrier.DESTINATION_ADDRESS)
        .process(client[0], client[1])
        .written(lookAlike.text())
        .describe("a connection to " + lookAlike.description())
        .destination(lookAlike.text(), 80);
  }

  /**
   * Returns a lookup of a metadata host name or wildcard DNS name, sometimes with its answer. The answer
   * rule is quiet for a provider's own host name and fires for a wildcard name.
   */
  static Draft query(Encoding encoding, Choices choices) {
    MetadataEndpoint endpoint = encoding == Encoding.HOST_NAME ? MetadataEndpoint.GCP_NAME
        : encoding == Encoding.INSTANCE_DATA_NAME ? MetadataEndpoint.AWS_NAME
        : Endpoints.pickAddress(encoding, choices);
    String name = AddressWriter.write(endpoint, encoding, choices, false);
    String[] client = choices.pick(RESOLVING_CLIENTS);
    Draft draft = new Draft(Label.ACCESS, encoding, Carrier.DNS_QUERY)
        .process(client[0], client[1])
        .target(endpoint.provider(), "metadata")
        .written(name)
        .matches(Set.of(DNS_QUERY))
        .describe("a lookup of " + name);
    draft.event.dnsQueryName(name);
    if (choices.percent(50)) {
      draft.event.dnsAnswers(endpoint.connectAddress());
      boolean providerName =
          encoding == Encoding.HOST_NAME || encoding == Encoding.INSTANCE_DATA_NAME;
      if (providerName) {
        draft.quieted(Set.of(DNS_ANSWER));
      } else {
        draft.matches(Set.of(DNS_ANSWER));
      }
    }
    return draft;
  }

  /** Returns a lookup of an ordinary name answered with a metadata address: DNS rebinding. */
  static Draft rebindingAnswer(Encoding encoding, Choices choices) {
    MetadataEndpoint endpoint = Endpoints.pickAddress(encoding, choices);
    String address = AddressWriter.write(endpoint, encoding, choices, false);
    String answers = choices.percent(30) ? choices.pick(OTHER_ANSWERS) + ", " + address : address;
    String[] client = choices.pick(RESOLVING_CLIENTS);
    String name = choices.pick(REBINDING_NAMES);
    Draft draft = new Draft(Label.ACCESS, encoding, Carrier.DNS_ANSWER)
        .process(client[0], client[1])
        .target(endpoint.provider(), "metadata")
        .written(address)
        .matches(Set.of(DNS_ANSWER))
        .describe(name + " resolves to the metadata endpoint written as " + encoding);
    draft.event.dnsQueryName(name).dnsAnswers(answers);
    return draft;
  }

  /** Returns a lookup of a metadata host name by an agent that is excused. */
  static Draft agentQuery(Choices choices) {
    Agent agent = choices.pick(Agent.RESOLVERS);
    boolean google = agent.exclusionId().equals(Agent.GOOGLE);
    String name = google ? "metadata.google.internal" : "instance-data.ec2.internal";
    Draft draft = new Draft(Label.AGENT, google ? Encoding.HOST_NAME : Encoding.INSTANCE_DATA_NAME,
            Carrier.DNS_QUERY)
        .process(agent.processName(), agent.executable())
        .target(google ? "gcp" : "aws", "metadata")
        .written(name)
        .matches(Set.of(DNS_QUERY))
        .describe(agent.processName() + " (" + agent.exclusionId() + ") looks up " + name);
    draft.event.dnsQueryName(name);
    if (choices.percent(50)) {
      draft.event.dnsAnswers("169.254.169.254");
      draft.quieted(Set.of(DNS_ANSWER));
    }
    return draft;
  }

  /**
   * Returns a lookup of a look-alike name, or of an ordinary name answered with an address next
   * to a metadata address.
   */
  static Draft nearMissLookup(Choices choices) {
    String[] client = choices.pick(RESOLVING_CLIENTS);
    if (choices.percent(25)) {
      NearMisses.LookAlike answer = NearMisses.address(choices);
      Draft draft = new Draft(Label.NEAR_MISS, answer.encoding(), Carrier.DNS_ANSWER)
          .process(client[0], client[1])
          .written(answer.text())
          .describe("an ordinary name resolves to " + answer.description());
      draft.event.dnsQueryName("www.example.test").dnsAnswers(answer.text());
      return draft;
    }
    NearMisses.LookAlike name = NearMisses.dnsName(choices);
    Draft draft = new Draft(Label.NEAR_MISS, name.encoding(), Carrier.DNS_QUERY)
        .process(client[0], client[1])
        .written(name.text())
        .describe("a lookup of " + name.description());
    draft.event.dnsQueryName(name.text());
    if (choices.percent(40)) {
      draft.event.dnsAnswers(choices.pick(OTHER_ANSWERS));
    }
    return draft;
  }
}
