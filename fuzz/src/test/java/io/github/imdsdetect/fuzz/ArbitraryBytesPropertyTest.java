package io.github.imdsdetect.fuzz;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.fuzz.Theories.ParserInput;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Property tests of every discovered parser on inputs made from nothing: random bytes, token
 * soups and hostile payloads ({@link ArbitraryInputs}). {@link ParseChecks} lists the
 * properties.
 */
class ArbitraryBytesPropertyTest {
  private static final int EXAMPLES = 300;

  @TestFactory
  Stream<DynamicTest> parserSurvivesArbitraryBytes() {
    return Parsers.discovered().values().stream()
        .map(parser -> dynamicTest(parser.format(), () -> check(parser)));
  }

  private static void check(EventParser parser) {
    String format = parser.format();
    Theories.qt(EXAMPLES)
        .forAll(Choices.gen(choices -> new ParserInput(format, ArbitraryInputs.generate(choices))))
        .checkAssert(
            input ->
                ParseChecks.check(
                    parser,
                    input.input(),
                    Parsers.SMALL_LIMITS,
                    Accounting.forArbitraryInput(format),
                    false));
  }
}
