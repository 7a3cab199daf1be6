package io.github.imdsdetect.benchmarks;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds benign command lines, URLs, host names and addresses in the shapes that Linux servers
 * and containers log: package managers, {@code bash -c} pipelines, Java and Python services,
 * Docker, containerd and kubectl. The text is random but follows these shapes, so that the
 * frequencies of letters, digits and punctuation resemble real process telemetry.
 *
 * <p>Nothing here avoids metadata addresses: {@link CorpusGenerator} draws again when the
 * detector reports something in a benign text.
 */
final class BenignText {

  private static final List<String> APT_PACKAGES =
      List.of("curl", "wget", "git", "jq", "openssl", "ca-certificates", "python3-pip", "nginx",
          "postgresql-client", "libssl-dev", "build-essential", "unzip", "gnupg", "lsb-release",
          "htop", "tzdata", "locales", "vim-tiny", "net-tools", "iproute2", "dnsutils", "rsync",
          "cron", "logrotate", "sudo", "libpq5", "zlib1g-dev", "procps");
  private static final List<String> PIP_PACKAGES =
      List.of("requests==2.31.0", "boto3>=1.28", "numpy==1.26.4", "pandas", "flask==3.0.2",
          "gunicorn", "urllib3<2", "pyyaml==6.0.1", "cryptography", "psycopg2-binary",
          "celery[redis]==5.3.6", "sqlalchemy>=2.0", "pydantic==2.6.1", "uvicorn[standard]",
          "prometheus-client", "redis==5.0.1", "click", "jinja2==3.1.3", "python-dateutil");
  private static final List<String> NPM_PACKAGES =
      List.of("express@4.18.2", "lodash@^4.17.21", "react@18.2.0", "typescript@5.3.3",
          "@types/node@20.11.5", "webpack-cli", "eslint@8.56.0", "axios@1.6.7", "dotenv",
          "pm2@latest", "jest@29.7.0", "pino", "ws@8.16.0", "@nestjs/core");
  private static final List<String> SERVICES =
      List.of("orders", "billing", "search", "gateway", "auth", "inventory", "payments",
          "notifications", "reports", "ingest", "frontend", "catalog", "shipping");
  private static final List<String> NAMESPACES =
      List.of("default", "prod", "staging", "kube-system", "monitoring", "payments", "data");
  private static final List<String> HOSTS =
      List.of("api.github.com", "registry.npmjs.org", "pypi.org", "files.pythonhosted.org",
          "objects.githubusercontent.com", "s3.us-east-1.amazonaws.com",
          "login.microsoftonline.com", "storage.googleapis.com", "cdn.example.net",
          "deb.debian.org", "security.ubuntu.com", "repo1.maven.org", "auth.example.com",
          "hooks.slack.com", "sentry.io", "otel-collector.monitoring.svc.cluster.local");
  private static final List<String> JVM_OPTIONS =
      List.of("-Dspring.profiles.active=prod", "-Dfile.encoding=UTF-8",
          "-Djava.security.egd=file:/dev/./urandom", "-Dlog4j2.formatMsgNoLookups=true",
          "-Duser.timezone=UTC", "-Djava.net.preferIPv4Stack=true",
          "-Dcom.sun.management.jmxremote.port=9010", "-Dcom.sun.management.jmxremote.ssl=false",
          "-Dotel.exporter.otlp.endpoint=http://otel-collector:4317", "-XX:+UseG1GC",
          "-XX:MaxRAMPercentage=75.0", "-XX:+HeapDumpOnOutOfMemoryError",
          "-XX:HeapDumpPath=/var/log/app/heap.hprof", "-Xss512k", "-XX:+ExitOnOutOfMemoryError",
          "-javaagent:/opt/otel/opentelemetry-javaagent.jar", "-Dsun.net.inetaddr.ttl=30");
  private static final List<String> SHELL_STEPS =
      List.of("cd /srv/%s", "tar -xzf /tmp/%s-%s.tar.gz -C /opt/%1$s",
          "grep -v DEBUG /var/log/%s/app.log", "sort | uniq -c | sort -rn | head -20",
          "find /var/log -name '*.gz' -mtime +7 -delete", "systemctl restart %s",
          "sed -i 's/^#PermitRootLogin.*/PermitRootLogin no/' /etc/ssh/sshd_config",
          "awk '{print $1, $9}' /var/log/nginx/access.log", "wc -l",
          "echo \"$(date -u +%%Y-%%m-%%dT%%H:%%M:%%SZ) deploy %s %s\" >> /var/log/deploy.log",
          "sha256sum -c /tmp/%s-%s.sha256", "rsync -az --delete /srv/%s/ /backups/%1$s/",
          "psql -h db.internal -U app -c 'select count(*) from %s'", "xargs -r kill -HUP",
          "jq -r '.items[].name'", "tee -a /var/log/%s/run.log", "gzip -9",
          "chown -R app:app /srv/%s", "test -f /etc/%s.conf");
  private static final String HEX_DIGITS = "0123456789abcdef";
  private static final String WORD_CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private final SplittableRandom random;

  BenignText(SplittableRandom random) {
    this.random = random;
  }

  /**
   * Builds a command line whose length is drawn log-uniformly from {@code [minLength,
   * maxLength]}. The result is never longer than {@code maxLength}. It is at least {@code
   * minLength} long unless {@code maxLength - minLength} is below about 200.
   */
  String commandLine(int minLength, int maxLength) {
    int target = logUniform(minLength, maxLength);
    switch (random.nextInt(9)) {
      case 0:
        return grow("apt-get install -y --no-install-recommends", " ", "", target, maxLength,
            () -> pick(APT_PACKAGES));
      case 1:
        return grow("yum install -y", " ", "", target, maxLength, () -> pick(APT_PACKAGES));
      case 2:
        return grow("pip install --no-cache-dir -r /srv/" + pick(SERVICES) + "/requirements.txt",
            " ", "", target, maxLength, () -> pick(PIP_PACKAGES));
      case 3:
        return grow("npm install --save --prefer-offline", " ", "", target, maxLength,
            () -> pick(NPM_PACKAGES));
      case 4:
        return grow("bash -c \"" + shellStep(), random.nextBoolean() ? " && " : " | ", "\"",
            target, maxLength, this::shellStep);
      case 5:
        return javaService(target, maxLength);
      case 6:
        return pythonService(target, maxLength);
      case 7:
        return containerCommand(target, maxLength);
      default:
        return grow("curl -fsSL " + url(60, 200), " ", "", target, maxLength, this::curlOption);
    }
  }

  /** Builds an https URL with a path and a query string, between the two lengths. */
  String url(int minLength, int maxLength) {
    int target = logUniform(minLength, maxLength);
    StringBuilder url = new StringBuilder("https://").append(pick(HOSTS)).append('/');
    url.append(pick(SERVICES)).append("/v").append(1 + random.nextInt(3)).append('/');
    url.append(word(4, 12)).append('?').append("id=").append(random.nextInt(1_000_000));
    return grow(url.toString(), "&", "", target, maxLength, this::queryParameter);
  }

  /** Returns a host name that a service in a cluster or on the internet might resolve. */
  String hostName() {
    switch (random.nextInt(4)) {
      case 0:
        return pick(HOSTS);
      case 1:
        return pick(SERVICES) + "." + pick(NAMESPACES) + ".svc.cluster.local";
      case 2:
        return "ip-10-" + random.nextInt(256) + "-" + random.nextInt(256) + "-"
            + random.nextInt(256) + ".ec2.internal";
      default:
        return word(3, 10).toLowerCase(java.util.Locale.ROOT) + "." + pick(SERVICES)
            + ".example.com";
    }
  }

  /** Returns a private or public IPv4 address, or now and then an IPv6 address. */
  String address() {
    switch (random.nextInt(5)) {
      case 0:
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
      case 1:
        return "172." + (16 + random.nextInt(16)) + "." + random.nextInt(256) + "."
            + random.nextInt(256);
      case 2:
        return "2001:db8:" + Integer.toHexString(random.nextInt(0x10000)) + "::"
            + Integer.toHexString(1 + random.nextInt(0xffff));
      default:
        return (13 + random.nextInt(190)) + "." + random.nextInt(256) + "." + random.nextInt(256)
            + "." + (1 + random.nextInt(254));
    }
  }

  /** Returns a process name and executable path for a benign network client, as a pair. */
  String[] process() {
    String[][] processes = {
      {"java", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java"},
      {"python3", "/usr/bin/python3"},
      {"node", "/usr/local/bin/node"},
      {"nginx", "/usr/sbin/nginx"},
      {"curl", "/usr/bin/curl"},
      {"sshd", "/usr/sbin/sshd"},
      {"containerd", "/usr/bin/containerd"},
      {"envoy", "/usr/local/bin/envoy"},
    };
    return processes[random.nextInt(processes.length)];
  }

  private String javaService(int target, int maxLength) {
    String service = pick(SERVICES);
    StringBuilder head = new StringBuilder("java -Xms512m -Xmx").append(1 + random.nextInt(8));
    head.append("g -Dotel.service.name=").append(service);
    String tail = " -jar /opt/" + service + "/" + service + "-" + version() + ".jar --server.port="
        + (8000 + random.nextInt(1000));
    return grow(head.toString(), " ", tail, target, maxLength, this::jvmOption);
  }

  /** Returns a JVM option: a common one, or now and then a system property of random words. */
  private String jvmOption() {
    if (random.nextInt(4) != 0) {
      return pick(JVM_OPTIONS);
    }
    return "-D" + word(3, 10).toLowerCase(java.util.Locale.ROOT) + "." + word(3, 12) + "="
        + word(1, 20);
  }

  private String pythonService(int target, int maxLength) {
    String service = pick(SERVICES);
    switch (random.nextInt(3)) {
      case 0:
        return grow("python3 -m gunicorn " + service + ".wsgi:application --bind 0.0.0.0:"
            + (8000 + random.nextInt(100)), " ", "", target, maxLength,
            () -> pick(List.of("--workers 4", "--timeout 120", "--access-logfile -",
                "--log-level info", "--graceful-timeout 30", "--keep-alive 5",
                "--worker-class uvicorn.workers.UvicornWorker")));
      case 1:
        return grow("/usr/bin/python3 /opt/etl/run_" + service + ".py --date " + date(), " ", "",
            target, maxLength, () -> "--" + word(3, 9).toLowerCase(java.util.Locale.ROOT) + " "
                + pick(List.of("s3://data-lake/raw/" + service + "/", "/srv/" + service + "/in",
                    String.valueOf(random.nextInt(5000)), word(4, 16))));
      default:
        return grow("python3 -m celery -A " + service + ".tasks worker --loglevel=INFO", " ", "",
            target, maxLength, () -> "-Q " + pick(SERVICES) + "," + pick(SERVICES));
    }
  }

  private String containerCommand(int target, int maxLength) {
    String service = pick(SERVICES);
    String namespace = pick(NAMESPACES);
    switch (random.nextInt(4)) {
      case 0:
        return grow("docker run --rm -d --name " + service + "-" + random.nextInt(100), " ",
            " registry.example.com/platform/" + service + ":" + version(), target, maxLength,
            () -> pick(List.of("-e TZ=UTC", "-e LOG_LEVEL=info", "-v /srv/data:/data",
                "-p " + (8000 + random.nextInt(100)) + ":80", "--network backend",
                "--restart unless-stopped", "--memory 512m", "--cpus 1.5",
                "-e " + word(4, 12).toUpperCase(java.util.Locale.ROOT) + "=" + word(4, 24))));
      case 1:
        return grow("/usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id " + hex(64)
            + " -address /run/containerd/containerd.sock", " ", "", target, maxLength,
            () -> pick(List.of("-debug", "-publish-binary /usr/bin/containerd",
                "-bundle /run/containerd/io.containerd.runtime.v2.task/k8s.io/" + hex(64))));
      case 2:
        return grow("kubectl " + pick(List.of("get pods -o wide", "rollout status deployment/"
            + service, "logs -f deploy/" + service + " --since=10m --tail=200", "apply -f "
            + "/tmp/manifests/" + service + ".yaml", "describe svc " + service)) + " -n "
            + namespace, " ", "", target, maxLength,
            () -> pick(List.of("--timeout=120s", "--context prod-eu", "-l app=" + pick(SERVICES),
                "--field-selector status.phase=Running", "--kubeconfig /root/.kube/config",
                "-o jsonpath={.items[*].status.podIP}", "-o jsonpath={.items[*].metadata.name}")));
      default:
        return grow("docker build -t registry.example.com/platform/" + service + ":" + version(),
            " ", " .", target, maxLength, () -> "--build-arg " + word(3, 10)
                .toUpperCase(java.util.Locale.ROOT) + "=" + version());
    }
  }

  private String shellStep() {
    String step = pick(SHELL_STEPS);
    return String.format(java.util.Locale.ROOT, step, pick(SERVICES), version());
  }

  private String curlOption() {
    return pick(List.of("-H 'Accept: application/json'", "-H 'Authorization: Bearer " + word(20, 40)
        + "'", "--retry 3", "--max-time 30", "-o /tmp/" + word(4, 10) + ".tgz", "-X POST",
        "-d '{\"id\":" + random.nextInt(100_000) + "}'", "--compressed"));
  }

  private String queryParameter() {
    return word(2, 10).toLowerCase(java.util.Locale.ROOT) + "=" + word(1, 48);
  }

  /**
   * Appends {@code separator} and a part from {@code parts} to {@code head} while the text is
   * shorter than {@code target}, never letting it, {@code suffix} included, pass {@code
   * maxLength}.
   */
  private String grow(String head, String separator, String suffix, int target, int maxLength,
      java.util.function.Supplier<String> parts) {
    StringBuilder text = new StringBuilder(head);
    int misses = 0;
    while (text.length() + suffix.length() < target && misses < 8) {
      String part = parts.get();
      if (text.length() + separator.length() + part.length() + suffix.length() > maxLength) {
        misses++;
        continue;
      }
      text.append(separator).append(part);
    }
    text.append(suffix);
    return text.length() <= maxLength ? text.toString() : text.substring(0, maxLength);
  }

  /** Returns an int drawn log-uniformly from {@code [min, max]}, so short texts are common. */
  int logUniform(int min, int max) {
    double logMin = Math.log(min);
    double logMax = Math.log(max + 1.0);
    int value = (int) Math.exp(logMin + random.nextDouble() * (logMax - logMin));
    return Math.max(min, Math.min(max, value));
  }

  String pick(List<String> values) {
    return values.get(random.nextInt(values.size()));
  }

  String word(int minLength, int maxLength) {
    int length = minLength + random.nextInt(maxLength - minLength + 1);
    StringBuilder word = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      word.append(WORD_CHARS.charAt(random.nextInt(WORD_CHARS.length())));
    }
    return word.toString();
  }

  String hex(int length) {
    StringBuilder hex = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      hex.append(HEX_DIGITS.charAt(random.nextInt(16)));
    }
    return hex.toString();
  }

  String version() {
    return random.nextInt(4) + "." + random.nextInt(30) + "." + random.nextInt(20);
  }

  private String date() {
    return "2024-" + String.format(java.util.Locale.ROOT, "%02d-%02d", 1 + random.nextInt(12),
        1 + random.nextInt(28));
  }

  String service() {
    return pick(SERVICES);
  }
}
