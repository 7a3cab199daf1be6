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
  private final List<String> scripts;
  private final List<String> interpreters;
  private final boolean userDirectoriesAllowed;

  private Exclusion(
      Kind kind,
      String id,
      String description,
      Field field,
      LikePattern likePattern,
      List<String> names,
      List<String> executables,
      List<String> scripts,
      List<String> interpreters,
      boolean userDirectoriesAllowed) {
    this.kind = kind;
    this.id = id;
    this.description = description;
    this.field = field;
    this.likePattern = likePattern;
    this.names = names;
    this.executables = executables;
    this.scripts = scripts;
    this.interpreters = interpreters;
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
        List.of(), List.of(), List.of(), List.of(), false);
  }

  /**
   * Returns an exclusion that excuses a known agent by process identity. The event's process is
   * excused when:
   *
   * <ul>
   *   <li>its executable path is known and matches one of {@code executables};
   *   <li>or its executable matches one of {@code interpreters}, and the script argument of its
   *       command line (see {@link ScriptArgument}) is an absolute path that matches one of
   *       {@code scripts};
   *   <li>or its executable path is unknown and its process name is one of {@code names}. When
   *       the command line then starts with one of {@code interpreters}, its script argument must
   *       match as above.
   * </ul>
   *
   * <p>A process whose executable is known but matches neither is not excused, even when its name
   * is an agent's. The process name of an interpreter counts for nothing, because a process sets
   * its own name. An interpreter is not excused when the event has no command line, or when the
   * command line runs code from {@code -c}, {@code -m} or standard input. An executable or script
   * under a temporary, shared-memory or home directory is never excused. The exclusion looks at
   * the event's own process only: a child of an agent is judged on its own. Paths compare without
   * regard to ASCII case, with {@code \} and {@code /} equal; {@code *} in a pattern matches any
   * run of chars within one path segment, and a leading {@code **}{@code /} matches any run of
   * directories.
   *
   * @param id stable id, such as {@code agent.amazon-ssm-agent}
   * @param description why this agent may read instance metadata
   * @param names agent process names, compared without regard to ASCII case
   * @param executables agent executable path patterns
   * @param scripts path patterns of the agent scripts that one of {@code interpreters} runs
   * @param interpreters executable path patterns of the interpreters that run those scripts
   * @return a {@link Kind#PROCESS_IDENTITY} exclusion
   * @throws NullPointerException if any argument or list element is null
   * @throws IllegalArgumentException if names, executables and scripts are all empty, or if
   *     exactly one of scripts and interpreters is empty
   */
  public static Exclusion processIdentity(
      String id,
      String description,
      List<String> names,
      List<String> executables,
      List<String> scripts,
      List<String> interpreters) {
    if (names.isEmpty() && executables.isEmpty() && scripts.isEmpty()) {
      throw new IllegalArgumentException("exclusion " + id + " names no process");
    }
    if (scripts.isEmpty() != interpreters.isEmpty()) {
      throw new IllegalArgumentException("exclusion " + id + " needs both scripts and the"
          + " interpreters that run them, or neither");
    }
    return new Exclusion(Kind.PROCESS_IDENTITY, Objects.requireNonNull(id, "id"),
        Objects.requireNonNull(description, "description"), null, null, lower(names),
        normalizedPaths(executables), normalizedPaths(scripts), normalizedPaths(interpreters),
        false);
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
        scripts, interpreters, true);
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
        null, List.of(), List.of(), List.of(), List.of(), false);
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
    if (executable != null && executable.length() > 0) {
      String path = normalize(executable);
      if (!userDirectoriesAllowed && isUntrusted(path)) {
        return notApplied("process executable " + executable + " is in a temporary, shared or"
            + " home directory, where no agent is excused");
      }
      if (matchesAny(executables, path)) {
        return applied("process executable " + executable + " is the " + id + " agent");
      }
      if (matchesAny(interpreters, path)) {
        return checkScript(event.commandLine(), executable);
      }
      return notApplied("process executable " + executable + " is not an install path of " + id);
    }
    if (name == null) {
      return notApplied("the event names no process");
    }
    if (!names.contains(Ascii.toLowerCase(baseName(name.toString())))) {
      return notApplied("process name " + name + " is not one of " + id);
    }
    String launcher = interpreterOf(event.commandLine());
    if (launcher != null) {
      // The name says agent, but the command line shows an interpreter, which runs any script.
      return checkScript(event.commandLine(), launcher);
    }
    return applied("process name " + name + " is the " + id + " agent (bound by name only:"
        + " the event has no executable path)");
  }

  /**
   * Checks that an interpreter runs one of the agent's installed scripts, judged by the script
   * argument of its command line and never by the process name, which a process sets itself.
   */
  private ExclusionCheck checkScript(CharSequence commandLine, CharSequence interpreter) {
    if (commandLine == null || commandLine.length() == 0) {
      return notApplied(interpreter + " is an interpreter, and the event has no command line"
          + " to show which script it runs");
    }
    ScriptArgument argument = ScriptArgument.find(commandLine, interpreter);
    if (argument.script() == null) {
      return notApplied(interpreter + " " + argument.problem() + ", so it runs no installed "
          + id + " script");
    }
    String script = argument.script();
    String path = normalize(script);
    if (!path.startsWith("/") && !(path.length() > 2 && path.charAt(1) == ':')) {
      return notApplied("script " + script + " run by " + interpreter + " is a relative path,"
          + " which cannot be matched with an install path of " + id);
    }
    if (!userDirectoriesAllowed && isUntrusted(path)) {
      return notApplied("script " + script + " run by " + interpreter + " is in a temporary,"
          + " shared or home directory, where no agent is excused");
    }
    if (matchesAny(scripts, path)) {
      return applied("script " + script + " run by " + interpreter + " is the " + id
          + " agent");
    }
    return notApplied("script " + script + " run by " + interpreter + " is not an install path"
        + " of " + id);
  }

  /**
   * Returns the first token of the command line when its file name matches the file name of one
   * of the interpreter patterns, such as {@code python3} for {@code /usr/bin/python*}, or null.
   */
  private String interpreterOf(CharSequence commandLine) {
    if (commandLine == null || interpreters.isEmpty()) {
      return null;
    }
    List<String> tokens = ScriptArgument.tokens(commandLine.toString());
    if (tokens.isEmpty()) {
      return null;
    }
    String first = tokens.get(0);
    String fileName = baseName(normalize(first));
    for (String pattern : interpreters) {
      if (globMatches(baseName(pattern), 0, fileName, 0)) {
        return first;
      }
    }
    return null;
  }

  /**
   * Lower-cases a path, turns {@code \} into {@code /}, and maps the NT device form that Windows
   * Filtering Platform events use ({@code \device\harddiskvolume2\windows\...}) and the
   * {@code \\?\} prefix onto a {@code c:} drive path. The volume-to-drive mapping is a
   * guess that holds for the system volume of a typical VM.
   */
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
