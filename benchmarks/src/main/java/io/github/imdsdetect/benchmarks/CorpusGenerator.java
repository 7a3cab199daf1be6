package io.github.imdsdetect.benchmarks;

import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.core.SimpleEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Generates deterministic corpora of security events and texts for the benchmarks. The same seed
 * gives the same corpus on every JVM, because {@link SplittableRandom}'s algorithm is fixed.
 *
 * <p>In a corpus with indicator share {@code p}, exactly {@code Math.round(p * count)} items
 * carry a metadata indicator, and the default rule set detects each of them and nothing in the
 * other items. A benign item on which the detector reports something, such as a version number
 * that decodes to a metadata address, is drawn again. Benign items may still contain needles of
 * {@link Needles#defaultProfile()}, as real ones do: {@code -jar} contains the needle {@code -j}
 * and {@code jsonpath={.metadata.name}} the needle {@code metadata}. So the share of texts that a
 * matcher reports is higher than {@code p}.
 *
 * <p>Indicators appear in the forms that attackers and scripts use: dotted, decimal ({@code
 * 2852039166}), hex ({@code 0xA9FEA9FE}), octal, IPv6 ({@code fd00:ec2::254}, {@code
 * ::ffff:a9fe:a9fe}), host names, metadata paths and headers, percent-encoded URLs, and about one
 * in five in upper case.
 */
public final class CorpusGenerator {

  /** Seed of every corpus the benchmarks build. */
  public static final long DEFAULT_SEED = 0x1DB5_5EEDL;

  /** Kind of event, by the fields it fills. */
  public enum EventType {
    /** A process start with a command line. */
    COMMAND_LINE,
    /** A network connection with a destination address and port. */
    CONNECTION,
    /** A DNS query with its answers. */
    DNS,
    /** An HTTP request with its URL, host, path, query and headers. */
    URL
  }

  private static final int MAX_DRAWS = 1_000;

  private static final int[] BENIGN_PORTS = {443, 80, 5432, 6379, 8080, 9092};

  private static final List<String> COMMAND_INDICATORS =
      List.of(
          "curl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/",
          "curl -X PUT -H \"X-aws-ec2-metadata-token-ttl-seconds: 21600\""
              + " http://169.254.169.254/latest/api/token",
          "wget -qO- http://[fd00:ec2::254]/latest/meta-data/instance-id",
          "curl http://2852039166/latest/user-data",
          "curl -s http://0xA9FEA9FE/latest/dynamic/instance-identity/document",
          "curl -H 'Metadata-Flavor: Google' http://metadata.google.internal/computeMetadata/v1/"
              + "instance/service-accounts/default/token",
          "curl -H Metadata:true \"http://169.254.169.254/metadata/identity/oauth2/token"
              + "?api-version=2018-02-01&resource=https://management.azure.com/\"",
          "python3 -c \"import urllib.request as u;"
              + " print(u.urlopen('http://169.254.169.254/latest/meta-data/').read())\"",
          "curl \"https://app.example.com/fetch?url=http%3A%2F%2F169.254.169.254%2Flatest%2F\"",
          "curl http://0251.0376.0251.0376/latest/meta-data/",
          "curl -s http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
          "curl http://[::ffff:a9fe:a9fe]/latest/meta-data/hostname",
          "curl -s http://100.100.100.200/latest/meta-data/ram/security-credentials/",
          "wget -q -O - http://169.254.169.254.nip.io/latest/meta-data/");
  private static final List<String> INDICATOR_ADDRESSES =
      List.of("169.254.169.254", "fd00:ec2::254", "169.254.170.2", "100.100.100.200",
          "::ffff:169.254.169.254");
  private static final List<String> INDICATOR_DNS_NAMES =
      List.of("metadata.google.internal", "metadata.google.internal.", "instance-data.ec2.internal",
          "169.254.169.254.nip.io", "a9fea9fe.nip.io", "169-254-169-254.sslip.io");
  private static final List<String> INDICATOR_URLS =
      List.of("http://169.254.169.254/latest/meta-data/iam/security-credentials/",
          "http://metadata.google.internal/computeMetadata/v1/instance/hostname",
          "http://[fd00:ec2::254]/latest/api/token", "http://0xa9fea9fe/latest/meta-data/",
          "http://2852039166/latest/user-data", "http://169.254.170.2/v2/credentials/",
          "http://100.100.100.200/latest/meta-data/");

  private static final Detector DETECTOR = Detector.create(RuleSet.defaults());

  private final SplittableRandom random;
  private final BenignText benign;

  /** Creates a generator whose output depends only on {@code seed}. */
  public CorpusGenerator(long seed) {
    this.random = new SplittableRandom(seed);
    this.benign = new BenignText(random);
  }

  /**
   * Generates {@code count} texts between {@code minLength} and {@code maxLength} chars: four in
   * five are command lines and the rest URLs with long query strings.
   *
   * @param indicatorShare share of texts, from 0 to 1, that carry a metadata indicator
   * @throws IllegalArgumentException if the share is outside [0, 1] or the lengths leave too
   *     little room for a command line with an indicator (at least 150 chars at the top)
   */
  public List<String> texts(int count, double indicatorShare, int minLength, int maxLength) {
    checkArguments(count, indicatorShare, minLength, maxLength);
    boolean[] carriesIndicator = chooseIndicatorItems(count, indicatorShare);
    List<String> texts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      boolean url = random.nextInt(5) == 0;
      if (carriesIndicator[i]) {
        texts.add(draw(true, () -> url
            ? indicatorUrl(minLength, maxLength)
            : indicatorCommandLine(minLength, maxLength), minLength, maxLength));
      } else {
        texts.add(draw(false, () -> url
            ? benign.url(minLength, maxLength)
            : benign.commandLine(minLength, maxLength), minLength, maxLength));
      }
    }
    return texts;
  }

  /**
   * Generates {@code count} events of one type. Command lines are 20 to 2,000 chars long.
   *
   * @param indicatorShare share of events, from 0 to 1, that carry a metadata indicator
   * @throws IllegalArgumentException if the share is outside [0, 1] or the count is negative
   */
  public List<Event> events(EventType type, int count, double indicatorShare) {
    checkArguments(count, indicatorShare, 20, 2_000);
    boolean[] carriesIndicator = chooseIndicatorItems(count, indicatorShare);
    List<Event> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(event(type, carriesIndicator[i]));
    }
    return events;
  }

  /** Generates one event of {@code type}, with or without a metadata indicator. */
  public Event event(EventType type, boolean withIndicator) {
    for (int attempt = 0; attempt < MAX_DRAWS; attempt++) {
      Event event = buildEvent(type, withIndicator);
      if (isDetected(event) == withIndicator) {
        return event;
      }
    }
    throw new IllegalStateException("no " + (withIndicator ? "detected" : "undetected") + " "
        + type + " event after " + MAX_DRAWS + " draws; the rules or the shapes changed");
  }

  private Event buildEvent(EventType type, boolean withIndicator) {
    String host = "node-" + random.nextInt(64) + ".prod.example.com";
    String user = benign.pick(List.of("root", "app", "www-data", "ubuntu", "deploy"));
    switch (type) {
      case COMMAND_LINE: {
        String commandLine = withIndicator
            ? indicatorCommandLine(20, 2_000)
            : benign.commandLine(20, 2_000);
        String name = processName(commandLine);
        return SimpleEvent.builder().host(host).user(user).processName(name)
            .processExecutable("/usr/bin/" + name).commandLine(commandLine).build();
      }
      case CONNECTION: {
        String[] process = benign.process();
        String address = withIndicator ? benign.pick(INDICATOR_ADDRESSES) : benign.address();
        int port = withIndicator ? 80 : BENIGN_PORTS[random.nextInt(BENIGN_PORTS.length)];
        return SimpleEvent.builder().host(host).user(user).processName(process[0])
            .processExecutable(process[1]).destinationAddress(address).destinationPort(port)
            .build();
      }
      case DNS: {
        String[] process = benign.process();
        String name;
        String answers;
        if (!withIndicator) {
          name = benign.hostName();
          answers = benign.address() + ", " + benign.address();
        } else if (random.nextInt(4) == 0) {
          // DNS rebinding: an ordinary-looking name that resolves to the metadata address.
          name = benign.hostName();
          answers = "169.254.169.254";
        } else {
          name = maybeUpperCase(benign.pick(INDICATOR_DNS_NAMES));
          answers = "169.254.169.254";
        }
        return SimpleEvent.builder().host(host).processName(process[0])
            .processExecutable(process[1]).dnsQueryName(name).dnsAnswers(answers).build();
      }
      case URL: {
        String url = withIndicator ? maybeUpperCase(benign.pick(INDICATOR_URLS))
            : benign.url(40, 600);
        return urlEvent(host, url);
      }
      default:
        throw new AssertionError(type);
    }
  }

  private static Event urlEvent(String host, String url) {
    int hostStart = url.indexOf("//") + 2;
    int pathStart = url.indexOf('/', hostStart);
    int queryStart = url.indexOf('?', pathStart);
    String path = queryStart < 0 ? url.substring(pathStart) : url.substring(pathStart, queryStart);
    String query = queryStart < 0 ? null : url.substring(queryStart + 1);
    String urlHost = url.substring(hostStart, pathStart);
    String headers = "Host: " + urlHost + "\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)"
        + " AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36\n"
        + "Accept: application/json";
    return SimpleEvent.builder().host(host).processName("envoy").url(url).urlHost(urlHost)
        .urlPath(path).urlQuery(query).httpMethod("GET").httpHeaders(headers).build();
  }

  private static String processName(String commandLine) {
    int end = commandLine.indexOf(' ');
    String first = end < 0 ? commandLine : commandLine.substring(0, end);
    return first.substring(first.lastIndexOf('/') + 1);
  }

  /**
   * Embeds one indicator command in a benign command line: as a step of a shell pipeline, or
   * with benign arguments after it.
   */
  String indicatorCommandLine(int minLength, int maxLength) {
    String indicator = maybeUpperCase(benign.pick(COMMAND_INDICATORS));
    int room = maxLength - indicator.length() - 4;
    String filler = benign.commandLine(Math.max(20, Math.min(room, minLength)), Math.max(20, room));
    return random.nextBoolean()
        ? filler + " ; " + indicator
        : indicator + " | " + filler;
  }

  private String indicatorUrl(int minLength, int maxLength) {
    String url = maybeUpperCase(benign.pick(INDICATOR_URLS));
    StringBuilder text = new StringBuilder(url).append("?id=").append(random.nextInt(1000));
    int target = benign.logUniform(minLength, maxLength);
    while (text.length() < target) {
      String parameter = "&" + benign.word(2, 10) + "=" + benign.word(1, 48);
      if (text.length() + parameter.length() > maxLength) {
        break;
      }
      text.append(parameter);
    }
    return text.toString();
  }

  /** Returns {@code text} in upper case about one time in five, else unchanged. */
  private String maybeUpperCase(String text) {
    return random.nextInt(5) == 0 ? text.toUpperCase(Locale.ROOT) : text;
  }

  private String draw(boolean withIndicator, Supplier<String> source, int minLength,
      int maxLength) {
    for (int attempt = 0; attempt < MAX_DRAWS; attempt++) {
      String text = source.get();
      if (text.length() >= minLength && text.length() <= maxLength
          && isDetected(commandLineEvent(text)) == withIndicator) {
        return text;
      }
    }
    throw new IllegalStateException("no " + (withIndicator ? "detected" : "undetected")
        + " text of " + minLength + " to " + maxLength + " chars after " + MAX_DRAWS + " draws");
  }

  /** Returns whether the default rule set reports a finding on the event. */
  static boolean isDetected(Event event) {
    return !DETECTOR.detect(event).isEmpty();
  }

  /** Wraps a text as the command line of a shell process, the way {@link #texts} checks it. */
  static Event commandLineEvent(String text) {
    return SimpleEvent.builder().processName("bash").processExecutable("/usr/bin/bash")
        .commandLine(text).build();
  }

  /**
   * Marks exactly {@code Math.round(share * count)} of {@code count} items, each set of that
   * size equally likely (selection sampling, Knuth's Algorithm S).
   */
  private boolean[] chooseIndicatorItems(int count, double share) {
    boolean[] chosen = new boolean[count];
    int needed = (int) Math.round(share * count);
    for (int i = 0; i < count && needed > 0; i++) {
      if (random.nextInt(count - i) < needed) {
        chosen[i] = true;
        needed--;
      }
    }
    return chosen;
  }

  private static void checkArguments(int count, double share, int minLength, int maxLength) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("indicator share must be in [0, 1]: " + share);
    }
    if (minLength < 20 || maxLength < 150 || minLength > maxLength) {
      throw new IllegalArgumentException("text lengths need 20 <= min <= max and max >= 150: "
          + minLength + " to " + maxLength);
    }
  }
}
