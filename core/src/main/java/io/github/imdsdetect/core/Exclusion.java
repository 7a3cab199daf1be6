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
   *       the event has a command line, its first token must then be the agent itself (one of
   *       {@code names}, or a path matching {@code executables} or {@code scripts}), or one of
   *       {@code interpreters} whose script argument matches as above. With no command line the
   *       process is excused by name only, and the reason states that.
   * </ul>
   *
   * <p>A process whose executable is known but matches neither is not excused, even when its name
   * is an agent's. The process name of an interpreter counts for nothing, because a process sets
   * its own name. An interpreter is not excused when the event has no command line, when the
   * command line's first token is not one of {@code interpreters} (a bare name is compared by
   * file name), or when {@link ScriptArgument} finds no script: the command line runs code from
   * an option such as {@code -c}, {@code -m} or {@code -i}, reads standard input, or has a quote
   * or whitespace other than single spaces in the part up to the script. An executable, script or
   * interpreter path under a temporary, shared-memory or home directory is never excused. The
   * exclusion looks at the event's own process only: a child of an agent is judged on its own.
   * Paths compare without regard to ASCII case. In executable paths and in Windows paths of the
   * command line, {@code \} and {@code /} are equal, but in other command line paths a {@code \}
   * is part of the file name. {@code *} in a pattern matches any run of chars within one path
   * segment, and a leading {@code **}{@code /} matches any run of directories.
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
        return checkScript(event.commandLine(), executable, isWindowsPath(executable.toString()));
      }
      return notApplied("process executable " + executable + " is not an install path of " + id);
    }
    if (name == null) {
      return notApplied("the event names no process");
    }
    if (!names.contains(Ascii.toLowerCase(baseName(name.toString())))) {
      return notApplied("process name " + name + " is not one of " + id);
    }
    CharSequence commandLine = event.commandLine();
    if (commandLine == null || commandLine.length() == 0) {
      return applied("process name " + name + " is the " + id + " agent (bound by name only:"
          + " the event has no executable path or command line)");
    }
    return checkNameAndCommandLine(name, commandLine.toString());
  }

  /**
   * Checks an event that names an agent process but has no executable path. A process sets its
   * own name, so the command line must start with the agent itself, or with one of the
   * interpreters running an installed agent script. Both are still only what the process wrote
   * into its own {@code argv}, which the reason states.
   */
  private ExclusionCheck checkNameAndCommandLine(CharSequence name, String commandLine) {
    String first = ScriptArgument.firstToken(commandLine);
    if (commandLine.startsWith("\"") && commandLine.indexOf('"', 1) > 1) {
      // Windows quotes a program path with spaces, as in "C:\Program Files\...\agent.exe".
      String quoted = commandLine.substring(1, commandLine.indexOf('"', 1));
      first = isWindowsPath(quoted) ? quoted : first;
    }
    String bound = " (bound by name and command line only: the event has no executable path)";
    if (ScriptArgument.hasOtherWhitespace(commandLine)) {
      return notApplied("process name " + name + " is one of " + id + ", but its command line"
          + " has whitespace other than single spaces, where the argument boundaries cannot be"
          + " told");
    }
    if (isAgentToken(first)) {
      return applied("process name " + name + " is the " + id + " agent, and its command line"
          + " starts with " + first + bound);
    }
    if (isInterpreterToken(first)) {
      ExclusionCheck check = checkScript(commandLine, first, isWindowsPath(first));
      return check.applied() ? applied(check.reason() + bound) : check;
    }
    return notApplied("process name " + name + " is one of " + id + ", but its command line"
        + " starts with " + first + ", which is neither the agent nor an interpreter that runs"
        + " its script");
  }

  /**
   * Checks that an interpreter runs one of the agent's installed scripts, judged by the script
   * argument of its command line and never by the process name, which a process sets itself.
   * {@code argv[0]} must name one of the interpreters too.
   *
   * @param windows whether the interpreter is a Windows path, so that {@code \} in the script
   *     path is a directory separator; on other systems it is an ordinary file name char
   */
  private ExclusionCheck checkScript(CharSequence commandLine, CharSequence interpreter,
      boolean windows) {
    if (commandLine == null || commandLine.length() == 0) {
      return notApplied(interpreter + " is an interpreter, and the event has no command line"
          + " to show which script it runs");
    }
    ScriptArgument argument = ScriptArgument.find(commandLine, interpreter);
    if (argument.script() == null) {
      return notApplied(interpreter + " " + argument.problem() + ", so it runs no installed "
          + id + " script");
    }
    String first = ScriptArgument.firstToken(commandLine.toString());
    if (!isInterpreterToken(first)) {
      return notApplied("the command line of " + interpreter + " starts with " + first
          + ", which is not one of the interpreters of " + id);
    }
    String script = argument.script();
    String path = windows ? normalize(script) : Ascii.toLowerCase(script);
    boolean absolute = path.startsWith("/")
        || (windows && path.length() > 2 && path.charAt(1) == ':' && path.charAt(2) == '/');
    if (!absolute) {
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
   * Returns whether a command line's first token is this agent: one of its names, or a path that
   * matches its executables or scripts outside untrusted directories.
   */
  private boolean isAgentToken(String token) {
    if (token.isEmpty() || ScriptArgument.hasQuote(token)) {
      return false;
    }
    if (names.contains(Ascii.toLowerCase(token))) {
      return true;
    }
    String path = commandPath(token);
    if (path == null || (!userDirectoriesAllowed && isUntrusted(path))) {
      return false;
    }
    return matchesAny(executables, path) || matchesAny(scripts, path);
  }

  /**
   * Returns whether a command line's first token is one of the interpreters: a bare name whose
   * file name matches the file name of an interpreter pattern, such as {@code python3} for
   * {@code /usr/bin/python*}, or a path that matches an interpreter pattern itself.
   */
  private boolean isInterpreterToken(String token) {
    if (token.isEmpty() || ScriptArgument.hasQuote(token) || interpreters.isEmpty()) {
      return false;
    }
    String path = commandPath(token);
    if (path == null) {
      String fileName = Ascii.toLowerCase(token);
      for (String pattern : interpreters) {
        if (globMatches(baseName(pattern), 0, fileName, 0)) {
          return true;
        }
      }
      return false;
    }
    return (userDirectoriesAllowed || !isUntrusted(path)) && matchesAny(interpreters, path);
  }

  /**
   * Returns a command line token as a normalized path, or null for a bare name. A {@code \}
   * separates directories only in a Windows path; elsewhere it is part of the name.
   */
  private static String commandPath(String token) {
    if (isWindowsPath(token)) {
      return normalize(token);
    }
    return token.indexOf('/') >= 0 ? Ascii.toLowerCase(token) : null;
  }

  /**
   * Returns whether a path is a Windows path: a drive letter path ({@code C:\...}), a UNC or
   * {@code \\?\} path, or an NT device path ({@code \Device\...}).
   */
  private static boolean isWindowsPath(String path) {
    if (path.length() > 2 && Character.isLetter(path.charAt(0)) && path.charAt(0) < 128
        && path.charAt(1) == ':' && (path.charAt(2) == '\\' || path.charAt(2) == '/')) {
      return true;
    }
    return path.startsWith("\\\\")
        || Ascii.toLowerCase(path).startsWith("\\device\\");
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
