package io.github.imdsdetect.core;

/**
 * An immutable {@link Event} built field by field, for callers that have no adapter.
 *
 * <pre>{@code
 * Event event = SimpleEvent.builder()
 *     .processName("curl")
 *     .commandLine("curl http://169.254.169.254/latest/meta-data/")
 *     .build();
 * }</pre>
 */
public final class SimpleEvent implements Event {
  private final String time;
  private final String host;
  private final String user;
  private final String processName;
  private final String processExecutable;
  private final String commandLine;
  private final String parentProcessName;
  private final String parentProcessExecutable;
  private final String destinationAddress;
  private final int destinationPort;
  private final String dnsQueryName;
  private final String dnsAnswers;
  private final String url;
  private final String urlHost;
  private final String urlPath;
  private final String urlQuery;
  private final String httpMethod;
  private final String httpHeaders;
  private final EventOrigin origin;

  private SimpleEvent(Builder b) {
    this.time = b.time;
    this.host = b.host;
    this.user = b.user;
    this.processName = b.processName;
    this.processExecutable = b.processExecutable;
    this.commandLine = b.commandLine;
    this.parentProcessName = b.parentProcessName;
    this.parentProcessExecutable = b.parentProcessExecutable;
    this.destinationAddress = b.destinationAddress;
    this.destinationPort = b.destinationPort;
    this.dnsQueryName = b.dnsQueryName;
    this.dnsAnswers = b.dnsAnswers;
    this.url = b.url;
    this.urlHost = b.urlHost;
    this.urlPath = b.urlPath;
    this.urlQuery = b.urlQuery;
    this.httpMethod = b.httpMethod;
    this.httpHeaders = b.httpHeaders;
    this.origin = b.origin;
  }

  /**
   * Returns a builder with every field absent.
   *
   * @return a new builder whose port is -1 and origin {@link EventOrigin#UNKNOWN}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts with a copy of every field of {@code event}.
   *
   * @param event the event to copy; its text fields are copied as {@code String}s
   * @return a new builder
   * @throws NullPointerException if {@code event} is null
   */
  public static Builder copyOf(Event event) {
    Builder b = new Builder();
    b.time = text(event.time());
    b.host = text(event.host());
    b.user = text(event.user());
    b.processName = text(event.processName());
    b.processExecutable = text(event.processExecutable());
    b.commandLine = text(event.commandLine());
    b.parentProcessName = text(event.parentProcessName());
    b.parentProcessExecutable = text(event.parentProcessExecutable());
    b.destinationAddress = text(event.destinationAddress());
    b.destinationPort = event.destinationPort();
    b.dnsQueryName = text(event.dnsQueryName());
    b.dnsAnswers = text(event.dnsAnswers());
    b.url = text(event.url());
    b.urlHost = text(event.urlHost());
    b.urlPath = text(event.urlPath());
    b.urlQuery = text(event.urlQuery());
    b.httpMethod = text(event.httpMethod());
    b.httpHeaders = text(event.httpHeaders());
    b.origin = event.origin();
    return b;
  }

  private static String text(CharSequence value) {
    return value == null ? null : value.toString();
  }

  @Override
  public CharSequence time() {
    return time;
  }

  @Override
  public CharSequence host() {
    return host;
  }

  @Override
  public CharSequence user() {
    return user;
  }

  @Override
  public CharSequence processName() {
    return processName;
  }

  @Override
  public CharSequence processExecutable() {
    return processExecutable;
  }

  @Override
  public CharSequence commandLine() {
    return commandLine;
  }

  @Override
  public CharSequence parentProcessName() {
    return parentProcessName;
  }

  @Override
  public CharSequence parentProcessExecutable() {
    return parentProcessExecutable;
  }

  @Override
  public CharSequence destinationAddress() {
    return destinationAddress;
  }

  @Override
  public int destinationPort() {
    return destinationPort;
  }

  @Override
  public CharSequence dnsQueryName() {
    return dnsQueryName;
  }

  @Override
  public CharSequence dnsAnswers() {
    return dnsAnswers;
  }

  @Override
  public CharSequence url() {
    return url;
  }

  @Override
  public CharSequence urlHost() {
    return urlHost;
  }

  @Override
  public CharSequence urlPath() {
    return urlPath;
  }

  @Override
  public CharSequence urlQuery() {
    return urlQuery;
  }

  @Override
  public CharSequence httpMethod() {
    return httpMethod;
  }

  @Override
  public CharSequence httpHeaders() {
    return httpHeaders;
  }

  @Override
  public EventOrigin origin() {
    return origin;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("SimpleEvent{origin=").append(origin);
    for (Field field : Field.values()) {
      CharSequence value = get(field);
      if (value != null) {
        sb.append(", ").append(field.fieldName()).append('=').append(value);
      }
    }
    return sb.append('}').toString();
  }

  /** A mutable builder of {@link SimpleEvent}; not thread-safe. Null clears a field. */
  public static final class Builder {
    private String time;
    private String host;
    private String user;
    private String processName;
    private String processExecutable;
    private String commandLine;
    private String parentProcessName;
    private String parentProcessExecutable;
    private String destinationAddress;
    private int destinationPort = -1;
    private String dnsQueryName;
    private String dnsAnswers;
    private String url;
    private String urlHost;
    private String urlPath;
    private String urlQuery;
    private String httpMethod;
    private String httpHeaders;
    private EventOrigin origin = EventOrigin.UNKNOWN;

    private Builder() {}

    /**
     * Sets the event time.
     *
     * @param value the event time as text, or null to clear it
     * @return this builder
     */
    public Builder time(String value) {
      this.time = value;
      return this;
    }

    /**
     * Sets the host name.
     *
     * @param value the host name, or null to clear it
     * @return this builder
     */
    public Builder host(String value) {
      this.host = value;
      return this;
    }

    /**
     * Sets the user name.
     *
     * @param value the user name, or null to clear it
     * @return this builder
     */
    public Builder user(String value) {
      this.user = value;
      return this;
    }

    /**
     * Sets the process name.
     *
     * @param value the process name, or null to clear it
     * @return this builder
     */
    public Builder processName(String value) {
      this.processName = value;
      return this;
    }

    /**
     * Sets the full path of the process executable.
     *
     * @param value the executable path, or null to clear it
     * @return this builder
     */
    public Builder processExecutable(String value) {
      this.processExecutable = value;
      return this;
    }

    /**
     * Sets the command line.
     *
     * @param value the command line, or null to clear it
     * @return this builder
     */
    public Builder commandLine(String value) {
      this.commandLine = value;
      return this;
    }

    /**
     * Sets the parent process name.
     *
     * @param value the parent process name, or null to clear it
     * @return this builder
     */
    public Builder parentProcessName(String value) {
      this.parentProcessName = value;
      return this;
    }

    /**
     * Sets the full path of the parent process executable.
     *
     * @param value the parent executable path, or null to clear it
     * @return this builder
     */
    public Builder parentProcessExecutable(String value) {
      this.parentProcessExecutable = value;
      return this;
    }

    /**
     * Sets the destination IP address.
     *
     * @param value the destination address, or null to clear it
     * @return this builder
     */
    public Builder destinationAddress(String value) {
      this.destinationAddress = value;
      return this;
    }

    /**
     * Sets the destination port, or -1 for unknown.
     *
     * @param value the port, 0..65535, or -1 for unknown
     * @return this builder
     * @throws IllegalArgumentException if the port is outside -1..65535
     */
    public Builder destinationPort(int value) {
      if (value < -1 || value > 65535) {
        throw new IllegalArgumentException("port must be -1 or 0..65535, was " + value);
      }
      this.destinationPort = value;
      return this;
    }

    /**
     * Sets the DNS query name.
     *
     * @param value the query name, or null to clear it
     * @return this builder
     */
    public Builder dnsQueryName(String value) {
      this.dnsQueryName = value;
      return this;
    }

    /**
     * Sets the DNS answers, separated by commas, spaces or semicolons.
     *
     * @param value the DNS answers, or null to clear it
     * @return this builder
     */
    public Builder dnsAnswers(String value) {
      this.dnsAnswers = value;
      return this;
    }

    /**
     * Sets the full URL.
     *
     * @param value the URL, or null to clear it
     * @return this builder
     */
    public Builder url(String value) {
      this.url = value;
      return this;
    }

    /**
     * Sets the URL host or {@code Host} header.
     *
     * @param value the URL host, or null to clear it
     * @return this builder
     */
    public Builder urlHost(String value) {
      this.urlHost = value;
      return this;
    }

    /**
     * Sets the URL path.
     *
     * @param value the URL path, or null to clear it
     * @return this builder
     */
    public Builder urlPath(String value) {
      this.urlPath = value;
      return this;
    }

    /**
     * Sets the URL query string, without the leading {@code ?}.
     *
     * @param value the query string, or null to clear it
     * @return this builder
     */
    public Builder urlQuery(String value) {
      this.urlQuery = value;
      return this;
    }

    /**
     * Sets the HTTP method.
     *
     * @param value the request method, or null to clear it
     * @return this builder
     */
    public Builder httpMethod(String value) {
      this.httpMethod = value;
      return this;
    }

    /**
     * Sets the HTTP request headers, one {@code Name: value} pair per line.
     *
     * @param value the request headers, or null to clear it
     * @return this builder
     */
    public Builder httpHeaders(String value) {
      this.httpHeaders = value;
      return this;
    }

    /**
     * Sets where the event was read.
     *
     * @param value the origin; {@link EventOrigin#UNKNOWN} unless set
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder origin(EventOrigin value) {
      this.origin = java.util.Objects.requireNonNull(value, "origin");
      return this;
    }

    /**
     * Returns a new immutable event with the fields set so far.
     *
     * @return the event
     */
    public SimpleEvent build() {
      return new SimpleEvent(this);
    }
  }
}
