package io.github.imdsdetect.generators;

/** Builds metadata request URLs with the endpoint in a given encoding. */
final class MetadataUrls {
  /** Request URLs of ordinary web applications whose parameter takes a URL to fetch. */
  static final String[] SSRF_PREFIXES = {
    "http://app.example.test/fetch?url=",
    "http://preview.example.test/api/render?target=",
    "http://10.0.2.15:8080/proxy?u=",
  };

  private static final String[] USER_INFO = {"trusted.example.test", "admin:secret", "allowed"};

  /**
   * A metadata URL as written.
   *
   * @param url the URL, possibly with user info, backslashes or a percent-encoded host, but not
   *     percent-encoded as a whole
   * @param writtenEndpoint the host exactly as written in the URL; IPv6 without its brackets
   *     unless the encoding is {@link Encoding#IPV6_BRACKETS}
   */
  record WrittenUrl(String url, String writtenEndpoint) {}

  private MetadataUrls() {}

  /** Writes the URL of {@code target} on {@code endpoint} with the host in {@code encoding}. */
  static WrittenUrl write(
      MetadataEndpoint endpoint, Encoding encoding, Target target, Choices choices) {
    String host = AddressWriter.write(endpoint, encoding, choices, true);
    String authority;
    switch (encoding) {
      case IPV6_COMPRESSED:
      case IPV6_FULL:
      case IPV6_ZONE_ID:
      case IPV4_MAPPED_DOTTED:
      case IPV4_MAPPED_HEX:
      case IPV4_COMPATIBLE_DOTTED:
      case IPV4_COMPATIBLE_HEX:
        authority = "[" + host + "]";
        break;
      case URL_USER_INFO:
        authority = choices.pick(USER_INFO) + "@" + host;
        break;
      case IPV6_BRACKETS:
        authority = host;
        break;
      default:
        authority = choices.percent(10) ? host + ":80" : host;
        break;
    }
    String url = "http://" + authority + target.path();
    if (encoding == Encoding.BACKSLASH_URL) {
      url = url.replace('/', '\\');
    }
    return new WrittenUrl(url, host);
  }

  /**
   * Returns the value that carries {@code url} in a query parameter: percent-encoded once or
   * twice for the URL-level encodings, else the URL itself.
   */
  static String parameterValue(String url, Encoding encoding) {
    switch (encoding) {
      case PERCENT_ENCODED_URL:
        return UrlText.percentEncode(url);
      case DOUBLE_PERCENT_ENCODED_URL:
        return UrlText.percentEncode(UrlText.percentEncode(url));
      default:
        return url;
    }
  }

  /**
   * Returns the URL that a command line fetches: for the percent-encoding encodings a request to
   * an SSRF-prone application with the metadata URL as parameter, else the metadata URL.
   */
  static String commandLineUrl(String url, Encoding encoding, Choices choices) {
    if (encoding == Encoding.PERCENT_ENCODED_URL
        || encoding == Encoding.DOUBLE_PERCENT_ENCODED_URL) {
      return choices.pick(SSRF_PREFIXES) + parameterValue(url, encoding);
    }
    return url;
  }
}
