package io.github.imdsdetect.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Inputs not derived from any sample: random bytes, random bytes over a small alphabet, and
 * "token soups" that mix the tokens of {@code logs.dict} with random bytes and line breaks, so
 * that the parsers' format detection and record splitting see near-miss structure.
 */
final class ArbitraryInputs {
  /** The dictionary shared with the Jazzer targets, as a class path resource. */
  static final String DICTIONARY_RESOURCE = "/io/github/imdsdetect/fuzz/logs.dict";

  private static final List<byte[]> TOKENS = loadDictionary(DICTIONARY_RESOURCE);

  private static final byte[] ALPHABET =
      "{}[]\":,=<>/ \t\r\n#.-0123456789abcdefxAZ%\\'".getBytes(StandardCharsets.US_ASCII);

  private ArbitraryInputs() {}

  /** Returns one arbitrary input. */
  static FuzzInput generate(Choices choices) {
    switch (choices.between(0, 3)) {
      case 0:
        return randomBytes(choices, 0, 255);
      case 1:
        return alphabetBytes(choices);
      case 2:
        return tokenSoup(choices);
      default:
        return payloadLines(choices);
    }
  }

  private static FuzzInput randomBytes(Choices choices, int min, int max) {
    byte[] bytes = new byte[choices.between(0, 1024)];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) choices.between(min, max);
    }
    return new FuzzInput("random bytes", bytes);
  }

  private static FuzzInput alphabetBytes(Choices choices) {
    byte[] bytes = new byte[choices.between(0, 1024)];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = ALPHABET[choices.between(0, ALPHABET.length - 1)];
    }
    return new FuzzInput("random bytes over a JSON, XML and TSV alphabet", bytes);
  }

  private static FuzzInput tokenSoup(Choices choices) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int count = choices.between(1, 80);
    for (int i = 0; i < count; i++) {
      switch (choices.between(0, 5)) {
        case 0:
          out.write('\n');
          break;
        case 1:
          out.write(choices.between(0, 255));
          break;
        default:
          out.writeBytes(choices.pick(TOKENS));
      }
    }
    return new FuzzInput("soup of " + count + " dictionary tokens and random bytes",
        out.toByteArray());
  }

  private static FuzzInput payloadLines(Choices choices) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> names = new ArrayList<>();
    int count = choices.between(1, 4);
    for (int i = 0; i < count; i++) {
      out.writeBytes(choices.pick(TOKENS));
      Payloads.Payload payload = Payloads.generate(choices, Payloads.Restrictions.NONE);
      out.writeBytes(payload.bytes());
      names.add(payload.name());
      if (choices.between(0, 1) == 1) {
        out.write('\n');
      }
    }
    return new FuzzInput("dictionary tokens followed by " + String.join(", ", names),
        out.toByteArray());
  }

  /** Returns the tokens of a dictionary in libFuzzer syntax. */
  static List<byte[]> loadDictionary(String resource) {
    List<byte[]> tokens = new ArrayList<>();
    try (InputStream in = ArbitraryInputs.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("class path resource " + resource + " not found");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        String trimmed = line.strip();
        int open = trimmed.indexOf('"');
        if (trimmed.isEmpty() || trimmed.startsWith("#") || open < 0) {
          continue;
        }
        int close = trimmed.lastIndexOf('"');
        if (close <= open) {
          throw new IllegalStateException("unterminated token in " + resource + ": " + line);
        }
        tokens.add(unescape(trimmed.substring(open + 1, close), resource));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("failed to read " + resource, e);
    }
    return List.copyOf(tokens);
  }

  private static byte[] unescape(String token, String resource) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < token.length()) {
      char c = token.charAt(i);
      if (c != '\\') {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        i++;
        continue;
      }
      if (i + 1 >= token.length()) {
        throw new IllegalStateException("token ends in a lone backslash in " + resource);
      }
      char escaped = token.charAt(i + 1);
      if (escaped == 'x') {
        out.write(Integer.parseInt(token.substring(i + 2, i + 4), 16));
        i += 4;
      } else {
        out.write(escaped);
        i += 2;
      }
    }
    return out.toByteArray();
  }
}
