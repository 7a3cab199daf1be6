package io.github.imdsdetect.ecs;

import io.github.imdsdetect.adapter.CountingSink;
import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.FlatRecord;
import io.github.imdsdetect.adapter.JsonRecords;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.adapter.RecordScreen;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads Elastic Common Schema documents as Elastic Agent, Auditbeat, Filebeat and Packetbeat
 * write them, in four shapes: JSON lines, a JSON array of documents, a single (pretty-printed)
 * document, and an Elasticsearch search response, whose {@code hits.hits[]} elements are read
 * through their {@code _source} object (or their {@code fields} object when the search returned
 * no source). Nested objects and dotted keys give the same event.
 *
 * <p>Field mapping, first present non-empty field wins:
 *
 * <ul>
 *   <li>time: {@code @timestamp}
 *   <li>host: {@code host.name}, {@code host.hostname}, {@code agent.hostname} (the host the Beat
 *       or agent runs on)
 *   <li>user: {@code user.name}
 *   <li>process: {@code process.name}, {@code process.executable}, {@code process.parent.name},
 *       {@code process.parent.executable}
 *   <li>command line: {@code process.command_line}, then {@code process.args} joined with spaces
 *   <li>destination: {@code destination.ip} or {@code destination.address}, and {@code
 *       destination.port}
 *   <li>DNS: {@code dns.question.name}; answers from {@code dns.answers.data} (joined with
 *       spaces) or {@code dns.resolved_ip}
 *   <li>URL: {@code url.full} or {@code url.original}, {@code url.domain} (else the {@code Host}
 *       request header), {@code url.path}, {@code url.query}
 *   <li>HTTP: {@code http.request.method}, and each {@code http.request.headers.<name>} key (as
 *       Packetbeat writes them) as one {@code name: value} line
 * </ul>
 *
 * <p>Auditbeat's auditd events add fallbacks: {@code process.title} for the command line, {@code
 * auditd.summary.how} for the executable when it is an absolute path, and {@code
 * auditd.data.socket.addr} and {@code .port} for the destination of a {@code connect} call.
 *
 * <p>An object without ECS fields, such as the outer object of a search response, goes to
 * {@link ParseSink#ignored}. Malformed lines go to {@link ParseSink#skipped}.
 */
public final class EcsParser implements EventParser {
  /**
   * A plain ECS document, as opposed to a search hit or a wrapper: it has a top-level {@code
   * @timestamp} string, and no top-level key that starts with {@code _} ({@code _source},
   * {@code _index}, {@code _id}) or is empty. {@link #documentPrefix} then finds the empty
   * prefix, because {@code @timestamp} is an ECS field. A line with a key that contains {@code
   * headers} is always built, because the names of nested header objects are joined with dots
   * into the HTTP header text.
   */
  private static final JsonRecords.EventShape PLAIN_DOCUMENT =
      JsonRecords.EventShape.of("@timestamp", '_', "headers");

  /** Key of the array that contains the documents of a search response. */
  private static final String HITS = "hits";

  private static final Pattern SEARCH_RESPONSE_KEY = Pattern.compile("\"hits\"\\s*:\\s*\\{");
  private static final Pattern SOURCE_KEY = Pattern.compile("\"_source\"\\s*:");
  private static final Pattern TIMESTAMP_KEY = Pattern.compile("\"@timestamp\"\\s*:");
  private static final Pattern ECS_VERSION_KEY =
      Pattern.compile("\"ecs\\.version\"\\s*:|\"ecs\"\\s*:\\s*\\{\\s*\"version\"");
  private static final Pattern DOTTED_ECS_KEY =
      Pattern.compile(
          "\"(agent|destination|dns|event|host|http|network|process|source|url|user)"
              + "\\.[a-z_.]+\"\\s*:");
  private static final Pattern NESTED_ECS_KEY =
      Pattern.compile("\"(agent|event|process)\"\\s*:\\s*\\{");

  /**
   * Key prefixes of the ECS field sets that tell a document apart from a wrapper object. The
   * list covers the field sets that Beats and Elastic Agent write, not all of ECS.
   */
  private static final List<String> ECS_KEY_PREFIXES =
      List.of(
          "agent.", "auditd.", "client.", "cloud.", "container.", "data_stream.", "destination.",
          "dns.", "ecs.", "event.", "file.", "host.", "http.", "log.", "network.", "observer.",
          "process.", "related.", "server.", "service.", "source.", "url.", "user.",
          "user_agent.");

  /** Creates a parser, which keeps no state between calls. */
  public EcsParser() {}

  @Override
  public String format() {
    return "ecs";
  }

  /**
   * Scores the head by the keys it contains: 95 for {@code @timestamp} with {@code ecs.version},
   * 90 for a search response with {@code _source}, 85 for {@code @timestamp} with ECS field sets,
   * 80 for {@code ecs.version} alone, 60 for dotted ECS keys without {@code @timestamp}, 20 for
   * nested {@code event}, {@code process} or {@code agent} objects alone, and 0 for input that
   * does not start with a JSON object or array. Winlogbeat and Elastic Agent documents of
   * Windows event logs are ECS too, but their Windows event data is read fully only by the
   * sysmon and windows adapters, so such input scores at most 70 here and those adapters win.
   */
  @Override
  public int sniff(String head) {
    int score = sniffEcs(head);
    return head.contains("\"winlog") && score > 70 ? 70 : score;
  }

  private static int sniffEcs(String head) {
    int start = 0;
    while (start < head.length()
        && (Character.isWhitespace(head.charAt(start)) || head.charAt(start) == '\uFEFF')) {
      start++;
    }
    if (start == head.length() || (head.charAt(start) != '{' && head.charAt(start) != '[')) {
      return 0;
    }
    boolean timestamp = TIMESTAMP_KEY.matcher(head).find();
    boolean ecsVersion = ECS_VERSION_KEY.matcher(head).find();
    boolean dotted = DOTTED_ECS_KEY.matcher(head).find();
    boolean nested = NESTED_ECS_KEY.matcher(head).find();
    if (timestamp && ecsVersion) {
      return 95;
    }
    if (SEARCH_RESPONSE_KEY.matcher(head).find() && SOURCE_KEY.matcher(head).find()) {
      return 90;
    }
    if (timestamp && (dotted || nested)) {
      return 85;
    }
    if (ecsVersion) {
      return 80;
    }
    if (dotted) {
      return 60;
    }
    return nested ? 20 : 0;
  }

  @Override
  public long parse(InputStream in, String source, ParseLimits limits, ParseSink sink)
      throws IOException {
    JsonRecords records = new JsonRecords(Set.of(HITS), limits);
    CountingSink counting = CountingSink.of(sink);
    return records.read(in, record -> deliver(record, source, counting), counting);
  }

  /**
   * Reads as {@link #parse(InputStream, String, ParseLimits, ParseSink)} does, but counts a JSON
   * line that {@code screen} clears through {@link ParseSink#cleared} when the line is a plain
   * document: it has a top-level {@code @timestamp} string and no top-level key that is empty or
   * starts with {@code _}, so it is neither a search hit nor a wrapper, and no key that contains
   * {@code headers}. Every ECS field is
   * taken verbatim from one value, arrays are joined with spaces and HTTP headers as {@code
   * name: value} lines, which {@link RecordScreen} allows for.
   */
  @Override
  public long parse(
      InputStream in, String source, ParseLimits limits, RecordScreen screen, ParseSink sink)
      throws IOException {
    JsonRecords records = new JsonRecords(Set.of(HITS), limits);
    CountingSink counting = CountingSink.of(sink);
    return records.read(
        in, record -> deliver(record, source, counting), counting, screen, PLAIN_DOCUMENT);
  }

  private static void deliver(FlatRecord record, String source, ParseSink sink) {
    String prefix = documentPrefix(record);
    if (prefix == null) {
      sink.ignored(record.line(), wrapperKind(record));
      return;
    }
    sink.event(new EcsEventMapper(record, prefix).map(source));
  }

  /**
   * Returns the key prefix of the record's ECS fields: {@code _source.} or {@code fields.} for a
   * search hit, the empty string for a plain document, or null when the record contains no ECS
   * fields.
   */
  private static String documentPrefix(FlatRecord record) {
    boolean hasFields = false;
    for (String key : record.keys()) {
      if (key.startsWith("_source.")) {
        return "_source.";
      }
      if (key.startsWith("fields.")) {
        hasFields = true;
      }
    }
    boolean searchHit = record.get("_index") != null || record.get("_id") != null;
    if (searchHit) {
      return hasFields ? "fields." : null;
    }
    return hasEcsField(record) ? "" : null;
  }

  private static boolean hasEcsField(FlatRecord record) {
    for (String key : record.keys()) {
      if (key.equals("@timestamp")) {
        return true;
      }
      for (String prefix : ECS_KEY_PREFIXES) {
        if (key.startsWith(prefix)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String wrapperKind(FlatRecord record) {
    if (record.get("_index") != null || record.get("_id") != null) {
      return "search hit without _source";
    }
    for (String key : record.keys()) {
      if (key.equals("took") || key.equals("timed_out") || key.startsWith("_shards.")
          || key.startsWith("hits.")) {
        return "Elasticsearch search response";
      }
    }
    return "JSON object without ECS fields";
  }
}
