package io.github.imdsdetect.generators;

import java.util.ArrayList;
import java.util.List;

/**
 * Programs that fetch a URL, with the argument vector each is started with. The executable paths
 * are the usual install locations on Debian or Ubuntu and on Windows Server.
 */
enum Tool {
  CURL("curl", "/usr/bin/curl", true),
  WGET("wget", "/usr/bin/wget", true),
  BASH_CURL("bash", "/usr/bin/bash", true),
  PYTHON("python3", "/usr/bin/python3.11", false),
  PWSH("pwsh", "/opt/microsoft/powershell/7/pwsh", false),
  POWERSHELL(
      "powershell.exe", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", false),
  CURL_EXE("curl.exe", "C:\\Windows\\System32\\curl.exe", true);

  private final String processName;
  private final String executable;
  private final boolean headerAsLine;

  Tool(String processName, String executable, boolean headerAsLine) {
    this.processName = processName;
    this.executable = executable;
    this.headerAsLine = headerAsLine;
  }

  String processName() {
    return processName;
  }

  String executable() {
    return executable;
  }

  /**
   * Returns whether the tool's arguments write a header as {@code Name: value}, which the path
   * rule's header indicators match. Python dictionaries and PowerShell hash tables do not.
   */
  boolean headerAsLine() {
    return headerAsLine;
  }

  /**
   * Returns the argument vector that requests {@code url}.
   *
   * @param header a header to send, or null
   */
  List<String> arguments(String url, String method, RequestHeader header) {
    boolean put = method.equals("PUT");
    List<String> args = new ArrayList<>();
    switch (this) {
      case CURL:
      case CURL_EXE:
        args.add(processName);
        args.add("-s");
        if (url.contains("[")) {
          args.add("-g");
        }
        if (put) {
          args.add("-X");
          args.add("PUT");
        }
        if (header != null) {
          args.add("-H");
          args.add(header.line());
        }
        args.add(url);
        return args;
      case WGET:
        args.add("wget");
        args.add("-q");
        args.add("-O");
        args.add("-");
        if (put) {
          args.add("--method=PUT");
        }
        if (header != null) {
          args.add("--header");
          args.add(header.line());
        }
        args.add(url);
        return args;
      case BASH_CURL:
        String curl = "curl -s -g" + (put ? " -X PUT" : "")
            + (header == null ? "" : " -H '" + header.line() + "'") + " '" + url + "'";
        return List.of("bash", "-c", curl);
      case PYTHON:
        String headers = header == null
            ? ""
            : ", headers={'" + header.name() + "': '" + header.value() + "'}";
        return List.of("python3", "-c",
            "import urllib.request as r; q = r.Request('" + url + "'" + headers + ", method='"
                + method + "'); print(r.urlopen(q, timeout=2).read().decode())");
      case PWSH:
      case POWERSHELL:
        String hashTable = header == null
            ? ""
            : " -Headers @{'" + header.name() + "'='" + header.value() + "'}";
        return List.of(processName, "-NoProfile", "-Command",
            "Invoke-RestMethod -Method " + method + hashTable + " -Uri '" + url + "'");
      default:
        throw new AssertionError(this);
    }
  }

  /** Returns whether the tool runs on Windows. */
  boolean isWindows() {
    return executable.startsWith("C:");
  }
}
