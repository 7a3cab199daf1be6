package io.github.imdsdetect.flink.example;

import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.flink.DetectionConfig;
import io.github.imdsdetect.flink.DetectionResult;
import io.github.imdsdetect.flink.ImdsDetectFunction;
import io.github.imdsdetect.flink.SkippedRecord;
import io.github.imdsdetect.flink.SourceLine;
import io.github.imdsdetect.flink.SourceLineFormat;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;

/**
 * An example batch job that reads one file of line-per-record events, such as ECS JSON lines,
 * and writes one JSON line per finding.
 *
 * <p>Without {@code --output}, findings go to standard output and skipped records to standard
 * error as {@code source:line: skipped: reason}. With {@code --output DIR}, findings go to
 * {@code DIR/findings-*.jsonl} and skipped records, as JSON with the record text, to
 * {@code DIR/skipped-*.jsonl}.
 */
public final class ScanFileJob {
  static final String USAGE =
      "Usage: ScanFileJob --input FILE --format NAME [--profile NAME] [--output DIR]"
          + " [--parallelism N] [--local]\n"
          + "  --input FILE      file to scan, one record per line\n"
          + "  --format NAME     record format, such as ecs, falco or sysmon; its adapter must be"
          + " on the class path\n"
          + "  --profile NAME    built-in rule set: default, qradar, kubernetes-node or"
          + " iac-runner (default: default)\n"
          + "  --output DIR      directory for the findings and skipped-records files"
          + " (default: standard output and standard error)\n"
          + "  --parallelism N   parallelism of the detector operator (default: the"
          + " environment's)\n"
          + "  --local           run in an in-process Flink cluster whose sockets bind to"
          + " 127.0.0.1 only\n";

  private ScanFileJob() {}

  /**
   * Runs the job and exits with status 2 on invalid arguments.
   *
   * @param args the command-line options, such as {@code --input FILE --format ecs}
   * @throws Exception if the job cannot be built or fails while running, including
   *     {@link IllegalArgumentException} for an unknown {@code --profile}
   */
  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("ScanFileJob: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    StreamExecutionEnvironment env =
        options.local
            ? StreamExecutionEnvironment.createLocalEnvironment(loopbackConfiguration())
            : StreamExecutionEnvironment.getExecutionEnvironment();
    run(env, options);
  }

  /**
   * Returns settings that bind the REST, RPC, shuffle and collect-sink sockets of a local Flink
   * cluster to 127.0.0.1. Flink 2.1 binds them to every interface by default.
   */
  static Configuration loopbackConfiguration() {
    Configuration config = new Configuration();
    config.set(RestOptions.ADDRESS, "127.0.0.1");
    config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    config.set(JobManagerOptions.ADDRESS, "127.0.0.1");
    config.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
    config.set(TaskManagerOptions.HOST, "127.0.0.1");
    config.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
    return config;
  }

  /** Builds the pipeline on {@code env} and runs it to the end of the file. */
  static JobExecutionResult run(StreamExecutionEnvironment env, Options options)
      throws Exception {
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    DetectionConfig config =
        DetectionConfig.of(options.format)
            .withProfile(options.profile)
            .withSourceName(options.input);
    int maxLineBytes = ParseLimits.DEFAULTS.maxLineBytes();
    FileSource<SourceLine> source =
        FileSource.forRecordStreamFormat(
                new SourceLineFormat(options.input, maxLineBytes), new Path(options.input))
            .build();
    DataStream<SourceLine> lines =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "imds-detect input");

    SingleOutputStreamOperator<DetectionResult> findings =
        lines.process(ImdsDetectFunction.forSourceLines(config)).name("imds-detect");
    if (options.parallelism > 0) {
      findings.setParallelism(options.parallelism);
    }
    DataStream<SkippedRecord> skipped = findings.getSideOutput(ImdsDetectFunction.SKIPPED_RECORDS);

    if (options.output == null) {
      // A print sink with parallelism 1 writes lines without a subtask prefix.
      findings.map(DetectionResult::toJson, Types.STRING).print().setParallelism(1);
      skipped
          .map(ScanFileJob::describe, Types.STRING)
          .printToErr()
          .setParallelism(1);
    } else {
      findings
          .map(DetectionResult::toJson, Types.STRING)
          .sinkTo(jsonLinesSink(options.output, "findings"))
          .name("findings file");
      skipped
          .map(SkippedRecord::toJson, Types.STRING)
          .sinkTo(jsonLinesSink(options.output, "skipped"))
          .name("skipped-records file");
    }
    return env.execute("imds-detect scan " + options.input);
  }

  private static String describe(SkippedRecord skipped) {
    return skipped.source() + ":" + skipped.line() + ": skipped: " + skipped.reason();
  }

  private static FileSink<String> jsonLinesSink(String directory, String prefix) {
    return FileSink.forRowFormat(new Path(directory), new SimpleStringEncoder<String>("UTF-8"))
        .withBucketAssigner(new BasePathBucketAssigner<>())
        .withOutputFileConfig(
            OutputFileConfig.builder().withPartPrefix(prefix).withPartSuffix(".jsonl").build())
        .build();
  }

  /** Command-line options. */
  static final class Options {
    String input;
    String format;
    String profile = "default";
    String output;
    int parallelism;
    boolean local;

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException on an unknown option, a missing value or a missing
     *     required option
     */
    static Options parse(String[] args) {
      Options options = new Options();
      List<String> rest = new ArrayList<>(List.of(args));
      while (!rest.isEmpty()) {
        String option = rest.remove(0);
        if (option.equals("--local")) {
          options.local = true;
          continue;
        }
        if (rest.isEmpty()) {
          throw new IllegalArgumentException(
              option.startsWith("--")
                  ? "missing value after " + option
                  : "unexpected argument '" + option + "'");
        }
        String value = rest.remove(0);
        switch (option) {
          case "--input":
            options.input = value;
            break;
          case "--format":
            options.format = value;
            break;
          case "--profile":
            options.profile = value;
            break;
          case "--output":
            options.output = value;
            break;
          case "--parallelism":
            options.parallelism = parsePositive(option, value);
            break;
          default:
            throw new IllegalArgumentException("unknown option '" + option + "'");
        }
      }
      if (options.input == null) {
        throw new IllegalArgumentException("missing --input FILE");
      }
      if (options.format == null) {
        throw new IllegalArgumentException("missing --format NAME, such as ecs");
      }
      return options;
    }

    private static int parsePositive(String option, String value) {
      try {
        int number = Integer.parseInt(value);
        if (number >= 1) {
          return number;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          "invalid value '" + value + "' for " + option + ": expected a whole number of 1 or more");
    }
  }
}
