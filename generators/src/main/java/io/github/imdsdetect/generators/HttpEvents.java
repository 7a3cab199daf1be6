package io.github.imdsdetect.generators;

import static io.github.imdsdetect.generators.RuleIds.CONNECTION;
import static io.github.imdsdetect.generators.RuleIds.URL;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * HTTP requests as a proxy, network sensor or web server records them. Every request names the
 * address it was sent to, so a direct request to a metadata endpoint also fires the connection
 * rule.
 */
final class HttpEvents {
  /** Notations of a request's host. The generated Host headers contain no zone id or port. */
  static final Set<Encoding> HOST_ENCODINGS =
      EnumSet.complementOf(
          EnumSet.of(Encoding.OUT_OF_RANGE, Encoding.IPV6_BRACKETS, Encoding.IPV6_ZONE_ID,
              Encoding.PERCENT_ENCODED_URL, Encoding.DOUBLE_PERCENT_ENCODED_URL,
              Encoding.URL_USER_INFO, Encoding.BACKSLASH_URL, Encoding.NONE));

  /**
   * An ordinary web application that fetches a URL given in a query parameter.
   *
   * @param host the application's host name
   * @param address the application's address
   * @param path the request path
   * @param parameter the name of the query parameter that takes the URL
   */
  record Application(String host, String address, String path, String parameter) {}

  static final List<Application> APPLICATIONS =
      List.of(
          new Application("app.example.test", "10.0.2.15", "/fetch", "url"),
          new Application("preview.example.test", "10.0.2.16", "/api/render", "target"),
          new Application("images.example.test", "10.0.2.17", "/thumbnail", "src"));

  private static final List<String> SENSOR_HOSTS =
      List.of("imds-relay.internal.example", "10.0.3.7");

  private HttpEvents() {}

  /** Returns a request whose host is the endpoint written in {@code encoding}. */
  static Draft direct(Label label, Encoding encoding, Choices choices) {
    boolean credential = label == Label.CREDENTIAL_ACCESS;
    MetadataEndpoint endpoint = Endpoints.pick(encoding, credential, choices);
    Target target = choices.pick(Targets.servedBy(endpoint, credential));
    String written = AddressWriter.write(endpoint, encoding, choices, true);
    boolean ipv6Literal = written.indexOf(':') >= 0;
    String host = ipv6Literal ? "[" + written + "]" : written;
    RequestHeader header = CommandLineEvents.headerFor(target, choices);
    Set<String> ids = new TreeSet<>(Set.of(URL, CONNECTION));
    if (header != null) {
      ids.addAll(header.httpRuleIds());
    }
    Draft draft = new Draft(label, encoding, Carrier.URL_HOST)
        .target(target.provider(), target.dataKind())
        .written(written)
        .matches(ids)
        .describe(target.method() + " " + target.path() + " to the " + target.provider()
            + " endpoint written as " + encoding)
        .destination(endpoint.connectAddress(), 80);
    request(draft, target.method(), host, target.path(), header);
    return draft;
  }

  /** Returns an SSRF payload: a metadata URL in a query parameter of an ordinary application. */
  static Draft forgery(Label label, Encoding encoding, Choices choices) {
    boolean credential = label == Label.CREDENTIAL_ACCESS;
    MetadataEndpoint endpoint = Endpoints.pick(encoding, credential, choices);
    Target target = choices.pick(Targets.servedBy(endpoint, credential));
    MetadataUrls.WrittenUrl payload = MetadataUrls.write(endpoint, encoding, target, choices);
    Application application = choices.pick(APPLICATIONS);
    String value = MetadataUrls.parameterValue(payload.url(), encoding);
    boolean backslashes = encoding == Encoding.BACKSLASH_URL;
    Draft draft = new Draft(label, encoding, Carrier.URL_QUERY_PARAMETER)
        // With backslashes no path indicator is found, so only the endpoint names the provider.
        .target(backslashes ? endpoint.provider() : target.provider(),
            backslashes ? "metadata" : target.dataKind())
        .written(payload.writtenEndpoint())
        .matches(Set.of(URL))
        .describe("an SSRF payload asks " + application.host() + " to fetch " + target.provider()
            + " " + target.dataKind() + " with the endpoint as " + encoding)
        .destination(application.address(), 80);
    request(draft, "GET", application.host(), application.path() + "?"
        + application.parameter() + "=" + value, null);
    return draft;
  }

  /** Returns a request to an ordinary host with a header that only metadata services require. */
  static Draft header(Label label, Choices choices) {
    List<RequestHeader> headers = new ArrayList<>();
    for (RequestHeader header : RequestHeader.ALL) {
      boolean token = header.dataKind().equals("token");
      if (token == (label == Label.CREDENTIAL_ACCESS)) {
        headers.add(header);
      }
    }
    RequestHeader header = choices.pick(headers);
    String host = choices.pick(SENSOR_HOSTS);
    String path = header == RequestHeader.AWS_TOKEN_TTL ? "/latest/api/token" : "/v1/instance";
    Draft draft = new Draft(label, Encoding.NONE, Carrier.HTTP_HEADER)
        .target(header.provider(), header.dataKind())
        .matches(header.httpRuleIds())
        .describe("a request to " + host + " carries the " + header.name() + " header")
        .destination("10.0.3.7", 80);
    request(draft, header == RequestHeader.AWS_TOKEN_TTL ? "PUT" : "GET", host, path, header);
    return draft;
  }

  /**
   * Returns a request to a look-alike host, or an SSRF payload or header that requests no
   * metadata.
   */
  static Draft nearMiss(Choices choices) {
    switch (choices.between(0, 3)) {
      case 0: {
        NearMisses.LookAlike host = NearMisses.urlHost(choices);
        String path = choices.pick("/", "/latest/meta-data/", "/computeMetadata/v1/");
        Draft draft = new Draft(Label.NEAR_MISS, host.encoding(), Carrier.URL_HOST)
            .written(host.text())
            .describe("a request to " + host.description())
            .destination("203.0.113.10", 80);
        request(draft, "GET", host.text(), path, null);
        return draft;
      }
      case 1: {
        NearMisses.LookAlike lookAlike = NearMisses.pick(choices);
        String text = lookAlike.text();
        boolean needsBrackets = text.indexOf(':') >= 0 && !text.startsWith("[");
        Application application = choices.pick(APPLICATIONS);
        String payload = "http://" + (needsBrackets ? "[" + text + "]" : text) + "/";
        Draft draft = new Draft(Label.NEAR_MISS, lookAlike.encoding(), Carrier.URL_QUERY_PARAMETER)
            .written(text)
            .describe("an SSRF-like parameter names " + lookAlike.description())
            .destination(application.address(), 80);
        request(draft, "GET", application.host(),
            application.path() + "?" + application.parameter() + "=" + payload, null);
        return draft;
      }
      default: {
        String header = choices.pick(
            "X-Metadata: true", "Metadata: false", "User-Agent: metadata-sync/1.0",
            "Metadata-Flavor: Amazon", "X-Forwarded-For: 169.254.169.253");
        Draft draft = new Draft(Label.NEAR_MISS, Encoding.NONE, Carrier.HTTP_HEADER)
            .describe("a request with the header " + header)
            .destination("10.0.3.7", 80);
        request(draft, "GET", "api.example.test", "/v1/items", null);
        draft.event.httpHeaders(header);
        return draft;
      }
    }
  }

  /**
   * Sets method, host, path, query and the full URL, which is "http://" + host + path and
   * query, as Zeek's http.log adapter rebuilds it.
   */
  private static void request(
      Draft draft, String method, String host, String pathAndQuery, RequestHeader header) {
    int question = pathAndQuery.indexOf('?');
    draft.event
        .httpMethod(method)
        .urlHost(host)
        .urlPath(question < 0 ? pathAndQuery : pathAndQuery.substring(0, question))
        .urlQuery(question < 0 ? null : pathAndQuery.substring(question + 1))
        .url("http://" + host + pathAndQuery)
        .httpHeaders(header == null ? null : header.line());
  }
}
