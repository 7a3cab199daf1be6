package io.github.imdsdetect.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzz target of the address decoder, {@code MetadataAddresses}, run by Jazzer.
 * {@link AddressChecks} lists the properties. {@link ParserFuzzTest} describes regression and
 * fuzzing mode; to fuzz this target:
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl fuzz test -Dtest=AddressDecoderFuzzTest
 * </pre>
 *
 * <p>The seeds in {@code AddressDecoderFuzzTestInputs/addressDecoder/} are address text followed
 * by 9 bytes, because {@link FuzzedDataProvider} takes the boolean and the two ints from the end
 * of the input and the string from the rest.
 */
class AddressDecoderFuzzTest {

  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = ArbitraryInputs.DICTIONARY_RESOURCE)
  void addressDecoder(FuzzedDataProvider data) {
    boolean urlContext = data.consumeBoolean();
    int startChoice = data.consumeInt();
    int lengthChoice = data.consumeInt();
    String text = data.consumeRemainingAsString();
    int start = Math.floorMod(startChoice, text.length() + 1);
    int end = start + Math.floorMod(lengthChoice, text.length() - start + 1);
    AddressChecks.check(text, start, end, urlContext);
  }
}
