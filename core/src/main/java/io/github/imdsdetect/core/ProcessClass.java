package io.github.imdsdetect.core;

import java.util.List;
import java.util.Set;

/**
 * The kind of program that made an access, judged from where its executable lies and from the
 * process name or the file name of its executable. The default rule set ranks findings by it: a
 * shell or downloader reaching the metadata service is more alarming than an application runtime
 * that uses a cloud SDK.
 */
enum ProcessClass {
  /**
   * A program run from a world-writable or hidden directory, such as {@code /tmp/x} or
   * {@code /var/www/.cache/k}, whatever its name. Installed software does not live there, and
   * dropped malware often does.
   */
  UNTRUSTED_LOCATION,
  /** Command interpreters such as bash or PowerShell. */
  SHELL,
  /** Programs whose job is to fetch URLs or open raw sockets, such as curl or netcat. */
  DOWNLOADER,
  /** Script interpreters such as python or perl. */
  INTERPRETER,
  /** Web server workers, the process an SSRF runs in. */
  WEB_WORKER,
  /** Application runtimes and cloud CLIs that read metadata through a cloud SDK. */
  SDK_RUNTIME,
  /** Programs that name an address without fetching from it: firewalls, routing, search, print. */
  MENTION_TOOL,
  /** Anything else, or no process in the event. */
  OTHER;

  private static final Set<String> SHELLS =
      Set.of("sh", "bash", "dash", "zsh", "ksh", "fish", "ash", "busybox", "cmd", "powershell",
          "pwsh", "csh", "tcsh");
  private static final Set<String> DOWNLOADERS =
      Set.of("curl", "wget", "nc", "ncat", "netcat", "socat", "aria2c", "http", "httpie",
          "fetch", "lwp-request", "bitsadmin", "certutil", "telnet", "openssl", "busybox-wget");
  private static final Set<String> INTERPRETERS =
      Set.of("python", "python2", "python3", "perl", "ruby", "php", "lua", "tclsh", "wscript",
          "cscript", "mshta", "osascript");
  private static final Set<String> WEB_WORKERS =
      Set.of("httpd", "apache2", "nginx", "php-fpm", "w3wp", "uwsgi", "gunicorn", "lighttpd",
          "caddy", "tomcat", "catalina", "iisexpress", "unicorn", "puma");
  private static final Set<String> SDK_RUNTIMES =
      Set.of("java", "javaw", "dotnet", "node", "aws", "gcloud", "az", "gsutil", "eksctl",
          "kubectl-aws", "aws-iam-authenticator");
  private static final Set<String> MENTION_TOOLS =
      Set.of("iptables", "ip6tables", "iptables-legacy", "iptables-nft", "nft", "firewall-cmd",
          "ufw", "route", "ip", "netsh", "grep", "egrep", "fgrep", "rg", "ag", "ack", "echo",
          "printf", "cat", "less", "more", "head", "tail", "sed", "awk", "vi", "vim", "nano",
          "emacs", "git", "findstr", "select-string", "type", "notepad", "jq", "yq", "diff");

  /**
   * Directories that any local user can write, compared as lower-case prefixes of a path with
   * {@code \} turned into {@code /}.
   */
  private static final List<String> WORLD_WRITABLE_DIRECTORIES =
      List.of("/tmp/", "/var/tmp/", "/dev/shm/", "/run/shm/", "/run/lock/", "/var/lock/",
          "/var/crash/", "c:/windows/temp/", "c:/temp/", "c:/users/public/",
          "c:/$recycle.bin/");

  /**
   * Directories that belong to one user, compared like {@link #WORLD_WRITABLE_DIRECTORIES}. A
   * user's own tools live there, so a program there is not suspicious for its location alone,
   * but it gets none of the leniency of its name.
   */
  private static final List<String> USER_DIRECTORIES =
      List.of("/home/", "/root/", "/run/user/", "c:/users/");

  /** Returns the class of the event's process, or {@link #OTHER} when it names none. */
  static ProcessClass of(Event event) {
    if (inUntrustedLocation(event.processExecutable())
        || inUntrustedLocation(event.processName())) {
      return UNTRUSTED_LOCATION;
    }
    // The executable comes first because a process sets its own name: python3 can call itself
    // waagent, but its executable stays /usr/bin/python3.
    CharSequence name = event.processExecutable();
    if (name == null || name.length() == 0) {
      name = event.processName();
    }
    if (name == null || name.length() == 0) {
      return OTHER;
    }
    ProcessClass byName = ofName(name.toString());
    // A grep or java that runs from a user's directory is a renamed program until proven
    // otherwise, so it gets none of the leniency of its name.
    if ((byName == MENTION_TOOL || byName == SDK_RUNTIME)
        && (inUserDirectory(event.processExecutable())
            || inUserDirectory(event.processName()))) {
      return OTHER;
    }
    return byName;
  }

  /**
   * Returns whether a path lies in a world-writable directory, in a temporary directory of a
   * Windows user profile, or under a hidden directory or hidden file name (one that starts with
   * {@code .}, as {@code ..} also does), or names an anonymous memory file ({@code /memfd:}),
   * the executable of a program run without a file on disk.
   *
   * <p>NOTE: tools that users install under dot-directories, such as {@code ~/.local/bin} or
   * {@code .terraform/providers}, count as untrusted too.
   */
  static boolean inUntrustedLocation(CharSequence path) {
    String normalized = normalizedPath(path);
    if (normalized == null) {
      return false;
    }
    for (String directory : WORLD_WRITABLE_DIRECTORIES) {
      if (normalized.startsWith(directory)) {
        return true;
      }
    }
    return normalized.startsWith("/memfd:") || normalized.contains("/appdata/local/temp/")
        || normalized.contains("/.");
  }

  private static boolean inUserDirectory(CharSequence path) {
    String normalized = normalizedPath(path);
    if (normalized == null) {
      return false;
    }
    for (String directory : USER_DIRECTORIES) {
      if (normalized.startsWith(directory)) {
        return true;
      }
    }
    return normalized.contains("/appdata/") || normalized.contains("/temp/");
  }

  /** Returns the lower-case path with {@code /} separators, or null when it is no path. */
  private static String normalizedPath(CharSequence path) {
    if (path == null) {
      return null;
    }
    String normalized = Ascii.toLowerCase(path.toString().replace('\\', '/'));
    return normalized.indexOf('/') < 0 ? null : normalized;
  }

  /** Returns the class of a process name or executable path. */
  static ProcessClass ofName(String nameOrPath) {
    String name = Ascii.toLowerCase(nameOrPath.replace('\\', '/'));
    name = name.substring(name.lastIndexOf('/') + 1);
    if (name.endsWith(".exe")) {
      name = name.substring(0, name.length() - 4);
    }
    String unversioned = stripVersion(name);
    if (SHELLS.contains(name)) {
      return SHELL;
    }
    if (DOWNLOADERS.contains(name)) {
      return DOWNLOADER;
    }
    if (INTERPRETERS.contains(unversioned)) {
      return INTERPRETER;
    }
    if (WEB_WORKERS.contains(unversioned)) {
      return WEB_WORKER;
    }
    if (SDK_RUNTIMES.contains(unversioned)) {
      return SDK_RUNTIME;
    }
    if (MENTION_TOOLS.contains(name)) {
      return MENTION_TOOL;
    }
    return OTHER;
  }

  /** Strips a version suffix such as the {@code 3.11} of {@code python3.11} or {@code -8}. */
  private static String stripVersion(String name) {
    int end = name.length();
    while (end > 0 && (Character.isDigit(name.charAt(end - 1)) || name.charAt(end - 1) == '.'
        || name.charAt(end - 1) == '-' || name.charAt(end - 1) == '_')) {
      end--;
    }
    return end == 0 ? name : name.substring(0, end);
  }

  /** Returns whether this class has no business reaching a metadata service. */
  boolean unexpected() {
    return this == UNTRUSTED_LOCATION || this == SHELL || this == DOWNLOADER
        || this == INTERPRETER || this == WEB_WORKER;
  }

  /** Returns a short description for finding reasons, such as {@code a downloader}. */
  String article() {
    switch (this) {
      case UNTRUSTED_LOCATION:
        return "a program in a world-writable or hidden directory";
      case SHELL:
        return "a shell";
      case DOWNLOADER:
        return "a downloader";
      case INTERPRETER:
        return "a script interpreter";
      case WEB_WORKER:
        return "a web server worker";
      case SDK_RUNTIME:
        return "an application runtime or cloud CLI";
      case MENTION_TOOL:
        return "a firewall, routing, search or print command";
      default:
        return "a process";
    }
  }
}
