package io.github.imdsdetect.generators;

import java.util.Objects;

/**
 * A metadata endpoint written in one encoding.
 *
 * @param text the endpoint as written: an address or host name such as {@code 0xA9FEA9FE}, or for
 *     the URL-level encodings ({@link Encoding#PERCENT_ENCODED_URL}, {@link
 *     Encoding#DOUBLE_PERCENT_ENCODED_URL}, {@link Encoding#URL_USER_INFO}, {@link
 *     Encoding#BACKSLASH_URL}) and {@link Encoding#SHORT_HOST_NAME} a whole URL, such as
 *     {@code http://metadata/computeMetadata/v1/}
 * @param encoding the encoding
 * @param canonical the endpoint in its usual notation, such as {@code 169.254.169.254} or
 *     {@code metadata.google.internal}
 * @param provider the provider id that findings on the endpoint report, such as {@code aws}
 */
public record WrittenAddress(String text, Encoding encoding, String canonical, String provider) {

  /**
   * Creates a written address.
   *
   * @param text the endpoint as written, an address, host name or whole URL
   * @param encoding the encoding
   * @param canonical the endpoint in its usual notation
   * @param provider the provider id that findings on the endpoint report
   * @throws NullPointerException if any component is null
   */
  public WrittenAddress {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(canonical, "canonical");
    Objects.requireNonNull(provider, "provider");
  }
}
