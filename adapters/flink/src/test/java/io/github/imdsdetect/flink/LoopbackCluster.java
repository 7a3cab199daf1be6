package io.github.imdsdetect.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;

/**
 * MiniCluster settings for the tests: one task manager with 2 slots whose REST, RPC, shuffle
 * and collect-sink sockets bind to 127.0.0.1. Flink 2.1 binds them to every interface by default.
 */
public final class LoopbackCluster {
  private LoopbackCluster() {}

  /** Returns {@code base} with every server socket bound to 127.0.0.1. */
  public static Configuration bindToLoopback(Configuration base) {
    base.set(RestOptions.ADDRESS, "127.0.0.1");
    base.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    base.set(JobManagerOptions.ADDRESS, "127.0.0.1");
    base.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
    base.set(TaskManagerOptions.HOST, "127.0.0.1");
    base.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
    return base;
  }

  /** Returns the MiniCluster configuration, with {@code base} bound to loopback. */
  public static MiniClusterResourceConfiguration twoSlots(Configuration base) {
    return new MiniClusterResourceConfiguration.Builder()
        .setNumberTaskManagers(1)
        .setNumberSlotsPerTaskManager(2)
        .setConfiguration(bindToLoopback(base))
        .build();
  }
}
