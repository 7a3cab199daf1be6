package io.github.imdsdetect.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A condition that quiets a rule for an event, whichever of the rule's indicators matched.
 *
 * <ul>
 *   <li>{@link Kind#NOT_LIKE} reproduces an AQL {@code "field" NOT ILIKE 'pattern'} clause: the
 *       rule is quiet when the field matches the pattern, and also when the field is missing,
 *       because in SQL a comparison with NULL is not true.
 *   <li>{@link Kind#PROCESS_IDENTITY} recognises a legitimate agent by the identity of the process
 *       that made the access, never by text elsewhere in the event. See {@link #processIdentity}.
 *   <li>{@link Kind#METADATA_HOST_QUERY} quiets a DNS answer rule when the question itself was a
 *       metadata host name, whose answer is expected to be a metadata address.
 * </ul>
 */
public final class Exclusion {

  /** How an exclusion decides. */
  public enum Kind {
    /** An AQL {@code NOT ILIKE} clause on one field. */
    NOT_LIKE,
    /** A known agent, recognised by the executable path or name of the accessing process. */
    PROCESS_IDENTITY,
    /** A DNS query whose question is a metadata host name. */
    METADATA_HOST_QUERY
  }

  /**
   * Directories where a binary that claims to be an agent is never excused, because anyone can
   * write there: temporary directories, shared memory, home and user-profile directories.
   * Compared as lower-case prefixes with {@code \} turned into {@code /}.
   */
  private static final List<String> UNTRUSTED_DIRECTORIES =
      List.of("/tmp/", "/var/tmp/", "/dev/shm/", "/home/", "/root/", "/run/user/",
          "c:/users/", "c:/windows/temp/", "c:/temp/", "c:/programdata/temp/");

  private final Kind kind;
  private final String id;
  private final String description;
  private final Field field;
  private final LikePattern likePattern;
  private final List<String> names;
  private final List<String> executables;
  private final List<String> scriptNames;
  private final List<String> interpreters;
  private final boolean parentBinding;
  private final boolean userDirectoriesAllowed;

  private Exclusion(
      Kind kind,
      String id,
      String description,
      Field field,
      LikePattern likePattern,
      List<String> names,
      List<String> executables,
      List<String> scriptNames,
      List<String> interpreters,
      boolean parentBinding,
      boolean userDirectoriesAllowed) {
    this.kind = kind;
    this.id = id;
    this.description = description;
    this.field = field;
    this.likePattern = likePattern;
    this.names = names;
    this.executables = executables;
    this.scriptNames = scriptNames;
    this.interpreters = interpreters;
    this.parentBinding = parentBinding;
    this.userDirectoriesAllowed = userDirectoriesAllowed;
  }

  /**
   * Returns an exclusion for an AQL {@code "field" NOT ILIKE 'pattern'} clause.
   *
   * @param field the field to compare
   * @param pattern an AQL {@code ILIKE} pattern, {@code %} and {@code _} being wildcards
   * @return a {@link Kind#NOT_LIKE} exclusion
   * @throws NullPointerException if {@code field} or {@code pattern} is null
   * @throws IllegalArgumentException if the pattern is empty
   */
  public static Exclusion notLike(Field field, String pattern) {
    Objects.requireNonNull(field, "field");
    LikePattern like = new LikePattern(pattern);
    return new Exclusion(Kind.NOT_LIKE, field.fieldName() + " NOT ILIKE '" + pattern + "'",
        "quiet when " + field.fieldName() + " matches " + pattern + " or is missing", field, like,
        List.of(), List.of(), List.of(), List.of(), false, false);
  }

  /**
   * Returns an exclusion that excuses a known agent by process identity. The event's process is
   * excused when:
   *
   * <ul>
   *   <li>its executable path is known and matches one of {@code executables}, or it is one of
   *       {@code interpreters} running a script whose process name is in {@code scriptNames};
   *   <li>or its executable path is unknown and its process name is one of {@code names}.
   * </ul>
   *
   * <p>A process whose executable is known but matches neither is not excused, even when its name
   * is an agent's, and an executable under a temporary, shared-memory or home directory is never
   * excused. When the event names a parent executable that matches {@code executables}, the event
   * is excused too, because agents run helper commands. Paths compare without regard to ASCII
   * case, with {@code \} and {@code /} equal; {@code *} in a pattern matches any run of chars
   * within one path segment, and a leading {@code **}{@code /} matches any run of directories.
   *
   * @param id stable id, such as {@code agent.amazon-ssm-agent}
   * @param description why this agent may read instance metadata
   * @param names agent process names, compared without regard to ASCII case
   * @param executables agent executable path patterns
   * @param scriptNames process names of agent scripts run by one of {@code interpreters}
   * @param interpreters executable path patterns of the interpreters that run those scripts
   * @return a {@link Kind#PROCESS_IDENTITY} exclusion that binds the parent process
   * @throws NullPointerException if any argument or list element is null
   * @throws IllegalArgumentException if names, executables and scriptNames are all empty
   */
  public static Exclusion processIdentity(
      String id,
      String description,
      List<String> names,
      List<String> executables,
      List<String> scriptNames,
      List<String> interpreters) {
    if (names.isEmpty() && executables.isEmpty() && scriptNames.isEmpty()) {
      throw new IllegalArgumentException("exclusion " + id + " names no process");
    }
    return new Exclusion(Kind.PROCESS_IDENTITY, Objects.requireNonNull(id, "id"),
        Objects.requireNonNull(description, "description"), null, null, lower(names),
        normalizedPaths(executables), lower(scriptNames), normalizedPaths(interpreters), true,
        false);
  }

  /**
   * Returns a copy that ignores the parent process. Use it for processes such as kubelet or
   * containerd-shim that start workloads which must not inherit the excuse.
   *
   * @return a copy of this exclusion that does not excuse events by their parent executable
   */
  public Exclusion withoutParentBinding() {
    return new Exclusion(kind, id, description, field, likePattern, names, executables,
        scriptNames, interpreters, false, userDirectoriesAllowed);
  }

  /**
   * Returns a copy that excuses matching executables even under home or temporary directories,
   * for tools that install plugins into the working directory, such as Terraform providers.
   * The executable must still match one of the patterns.
   *
   * @return a copy of this exclusion that does not reject untrusted directories
   */
  public Exclusion allowingUserDirectories() {
    return new Exclusion(kind, id, description, field, likePattern, names, executables,
        scriptNames, interpreters, parentBinding, true);
  }

  /**
   * Returns the exclusion that quiets DNS answer rules when the question was a metadata host.
   *
   * @return a {@link Kind#METADATA_HOST_QUERY} exclusion with id
   *     {@code dns.question-is-metadata-host}
   */
  public static Exclusion metadataHostQuery() {
    return new Exclusion(Kind.METADATA_HOST_QUERY, "dns.question-is-metadata-host",
        "a metadata host name is expected to resolve to a metadata address", Field.DNS_QUERY_NAME,
        null, List.of(), List.of(), List.of(), List.of(), false, false);
  }

  private static List<String> lower(List<String> values) {
    List<String> result = new ArrayList<>(values.size());
    for (String value : values) {
      result.add(Ascii.toLowerCase(value));
    }
    return List.copyOf(result);
  }

  private static List<String> normalizedPaths(List<String> values) {
    List<String> result = new ArrayList<>(values.size());
    for (String value : values) {
      result.add(Ascii.toLowerCase(value.replace('\\', '/')));
    }
    return List.copyOf(result);
  }

  /**
   * Returns how this exclusion decides.
   *
   * @return the kind, never null
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the stable id that the scanner's summary counts suppressions under.
   *
   * @return the id, never null
   */
  public String id() {
    return id;
  }

  /**
   * Returns what this exclusion quiets and why.
   *
   * @return the description, never null
   */
  public String description() {
    return description;
  }

  /**
   * Returns the field a {@link Kind#NOT_LIKE} exclusion reads.
   *
   * @return the field, or null for the other kinds
   */
  public Field field() {
    return field;
  }

  /**
   * Returns the pattern of a {@link Kind#NOT_LIKE} exclusion.
   *
   * @return the pattern as written, or null for the other kinds
   */
  public String pattern() {
    return likePattern == null ? null : likePattern.pattern();
  }

  /**
   * Returns the agent process names, lower case.
   *
   * @return an immutable list, empty for kinds other than {@link Kind#PROCESS_IDENTITY}
   */
  public List<String> names() {
    return names;
  }

  /**
   * Returns the agent executable path patterns, lower case with {@code /} separators.
   *
   * @return an immutable list, empty for kinds other than {@link Kind#PROCESS_IDENTITY}
   */
  public List<String> executables() {
    return executables;
  }

  /** Returns why this exclusion applies to the event, or null when it does not. */
  String apply(Event event) {
    ExclusionCheck check = check(event);
    return check.applied() ? check.reason() : null;
  }

  /** Returns whether this exclusion applies to the event and why, or why not. */
  ExclusionCheck check(Event event) {
    switch (kind) {
      case NOT_LIKE:
        CharSequence value = event.get(field);
        if (value == null) {
          return applied(field.fieldName() + " is missing, so NOT ILIKE is not true (SQL NULL)");
        }
        return likePattern.matches(value)
            ? applied(field.fieldName() + " matches '" + likePattern.pattern() + "'")
            : notApplied(field.fieldName() + " does not match '" + likePattern.pattern() + "'");
      case METADATA_HOST_QUERY:
        CharSequence query = event.dnsQueryName();
        if (query == null) {
          return notApplied("the event has no DNS question");
        }
        // Only the providers' own names are expected to resolve to a metadata address. A
        // wildcard-DNS name answered with one is the filter bypass the answer rule looks for.
        MetadataAddresses.Hit hit = MetadataAddresses.classify(query, false);
        return hit != null && hit.endpoint() != null && hit.form() == MetadataAddresses.Form.HOST_NAME
            ? applied("the question " + query + " is itself a metadata host name")
            : notApplied("the question " + query + " is not a provider's metadata host name");
      case PROCESS_IDENTITY:
        return checkIdentity(event);
      default:
        throw new AssertionError(kind);
    }
  }

  private ExclusionCheck applied(String reason) {
    return new ExclusionCheck(id, true, reason);
  }

  private ExclusionCheck notApplied(String reason) {
    return new ExclusionCheck(id, false, reason);
  }

  private ExclusionCheck checkIdentity(Event event) {
    CharSequence executable = event.processExecutable();
    CharSequence name = event.processName();
    if ((executable == null || executable.length() == 0) && name != null
        && (name.toString().indexOf('/') >= 0 || name.toString().indexOf('\\') >= 0)) {
      // Some sources put a path in the name field; judge it as the executable it is.
      executable = name;
      name = baseName(name.toString());
    }
    String why;
    if (executable != null && executable.length() > 0) {
      String path = normalize(executable);
      if (!userDirectoriesAllowed && isUntrusted(path)) {
        return notApplied("process executable " + executable + " is in a temporary, shared or"
            + " home directory, where no agent is excused");
      }
      if (matchesAny(executables, path)) {
        return applied("process executable " + executable + " is the " + id + " agent");
      }
      if (name != null && scriptNames.contains(Ascii.toLowerCase(name.toString()))
          && matchesAny(interpreters, path)) {
        String script = untrustedScript(event.commandLine(), name.toString());
        if (script != null) {
          return notApplied("the " + name + " script runs from " + script
              + ", a temporary, shared or home directory");
        }
        return applied("process " + name + " is the " + id + " agent script run by "
            + executable);
      }
      why = "process executable " + executable + " is not an install path of " + id;
    } else if (name != null && names.contains(Ascii.toLowerCase(baseName(name.toString())))) {
      return applied("process name " + name + " is the " + id + " agent (bound by name only:"
          + " the event has no executable path)");
    } else {
      why = name == null
          ? "the event names no process"
          : "process name " + name + " is not one of " + id;
    }
    CharSequence parent = event.parentProcessExecutable();
    if (parentBinding && parent != null && parent.length() > 0) {
      String parentPath = normalize(parent);
      if ((userDirectoriesAllowed || !isUntrusted(parentPath))
          && matchesAny(executables, parentPath)) {
        return applied("parent executable " + parent + " is the " + id + " agent");
      }
    }
    return notApplied(why);
  }

  /**
   * Lower-cases a path, turns {@code \} into {@code /}, and maps the NT device form that Windows
   * Filtering Platform events use ({@code \device\harddiskvolume2\windows\...}) and the
   * {@code \\?\} prefix onto a {@code c:} drive path. The volume-to-drive mapping is a
   * guess that holds for the system volume of a typical VM.
   */
  /**
   * Returns the command-line token that runs a script called {@code scriptName} from an
   * untrusted directory, or null when there is none or the command line is unknown.
   */
  private String untrustedScript(CharSequence commandLine, String scriptName) {
    if (commandLine == null || userDirectoriesAllowed) {
      return null;
    }
    String lowerName = Ascii.toLowerCase(scriptName);
    for (String token : commandLine.toString().split("[\\s\"']+")) {
      if (token.indexOf('/') >= 0 || token.indexOf('\\') >= 0) {
        String path = normalize(token);
        if (baseName(path).equals(lowerName) && isUntrusted(path)) {
          return token;
        }
      }
    }
    return null;
  }

  private static String normalize(CharSequence path) {
    String normalized = Ascii.toLowerCase(path.toString().replace('\\', '/'));
    if (normalized.startsWith("//?/")) {
      normalized = normalized.substring(4);
    }
    if (normalized.startsWith("/device/harddiskvolume")) {
      int slash = normalized.indexOf('/', "/device/harddiskvolume".length());
      normalized = slash < 0 ? normalized : "c:" + normalized.substring(slash);
    }
    return normalized;
  }

  private static String baseName(String name) {
    String normalized = name.replace('\\', '/');
    return normalized.substring(normalized.lastIndexOf('/') + 1);
  }

  private static boolean isUntrusted(String path) {
    for (String directory : UNTRUSTED_DIRECTORIES) {
      if (path.startsWith(directory)) {
        return true;
      }
    }
    return path.contains("/appdata/local/temp/") || path.contains("/../");
  }

  private static boolean matchesAny(List<String> patterns, String path) {
    for (String pattern : patterns) {
      if (pattern.startsWith("**/")) {
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
          if (globMatches(pattern, 2, path, slash)) {
            return true;
          }
        }
      } else if (globMatches(pattern, 0, path, 0)) {
        return true;
      }
    }
    return false;
  }

  /** Matches a path against a pattern whose {@code *} never crosses a {@code /}. */
  private static boolean globMatches(String pattern, int p, String path, int t) {
    while (p < pattern.length()) {
      char c = pattern.charAt(p);
      if (c == '*') {
        for (int end = t; end <= path.length(); end++) {
          if (globMatches(pattern, p + 1, path, end)) {
            return true;
          }
          if (end < path.length() && path.charAt(end) == '/') {
            return false;
          }
        }
        return false;
      }
      if (t >= path.length() || path.charAt(t) != c) {
        return false;
      }
      p++;
      t++;
    }
    return t == path.length();
  }

  @Override
  public String toString() {
    return id;
  }
}
