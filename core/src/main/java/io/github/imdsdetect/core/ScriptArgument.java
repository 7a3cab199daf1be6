package io.github.imdsdetect.core;

import java.util.Arrays;
import java.util.List;

/**
 * The script file that an interpreter's command line runs: the first argument after the
 * interpreter and its options. Command lines that run code from an option ({@code -c},
 * {@code -m}, {@code -e}) or from standard input ({@code -}, {@code -s}, no argument) have none.
 *
 * <p>Command lines are read as the event sources write them: the arguments joined with single
 * spaces, as in auditd's decoded PROCTITLE and EXECVE records and ECS {@code process.args}. Such
 * text has no shell quoting, so a quote is an ordinary char and the command line splits at each
 * space. A command line with any other whitespace (tab, newline, carriage return and the like),
 * or with a quote char in {@code argv[0]}, in the options or in the script, has no script here,
 * because the argument boundaries cannot be trusted.
 *
 * <p>Options are read by the rules of the interpreter family, taken from the file name of the
 * interpreter's executable: Python, POSIX shells or Node.js. An option of another interpreter,
 * or a Node.js option not listed here, ends the search with no script, because the parser cannot
 * tell whether it takes a value. Options that run code other than the script also end the search
 * with no script: Python {@code -c}, {@code -m} and {@code -i}; shell {@code -c}, {@code -s},
 * {@code -i}, {@code -l}, {@code --login}, {@code --rcfile} and {@code --init-file}; Node.js
 * {@code -e}, {@code -p}, {@code -i}, {@code -r} and the module-loading long options.
 *
 * <p>NOTE: joining with spaces loses the boundaries of an argument that contains a space. A
 * process whose {@code argv[0]} is {@code "python3 /usr/sbin/waagent"}, followed by
 * {@code -c CODE}, reads exactly like the agent script called with the arguments
 * {@code -c CODE}. So a command line has no script here when a token after the script is an
 * option that would make the interpreter run other code in that reading (see
 * {@code runsCodeAfterScript}). The agents' usual arguments ({@code waagent -daemon},
 * {@code -run-exthandlers}, {@code -collect-logs}) never spell such an option, but some real
 * ones do and are not excused: cfn-init's and cfn-hup's {@code -c}, cfn-signal's {@code -i},
 * and the AWS CDK's {@code -e} and {@code -r}.
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
   * Python's short options that take no value and run no other code, as {@code python3 --help}
   * of Python 3.11 lists them, plus {@code R} and {@code ?}.
   */
  private static final String PYTHON_FLAGS = "bBdEhIOPqRsSuvVx?";

  /**
   * Finds the script argument of a command line run by an interpreter.
   *
   * @param commandLine the whole command line, including {@code argv[0]}
   * @param interpreter the interpreter's executable path or name, which selects the option rules
   * @return the script, or the reason there is none
   */
  static ScriptArgument find(CharSequence commandLine, CharSequence interpreter) {
    String text = commandLine.toString();
    if (hasOtherWhitespace(text)) {
      return none("has a command line with whitespace other than single spaces, where the"
          + " argument boundaries cannot be told");
    }
    List<String> tokens = tokens(text);
    Family family = family(interpreter.toString());
    int scriptIndex = -1;
    for (int i = 1; i < tokens.size() && scriptIndex < 0; i++) {
      String token = tokens.get(i);
      if (token.equals("-")) {
        return none("reads its program from standard input (-)");
      }
      if (token.equals("--")) {
        if (i + 1 < tokens.size() && !tokens.get(i + 1).equals("-")) {
          scriptIndex = i + 1;
          break;
        }
        return none("reads its program from standard input");
      }
      boolean option = token.startsWith("-") || (family == Family.SHELL && token.startsWith("+"));
      if (!option) {
        scriptIndex = i;
        break;
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
    if (scriptIndex < 0) {
      return none("has no script argument, so it reads its program from standard input");
    }
    for (int i = 0; i <= scriptIndex; i++) {
      if (hasQuote(tokens.get(i))) {
        return none("has a quote char in " + tokens.get(i) + ", but the command line has its"
            + " arguments joined with spaces, where a quote marks no argument boundary");
      }
    }
    for (int i = scriptIndex + 1; i < tokens.size(); i++) {
      if (runsCodeAfterScript(family, tokens.get(i), i == tokens.size() - 1)) {
        return none("has the argument " + tokens.get(i) + " after the script, which would run"
            + " other code if the script path were part of argv[0]");
      }
    }
    return new ScriptArgument(tokens.get(scriptIndex), null);
  }

  private static ScriptArgument none(String problem) {
    return new ScriptArgument(null, problem);
  }

  /**
   * Splits a command line at each single space, so two spaces in a row give an empty token.
   * Quotes are ordinary chars, because event sources join the arguments without quoting them.
   */
  static List<String> tokens(String commandLine) {
    return Arrays.asList(commandLine.split(" ", -1));
  }

  /** Returns the text before the first space, which is {@code argv[0]} in a joined command line. */
  static String firstToken(String commandLine) {
    int space = commandLine.indexOf(' ');
    return space < 0 ? commandLine : commandLine.substring(0, space);
  }

  /** Returns whether the text contains whitespace other than the ASCII space. */
  static boolean hasOtherWhitespace(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != ' ' && (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085')) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether the text contains a single or double quote. */
  static boolean hasQuote(String text) {
    return text.indexOf('\'') >= 0 || text.indexOf('"') >= 0;
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
          if (c == 'i') {
            return "runs an interactive session after the script (-i)";
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
          if (c == 'i') {
            return "runs as an interactive shell (-i), which reads a startup file";
          }
          if (c == 'l') {
            return "runs as a login shell (-l), which reads the profile files";
          }
          if (c == 'o' || c == 'O') {
            return null; // the next token is the option's value
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
            return "loads a module given with -r before the script";
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
        return 1; // -C CONDITION; every other short option was rejected
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
        switch (name) {
          case "--rcfile":
          case "--init-file":
            return "reads the startup file given with " + name;
          case "--login":
            return "runs as a login shell (--login), which reads the profile files";
          default:
            return null;
        }
      case NODE:
        switch (name) {
          case "--eval":
          case "--print":
            return "runs code given with " + name;
          case "--interactive":
            return "runs an interactive session (" + name + ")";
          case "--require":
          case "--import":
          case "--loader":
          case "--experimental-loader":
            return "loads a module given with " + name + " before the script";
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
        return name.equals("--conditions") || name.equals("--title")
            || name.equals("--env-file");
      default:
        return false;
    }
  }

  /**
   * Returns whether a token after the script would make the interpreter run other code, if the
   * script path were part of {@code argv[0]} and this token were the first interpreter option.
   * Every token after the script is checked, because the arguments before it may be options too.
   *
   * <p>A Python {@code -c} cluster such as waagent's {@code -collect-logs} runs the rest of the
   * token as code. That is allowed only for the last token, when the rest is a plain word of
   * letters, digits and {@code _.:/=+,-}: such code can call no function and import nothing, so
   * it fails at once. Any later token could belong to the same argument, so a {@code -c} cluster
   * before the last token always counts.
   *
   * @param last whether the token is the last one of the command line
   */
  private static boolean runsCodeAfterScript(Family family, String token, boolean last) {
    if (token.equals("-")) {
      return family != Family.OTHER; // the program is read from standard input
    }
    switch (family) {
      case PYTHON:
        return pythonRunsCode(token, last);
      case SHELL:
        if (token.startsWith("--")) {
          String name = token.indexOf('=') >= 0 ? token.substring(0, token.indexOf('=')) : token;
          return name.equals("--rcfile") || name.equals("--init-file") || name.equals("--login");
        }
        if (token.startsWith("-")) {
          for (int i = 1; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == 'c' || c == 's' || c == 'i' || c == 'l') {
              return true;
            }
            if (c == 'o' || c == 'O') {
              return false;
            }
          }
        }
        return false;
      case NODE:
        return nodeRunsCode(token);
      default:
        return false;
    }
  }

  private static boolean pythonRunsCode(String token, boolean last) {
    if (!token.startsWith("-") || token.startsWith("--")) {
      return false; // Python's long options run no code
    }
    boolean interactive = false;
    for (int i = 1; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == 'm') {
        return true;
      }
      if (c == 'c') {
        String code = token.substring(i + 1);
        return interactive || code.isEmpty() || !last || !isPlainWord(code);
      }
      if (c == 'i') {
        interactive = true;
      } else if (c == 'W' || c == 'X') {
        return interactive; // the rest of the token, or the next one, is the option's value
      } else if (PYTHON_FLAGS.indexOf(c) < 0) {
        return false; // CPython rejects an unknown option and exits before running anything
      }
    }
    return interactive;
  }

  private static boolean nodeRunsCode(String token) {
    String name = token.indexOf('=') >= 0 ? token.substring(0, token.indexOf('=')) : token;
    switch (name) {
      case "-e":
      case "-p":
      case "-i":
      case "-r":
      case "--eval":
      case "--print":
      case "--interactive":
      case "--require":
      case "--import":
      case "--loader":
      case "--experimental-loader":
        return true;
      default:
        break;
    }
    if (token.length() > 2 && token.charAt(0) == '-' && token.charAt(1) != '-') {
      // Node.js also reads a cluster of short options, as in "node -pe CODE".
      for (int i = 1; i < token.length(); i++) {
        char c = token.charAt(i);
        if (c == 'e' || c == 'p' || c == 'i' || c == 'r') {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isPlainWord(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "_.:/=+,-".indexOf(c) >= 0;
      if (!plain) {
        return false;
      }
    }
    return true;
  }
}
