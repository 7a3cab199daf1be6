package io.github.imdsdetect.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The script file that an interpreter's command line runs: the first argument after the
 * interpreter and its options. Command lines that run code from an option ({@code -c},
 * {@code -m}, {@code -e}) or from standard input ({@code -}, {@code -s}, no argument) have none.
 *
 * <p>The first token is skipped whatever it is, because the caller of {@code execve} chooses
 * {@code argv[0]} freely. Options are read by the rules of the interpreter family, taken from the
 * file name of the interpreter's executable: Python, POSIX shells or Node.js. An option of
 * another interpreter, or a Node.js option not listed here, ends the search with no script,
 * because the parser cannot tell whether it takes a value.
 *
 * <p>NOTE: sources that join the arguments with spaces, such as auditd's PROCTITLE once decoded,
 * lose the boundaries of an argument that contains a space. A process that passes
 * {@code "python3 /usr/sbin/waagent"} as one {@code argv[0]} looks here like the agent script.
 *
 * @param script the script argument as written, or null when the command line runs none
 * @param problem why there is no script argument, or null when there is one
 */
record ScriptArgument(String script, String problem) {

  private enum Family {
    PYTHON,
    SHELL,
    NODE,
    OTHER
  }

  /**
   * Finds the script argument of a command line run by an interpreter.
   *
   * @param commandLine the whole command line, including {@code argv[0]}
   * @param interpreter the interpreter's executable path or name, which selects the option rules
   * @return the script, or the reason there is none
   */
  static ScriptArgument find(CharSequence commandLine, CharSequence interpreter) {
    List<String> tokens = tokens(commandLine.toString());
    Family family = family(interpreter.toString());
    for (int i = 1; i < tokens.size(); i++) {
      String token = tokens.get(i);
      if (token.equals("-")) {
        return none("reads its program from standard input (-)");
      }
      if (token.equals("--")) {
        return i + 1 < tokens.size() && !tokens.get(i + 1).equals("-")
            ? new ScriptArgument(tokens.get(i + 1), null)
            : none("reads its program from standard input");
      }
      boolean option = token.startsWith("-") || (family == Family.SHELL && token.startsWith("+"));
      if (!option) {
        return new ScriptArgument(token, null);
      }
      String problem;
      int skip;
      if (token.startsWith("--")) {
        boolean attachedValue = token.indexOf('=') >= 0;
        String name = attachedValue ? token.substring(0, token.indexOf('=')) : token;
        problem = longOptionProblem(family, name, attachedValue);
        skip = !attachedValue && takesValue(family, name) ? 1 : 0;
      } else {
        problem = shortOptionProblem(family, token);
        skip = shortOptionValues(family, token);
      }
      if (problem != null) {
        return none(problem);
      }
      i += skip;
    }
    return none("has no script argument, so it reads its program from standard input");
  }

  private static ScriptArgument none(String problem) {
    return new ScriptArgument(null, problem);
  }

  private static Family family(String interpreter) {
    String name = Ascii.toLowerCase(interpreter.replace('\\', '/'));
    name = name.substring(name.lastIndexOf('/') + 1);
    // A replaced executable reads like "python2.7;58d1ccfb (deleted)" in auditd and /proc.
    int end = 0;
    while (end < name.length() && name.charAt(end) != ';' && name.charAt(end) != ' ') {
      end++;
    }
    name = name.substring(0, end);
    if (name.contains("python")) {
      return Family.PYTHON;
    }
    if (name.equals("node") || name.equals("nodejs")) {
      return Family.NODE;
    }
    if (name.equals("sh") || name.equals("bash") || name.equals("dash") || name.equals("ksh")
        || name.equals("zsh")) {
      return Family.SHELL;
    }
    return Family.OTHER;
  }

  /** Returns why a short option token such as {@code -u} or {@code -uc} rules out a script. */
  private static String shortOptionProblem(Family family, String token) {
    switch (family) {
      case PYTHON:
        for (int i = 1; i < token.length(); i++) {
          char c = token.charAt(i);
          if (c == 'c') {
            return "runs code given with -c";
          }
          if (c == 'm') {
            return "runs a module given with -m";
          }
          if (c == 'W' || c == 'X') {
            return null; // the rest of the token, or the next one, is the option's value
          }
        }
        return null;
      case SHELL:
        for (int i = 1; i < token.length(); i++) {
          char c = token.charAt(i);
          if (c == 'c') {
            return "runs commands given with -c";
          }
          if (c == 's') {
            return "reads commands from standard input (-s)";
          }
        }
        return null;
      case NODE:
        switch (token) {
          case "-e":
          case "-p":
            return "runs code given with " + token;
          case "-i":
            return "runs an interactive session (-i)";
          case "-r":
          case "-C":
            return null;
          default:
            return "has the option " + token + ", whose value this parser does not know";
        }
      default:
        return "has the option " + token + ", which this parser does not know";
    }
  }

  /** Returns how many following tokens a short option token takes as its value. */
  private static int shortOptionValues(Family family, String token) {
    switch (family) {
      case PYTHON:
        for (int i = 1; i < token.length(); i++) {
          char c = token.charAt(i);
          if (c == 'W' || c == 'X') {
            return i == token.length() - 1 ? 1 : 0;
          }
        }
        return 0;
      case SHELL:
        char last = token.charAt(token.length() - 1);
        return last == 'o' || last == 'O' ? 1 : 0;
      case NODE:
        return 1; // -r MODULE and -C CONDITION; every other short option was rejected
      default:
        return 0;
    }
  }

  /** Returns why a long option such as {@code --eval} rules out a script, or null. */
  private static String longOptionProblem(Family family, String name, boolean attachedValue) {
    switch (family) {
      case PYTHON:
        return null;
      case SHELL:
        return null;
      case NODE:
        switch (name) {
          case "--eval":
          case "--print":
            return "runs code given with " + name;
          case "--interactive":
            return "runs an interactive session (" + name + ")";
          case "--no-warnings":
          case "--no-deprecation":
          case "--enable-source-maps":
          case "--preserve-symlinks":
          case "--trace-warnings":
            return null;
          default:
            return attachedValue || takesValue(family, name) ? null
                : "has the option " + name + ", whose value this parser does not know";
        }
      default:
        return "has the option " + name + ", which this parser does not know";
    }
  }

  /**
   * Returns whether a long option written without {@code =} takes the next token as its value.
   * Node.js has many such options, so a Node.js long option that is neither listed here nor a
   * known flag ends the search in {@link #longOptionProblem}.
   */
  private static boolean takesValue(Family family, String name) {
    switch (family) {
      case PYTHON:
        return name.equals("--check-hash-based-pycs");
      case SHELL:
        return name.equals("--rcfile") || name.equals("--init-file");
      case NODE:
        return name.equals("--require") || name.equals("--import") || name.equals("--loader")
            || name.equals("--experimental-loader") || name.equals("--conditions")
            || name.equals("--title") || name.equals("--env-file");
      default:
        return false;
    }
  }

  /** Splits a command line at spaces and tabs, keeping text in single or double quotes whole. */
  static List<String> tokens(String commandLine) {
    List<String> tokens = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean inToken = false;
    char quote = 0;
    for (int i = 0; i < commandLine.length(); i++) {
      char c = commandLine.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          current.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inToken = true;
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        if (inToken) {
          tokens.add(current.toString());
          current.setLength(0);
          inToken = false;
        }
      } else {
        current.append(c);
        inToken = true;
      }
    }
    if (inToken) {
      tokens.add(current.toString());
    }
    return tokens;
  }
}
