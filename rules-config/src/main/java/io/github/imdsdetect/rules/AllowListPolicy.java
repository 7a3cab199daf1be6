package io.github.imdsdetect.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks the process names and executable paths of {@code [allow]} entries. It rejects entries
 * that would excuse a tool that can run any command or fetch any URL, because an attacker who
 * reads instance metadata uses exactly those tools. It also rejects paths that the core's
 * {@link io.github.imdsdetect.core.Exclusion#processIdentity} would never match, so that an entry
 * that cannot work is an error instead of a silent no-op.
 */
final class AllowListPolicy {
  private AllowListPolicy() {}

  /**
   * Directories where the core never excuses an executable because anyone can write there. This
   * copies the list in the core's {@code Exclusion}, which is private. {@code
   * AllowListPolicyTest} checks through a detector that the core refuses each of them.
   */
  static final List<String> UNTRUSTED_DIRECTORIES =
      List.of("/tmp/", "/var/tmp/", "/dev/shm/", "/home/", "/root/", "/run/user/",
          "c:/users/", "c:/windows/temp/", "c:/temp/", "c:/programdata/temp/");

  private static final String SHELL =
      "a shell, which runs any command, so excusing it would excuse an attacker's commands too";
  private static final String DOWNLOADER =
      "a downloader or network tool, the usual way to read instance metadata by hand, which is"
          + " what the rules look for";
  private static final String INTERPRETER =
      "a script interpreter, which runs any script, so excusing it would excuse every script";
  private static final String LAUNCHER =
      "a program that starts other programs. An entry excuses only the process itself, so it"
          + " would not excuse the programs that the launcher starts";

  /**
   * Program names that an entry may not excuse, after ".exe" and a version suffix such as
   * "3.12" are removed, in the order that {@link #blockedMatch} reports them: shells first. The
   * list covers common Linux and Windows tools and cannot be complete.
   */
  private static final Map<String, String> BLOCKED = new LinkedHashMap<>();

  static {
    block(SHELL, "sh", "bash", "dash", "zsh", "ksh", "mksh", "csh", "tcsh", "fish", "ash",
        "busybox", "cmd", "powershell", "powershell_ise", "pwsh");
    block(DOWNLOADER, "curl", "wget", "wget2", "aria2c", "http", "https", "xh", "lwp-request",
        "fetch", "nc", "ncat", "netcat", "socat", "telnet", "openssl", "ftp", "tftp", "certutil",
        "bitsadmin");
    block(INTERPRETER, "python", "pythonw", "py", "pypy", "perl", "ruby", "irb", "node",
        "nodejs", "deno", "bun", "php", "php-cgi", "lua", "luajit", "tclsh", "wish", "expect",
        "awk", "gawk", "mawk", "nawk", "java", "javaw", "jshell", "osascript", "wscript",
        "cscript", "mshta", "rundll32", "regsvr32");
    block(LAUNCHER, "env", "xargs", "sudo", "su", "doas", "runuser", "pkexec", "nohup",
        "timeout", "setsid", "nice", "ionice", "stdbuf", "chroot", "nsenter", "unshare", "flock",
        "watch", "script", "strace", "ltrace", "gdb", "systemd", "systemd-run", "init", "cron",
        "crond", "anacron", "atd", "at", "sshd", "ssh", "docker", "podman", "containerd-shim",
        "containerd-shim-runc-v2", "runc", "crun", "kubectl", "explorer", "svchost", "services",
        "wmiprvse", "taskeng", "taskhostw", "conhost", "schtasks");
  }

  /**
   * Blocked names with the suffixes that a glob is tested against, so that {@code python*} is
   * caught as {@code python3.12} and {@code *.exe} as {@code sh.exe}. Built once, in the order
   * of {@link #BLOCKED}.
   */
  private static final List<String> CANDIDATES = new ArrayList<>();

  static {
    List<String> suffixes =
        List.of("", ".exe", "2", "3", "5", "8", "18", "2.7", "3.12", "5.36", "8.2");
    for (String name : BLOCKED.keySet()) {
      for (String suffix : suffixes) {
        CANDIDATES.add(name + suffix);
      }
    }
  }

  private static final Pattern VERSION_SUFFIX = Pattern.compile("[0-9][0-9.]*$");
  private static final Pattern DRIVE = Pattern.compile("[a-z]:/.*");

  private static void block(String category, String... names) {
    for (String name : names) {
      BLOCKED.put(name, category);
    }
  }

  /** Returns why {@code name} may not be an allow-list name, or null when it may. */
  static String checkName(String name) {
    if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
      return "'" + name + "' is a path, but name takes a process name such as inventory-agent;"
          + " put paths in executable";
    }
    if (name.indexOf('*') >= 0) {
      return "'" + name + "': names are compared exactly, so * is not a wildcard here; use"
          + " executable for path patterns";
    }
    String category = blockedCategory(name);
    if (category != null) {
      return "'" + name + "' is " + category + ". Excuse the agent's own program instead";
    }
    return null;
  }

  /** Returns why {@code pattern} may not be an allow-list executable, or null when it may. */
  static String checkExecutable(String pattern) {
    String path = pattern.replace('\\', '/').toLowerCase(Locale.ROOT);
    String problem = checkPathForm(pattern, path);
    if (problem == null) {
      problem = checkDirectory(pattern, path);
    }
    if (problem == null) {
      problem = checkFileName(pattern, path);
    }
    return problem;
  }

  /** Rejects a path that the core would never compare as written. */
  private static String checkPathForm(String pattern, String path) {
    if (path.startsWith("//?/")) {
      return "'" + pattern + "': write the path without the \\\\?\\ prefix, because the"
          + " detector removes it from event paths before comparing";
    }
    if (path.startsWith("/device/")) {
      return "'" + pattern + "': write the path with its drive letter, such as c:/..., because"
          + " the detector maps \\Device\\HarddiskVolumeN paths onto c:";
    }
    if (!path.startsWith("/") && !DRIVE.matcher(path).matches()) {
      return "'" + pattern + "' is not an absolute path such as /usr/bin/agent or"
          + " c:/program files/agent/agent.exe. Put process names in name";
    }
    if (path.contains("**")) {
      return "'" + pattern + "': ** is not a wildcard. A * matches any run of chars within one"
          + " path segment and never crosses /";
    }
    if (path.indexOf('?') >= 0 || path.indexOf('[') >= 0 || path.indexOf(']') >= 0) {
      return "'" + pattern + "': only * is a wildcard in executable, and ? [ ] would be"
          + " compared literally";
    }
    if (path.endsWith("/")) {
      return "'" + pattern + "' ends with /, so it names no executable file";
    }

    for (String segment : path.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return "'" + pattern + "' contains the segment '" + segment + "'. Write the resolved"
            + " path";
      }
      if (segment.indexOf('*') != segment.lastIndexOf('*')) {
        // The core's path matcher backtracks at every *, so several in one segment make a
        // crafted event path slow to compare.
        return "'" + pattern + "' has more than one * in the segment '" + segment + "'. Use at"
            + " most one * per path segment";
      }
    }
    return null;
  }

  /** Rejects a path under a directory where the core never excuses an executable. */
  private static String checkDirectory(String pattern, String path) {
    for (String directory : UNTRUSTED_DIRECTORIES) {
      if (path.startsWith(directory)) {
        return "'" + pattern + "' is under " + directory + ", where anyone can write, and the"
            + " detector never excuses an executable there";
      }
    }
    if (path.contains("/appdata/local/temp/")) {
      return "'" + pattern + "' is under a user's AppData\\Local\\Temp, where anyone can"
          + " write, and the detector never excuses an executable there";
    }
    return null;
  }

  /** Rejects a path whose file name is, or could match, a blocked program. */
  private static String checkFileName(String pattern, String path) {
    String fileName = path.substring(path.lastIndexOf('/') + 1);
    String blocked = blockedMatch(fileName);
    if (blocked == null) {
      return null;
    }
    String category = blockedCategory(blocked);
    if (fileName.equals(blocked)) {
      return "'" + pattern + "' is " + category + ". Excuse the agent's own program instead";
    }
    return "'" + pattern + "' matches " + blocked + ", which is " + category
        + ". Excuse the agent's own program instead";
  }

  /**
   * Returns a blocked program name that a file-name glob matches, or null. {@link
   * #checkExecutable} has already rejected a segment with more than one {@code *}, so the glob is
   * a prefix, a {@code *} and a suffix, and each test is a prefix and a suffix comparison.
   */
  private static String blockedMatch(String fileNameGlob) {
    int star = fileNameGlob.indexOf('*');
    if (star < 0) {
      return blockedCategory(fileNameGlob) != null ? fileNameGlob : null;
    }
    String prefix = fileNameGlob.substring(0, star);
    String suffix = fileNameGlob.substring(star + 1);
    for (String candidate : CANDIDATES) {
      if (candidate.length() >= prefix.length() + suffix.length()
          && candidate.startsWith(prefix)
          && candidate.endsWith(suffix)) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * Returns the category of a blocked program name, or null. The name is compared without
   * regard to case and without ".exe", first as it is and then without a version suffix, so that
   * "Python3.12.exe" is python and "containerd-shim-runc-v2" stays itself.
   */
  private static String blockedCategory(String name) {
    String program = name.toLowerCase(Locale.ROOT);
    if (program.endsWith(".exe")) {
      program = program.substring(0, program.length() - 4);
    }
    String category = BLOCKED.get(program);
    return category != null
        ? category
        : BLOCKED.get(VERSION_SUFFIX.matcher(program).replaceFirst(""));
  }
}
