package io.github.imdsdetect.generators;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Picks encodings from sets, in declaration order so that draws are reproducible. */
final class Encodings {
  private Encodings() {}

  static Encoding pickFrom(Choices choices, Set<Encoding> encodings) {
    return choices.pick(new ArrayList<>(EnumSet.copyOf(encodings)));
  }

  static Encoding pickExcept(Choices choices, Set<Encoding> excluded) {
    List<Encoding> encodings = new ArrayList<>(EnumSet.complementOf(EnumSet.copyOf(excluded)));
    return choices.pick(encodings);
  }
}
