package io.github.imdsdetect.generators;

import java.util.ArrayList;
import java.util.List;

/** Picks the endpoints that an encoding can write. */
final class Endpoints {
  private Endpoints() {}

  /**
   * Returns an endpoint that {@code encoding} can write and that serves at least one target of
   * the requested kind.
   *
   * @throws IllegalArgumentException if there is none
   */
  static MetadataEndpoint pick(Encoding encoding, boolean credentialAccess, Choices choices) {
    List<MetadataEndpoint> candidates = new ArrayList<>();
    for (MetadataEndpoint endpoint : MetadataEndpoint.values()) {
      if (AddressWriter.supports(encoding, endpoint)
          && !Targets.servedBy(endpoint, credentialAccess).isEmpty()) {
        candidates.add(endpoint);
      }
    }
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException(
          "no endpoint in " + encoding + " serves " + (credentialAccess ? "credentials" : "metadata"));
    }
    return choices.pick(candidates);
  }

  /** Returns an endpoint with an address that {@code encoding} can write, whatever it serves. */
  static MetadataEndpoint pickAddress(Encoding encoding, Choices choices) {
    List<MetadataEndpoint> candidates = new ArrayList<>();
    for (MetadataEndpoint endpoint : MetadataEndpoint.values()) {
      if ((endpoint.isIpv4() || endpoint.isIpv6()) && AddressWriter.supports(encoding, endpoint)) {
        candidates.add(endpoint);
      }
    }
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("no endpoint address in " + encoding);
    }
    return choices.pick(candidates);
  }
}
