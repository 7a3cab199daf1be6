package io.github.imdsdetect.generators;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Generates labelled events: metadata requests in every encoding that the default rule set
 * understands, mentions, near misses and agent traffic, each with the verdict the default rule
 * set should reach. The same seed gives the same events on every JVM, because the generator
 * draws only from the {@link RandomGenerator} it is given and {@link SplittableRandom} is
 * specified exactly.
 *
 * <pre>{@code
 * LabelledEventGenerator generator = new LabelledEventGenerator(42);
 * for (LabelledEvent labelled : generator.generate(1000)) {
 *   Verdict verdict = detector.evaluate(labelled.event());
 *   // compare the rule ids of verdict.findings() with labelled.expectedRuleIds()
 * }
 * }</pre>
 *
 * <p>Of the events that {@link #next()} returns, about 34% are ACCESS, 18% CREDENTIAL_ACCESS, 8%
 * MENTION, 28% NEAR_MISS and 12% AGENT. An access event picks its encoding uniformly from the
 * encodings that some carrier can write for its label: all of {@link Encoding}, except that
 * credential access never uses {@link Encoding#BACKSLASH_URL}. So 1,000 events contain every
 * encoding many times over.
 *
 * <p>Nothing here resolves a name or opens a connection: events are text and objects in memory.
 * Not thread-safe: give each thread its own generator.
 */
public final class LabelledEventGenerator {
  /** The time of the first event; later events follow at random steps of up to 4 seconds. */
  private static final Instant START = Instant.parse("2026-11-30T09:00:00Z");

  /** ISO-8601 UTC with milliseconds, as ECS and most collectors write event times. */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final List<String> LINUX_HOSTS =
      List.of("ip-10-0-1-23", "gce-web-1", "vm-app-01", "ecs-task-7f3a");
  private static final List<String> LINUX_USERS = List.of("root", "ec2-user", "www-data", "deploy");
  private static final List<String> WINDOWS_HOSTS = List.of("WEB01", "EC2AMAZ-4H7K2PQ");
  private static final List<String> WINDOWS_USERS =
      List.of("CORP\\alice", "NT AUTHORITY\\SYSTEM", "IIS APPPOOL\\DefaultAppPool");

  private final Choices choices;
  private long clockMillis = START.toEpochMilli();

  /**
   * Creates a generator whose events depend only on {@code seed}.
   *
   * @param seed the seed of the {@link SplittableRandom} that the generator draws from
   */
  public LabelledEventGenerator(long seed) {
    this(new SplittableRandom(seed));
  }

  /**
   * Creates a generator that draws from {@code random}. Each event takes a varying number of
   * draws, all of them bounded {@code nextInt} calls.
   *
   * @param random the source of every choice the generator makes
   * @throws NullPointerException if {@code random} is null
   */
  public LabelledEventGenerator(RandomGenerator random) {
    this.choices = new Choices(Objects.requireNonNull(random, "random"));
  }

  /**
   * Returns the next event, its label drawn with the weights in the class documentation.
   *
   * @return the next labelled event
   */
  public LabelledEvent next() {
    int roll = choices.between(0, 100);
    Label label;
    if (roll < 34) {
      label = Label.ACCESS;
    } else if (roll < 52) {
      label = Label.CREDENTIAL_ACCESS;
    } else if (roll < 60) {
      label = Label.MENTION;
    } else if (roll < 88) {
      label = Label.NEAR_MISS;
    } else {
      label = Label.AGENT;
    }
    return next(label);
  }

  /**
   * Returns the next event with the given label.
   *
   * @param label the label of the event
   * @return the next labelled event
   * @throws NullPointerException if {@code label} is null
   */
  public LabelledEvent next(Label label) {
    Objects.requireNonNull(label, "label");
    switch (label) {
      case ACCESS:
      case CREDENTIAL_ACCESS:
        return request(label, choices.pick(encodingsFor(label == Label.CREDENTIAL_ACCESS)));
      case MENTION:
        return stamp(CommandLineEvents.mention(choices));
      case NEAR_MISS:
        return stamp(nearMiss());
      case AGENT:
        return stamp(agent());
      default:
        throw new AssertionError(label);
    }
  }

  /**
   * Returns the next ACCESS or CREDENTIAL_ACCESS event that writes the endpoint in
   * {@code encoding}, in any carrier that can hold that encoding.
   *
   * @param encoding the encoding of the endpoint
   * @return the next labelled event
   * @throws NullPointerException if {@code encoding} is null
   */
  public LabelledEvent next(Encoding encoding) {
    Objects.requireNonNull(encoding, "encoding");
    boolean credential = choices.percent(35) && encodingsFor(true).contains(encoding);
    return request(credential ? Label.CREDENTIAL_ACCESS : Label.ACCESS, encoding);
  }

  /**
   * Returns the next NEAR_MISS event.
   *
   * @return the next labelled event
   */
  public LabelledEvent nextNearMiss() {
    return next(Label.NEAR_MISS);
  }

  /**
   * Returns the next {@code count} events of {@link #next()}.
   *
   * @param count the number of events, 0 or more
   * @return a new mutable list of the events, in the order drawn
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public List<LabelledEvent> generate(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be 0 or more, was " + count);
    }
    List<LabelledEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(next());
    }
    return events;
  }

  /**
   * Returns one of the metadata endpoints written in {@code encoding}.
   *
   * @param encoding the encoding of the endpoint
   * @return the endpoint as written, with its canonical form and provider
   * @throws NullPointerException if {@code encoding} is null
   * @throws IllegalArgumentException if {@code encoding} is {@link Encoding#NONE}
   */
  public WrittenAddress nextAddress(Encoding encoding) {
    Objects.requireNonNull(encoding, "encoding");
    if (encoding == Encoding.NONE) {
      throw new IllegalArgumentException("Encoding.NONE writes no address; pick another encoding");
    }
    MetadataEndpoint endpoint = Endpoints.pick(encoding, false, choices);
    String canonical = endpoint == MetadataEndpoint.GCP_NAME ? "metadata.google.internal"
        : endpoint == MetadataEndpoint.AWS_NAME ? "instance-data" : endpoint.connectAddress();
    String text;
    if (encoding == Encoding.SHORT_HOST_NAME || isUrlLevel(encoding)) {
      Target target = choices.pick(Targets.servedBy(endpoint, false));
      String url = MetadataUrls.write(endpoint, encoding, target, choices).url();
      text = MetadataUrls.parameterValue(url, encoding);
    } else {
      text = AddressWriter.write(endpoint, encoding, choices, false);
    }
    return new WrittenAddress(text, encoding, canonical, endpoint.provider());
  }

  /**
   * Returns one of the metadata endpoints in an encoding other than NONE, drawn uniformly.
   *
   * @return the endpoint as written, with its encoding, canonical form and provider
   */
  public WrittenAddress nextAddress() {
    List<Encoding> encodings = new ArrayList<>(EnumSet.complementOf(EnumSet.of(Encoding.NONE)));
    return nextAddress(choices.pick(encodings));
  }

  /** Returns the encodings that some carrier can write for the kind of access. */
  private static List<Encoding> encodingsFor(boolean credentialAccess) {
    List<Encoding> encodings = new ArrayList<>();
    for (Encoding encoding : Encoding.values()) {
      for (Carrier carrier : Carrier.values()) {
        if (carries(carrier, encoding, credentialAccess)) {
          encodings.add(encoding);
          break;
        }
      }
    }
    return encodings;
  }

  private static boolean isUrlLevel(Encoding encoding) {
    return encoding == Encoding.PERCENT_ENCODED_URL
        || encoding == Encoding.DOUBLE_PERCENT_ENCODED_URL
        || encoding == Encoding.URL_USER_INFO
        || encoding == Encoding.BACKSLASH_URL;
  }

  private LabelledEvent request(Label label, Encoding encoding) {
    boolean credential = label == Label.CREDENTIAL_ACCESS;
    List<Carrier> carriers = new ArrayList<>();
    for (Carrier carrier : Carrier.values()) {
      if (carries(carrier, encoding, credential)) {
        carriers.add(carrier);
      }
    }
    Carrier carrier = choices.pick(carriers);
    Draft draft;
    switch (carrier) {
      case COMMAND_LINE:
        draft = CommandLineEvents.request(label, encoding, choices);
        break;
      case DESTINATION_ADDRESS:
        draft = NetworkEvents.connection(encoding, choices);
        break;
      case DNS_QUERY:
        draft = NetworkEvents.query(encoding, choices);
        break;
      case DNS_ANSWER:
        draft = NetworkEvents.rebindingAnswer(encoding, choices);
        break;
      case URL_HOST:
        draft = HttpEvents.direct(label, encoding, choices);
        break;
      case URL_QUERY_PARAMETER:
        draft = HttpEvents.forgery(label, encoding, choices);
        break;
      case HTTP_HEADER:
        draft = HttpEvents.header(label, choices);
        break;
      default:
        throw new AssertionError(carrier);
    }
    return stamp(draft);
  }

  /**
   * Returns whether events of {@code carrier} can write {@code encoding}. Connections and DNS
   * lookups return metadata only, so they never carry credential access.
   */
  static boolean carries(Carrier carrier, Encoding encoding, boolean credentialAccess) {
    switch (carrier) {
      case COMMAND_LINE:
        return encoding != Encoding.BACKSLASH_URL;
      case DESTINATION_ADDRESS:
        return !credentialAccess && NetworkEvents.CONNECTION_ENCODINGS.contains(encoding);
      case DNS_QUERY:
        return !credentialAccess && NetworkEvents.QUERY_ENCODINGS.contains(encoding);
      case DNS_ANSWER:
        return !credentialAccess && NetworkEvents.ANSWER_ENCODINGS.contains(encoding);
      case URL_HOST:
        return HttpEvents.HOST_ENCODINGS.contains(encoding);
      case URL_QUERY_PARAMETER:
        return encoding != Encoding.NONE
            && !(credentialAccess && encoding == Encoding.BACKSLASH_URL);
      case HTTP_HEADER:
        return encoding == Encoding.NONE;
      default:
        throw new AssertionError(carrier);
    }
  }

  private Draft nearMiss() {
    int roll = choices.between(0, 100);
    if (roll < 35) {
      return CommandLineEvents.nearMiss(choices);
    }
    if (roll < 50) {
      return NetworkEvents.nearMissConnection(choices);
    }
    if (roll < 70) {
      return NetworkEvents.nearMissLookup(choices);
    }
    return HttpEvents.nearMiss(choices);
  }

  private Draft agent() {
    int roll = choices.between(0, 100);
    if (roll < 70) {
      return NetworkEvents.agentConnection(choices);
    }
    return NetworkEvents.agentQuery(choices);
  }

  /** Adds time, host and user, and builds the event. */
  private LabelledEvent stamp(Draft draft) {
    clockMillis += choices.between(1, 4000);
    boolean windows = draft.isWindows();
    draft.event
        .time(TIME.format(Instant.ofEpochMilli(clockMillis)))
        .host(choices.pick(windows ? WINDOWS_HOSTS : LINUX_HOSTS))
        .user(choices.pick(windows ? WINDOWS_USERS : LINUX_USERS));
    return draft.build();
  }
}
