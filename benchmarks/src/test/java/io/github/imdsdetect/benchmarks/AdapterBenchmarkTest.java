package io.github.imdsdetect.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Param;

class AdapterBenchmarkTest {

  static List<String> inputNames() {
    return AdapterInputs.INPUTS.stream().map(AdapterInputs.Input::name).toList();
  }

  @Test
  void benchmarkParamsListEveryInput() throws NoSuchFieldException {
    String[] params = AdapterBenchmark.class.getField("format").getAnnotation(Param.class).value();

    assertEquals(inputNames(), Arrays.asList(params));
  }

  @ParameterizedTest
  @MethodSource("inputNames")
  void setUpChecksInput(String name) throws Exception {
    AdapterBenchmark benchmark = new AdapterBenchmark();
    benchmark.format = name;
    benchmark.setUp();

    assertEquals(Math.round(AdapterBenchmark.EVENTS * 0.01), benchmark.parseAndDetectAll());
    assertEquals(AdapterBenchmark.EVENTS, benchmark.parseOnly());
  }
}
