package io.github.imdsdetect.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks that no class of the library refers to a JDK API that opens a connection or resolves a
 * host name. A detector of metadata access must never reach the metadata service itself, even
 * when a log line names it. The check reads the constant pool of every class under {@code
 * io/github/imdsdetect/} in the jars and directories on the test class path, except this
 * module's own test classes, so it covers core and every adapter that Maven resolves here.
 *
 * <p>NOTE: the check is static. It finds direct references only, not network access through
 * reflection or through a third-party library.
 */
class NoNetworkAccessTest {
  private static final String PACKAGE_PATH = "io/github/imdsdetect/";
  private static final String OWN_PACKAGE_PATH = "io/github/imdsdetect/fuzz/";

  /** JDK classes whose use can open a connection or send a DNS query. */
  private static final Set<String> NETWORK_CLASSES =
      Set.of(
          "java/net/Socket",
          "java/net/ServerSocket",
          "java/net/DatagramSocket",
          "java/net/MulticastSocket",
          "java/net/InetAddress",
          "java/net/Inet4Address",
          "java/net/Inet6Address",
          "java/net/InetSocketAddress",
          "java/net/URL",
          "java/net/URLConnection",
          "java/net/HttpURLConnection",
          "java/net/http/HttpClient",
          "java/nio/channels/SocketChannel",
          "java/nio/channels/ServerSocketChannel",
          "java/nio/channels/DatagramChannel",
          "java/nio/channels/AsynchronousSocketChannel",
          "javax/naming/InitialContext",
          "javax/naming/directory/InitialDirContext");

  @Test
  void libraryClassesReferNoNetworkApi() {
    List<String> violations = new ArrayList<>();
    int classes = 0;
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path path = Path.of(entry);
      if (Files.isDirectory(path)) {
        classes += checkDirectory(path, violations);
      } else if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
        classes += checkJar(path, violations);
      }
    }
    int checked = classes;
    assertTrue(checked > 0, "no class under " + PACKAGE_PATH + " found on the class path");
    assertTrue(
        violations.isEmpty(),
        () -> checked + " classes checked; these refer to network APIs:\n- "
            + String.join("\n- ", violations));
  }

  private static int checkDirectory(Path directory, List<String> violations) {
    Path root = directory.resolve(PACKAGE_PATH);
    if (!Files.isDirectory(root)) {
      return 0;
    }
    int classes = 0;
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = directory.relativize(file).toString().replace('\\', '/');
        if (name.startsWith(OWN_PACKAGE_PATH)) {
          continue;
        }
        try (InputStream in = Files.newInputStream(file)) {
          check(directory + "!/" + name, in, violations);
        }
        classes++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("failed to read classes under " + directory, e);
    }
    return classes;
  }

  private static int checkJar(Path jar, List<String> violations) {
    int classes = 0;
    try (JarFile file = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (!name.startsWith(PACKAGE_PATH) || !name.endsWith(".class")
            || name.startsWith(OWN_PACKAGE_PATH)) {
          continue;
        }
        try (InputStream in = file.getInputStream(entry)) {
          check(jar.getFileName() + "!/" + name, in, violations);
        }
        classes++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("failed to read " + jar, e);
    }
    return classes;
  }

  /** Adds a violation for each network class that the class file's constant pool names. */
  private static void check(String where, InputStream in, List<String> violations)
      throws IOException {
    Set<String> found = new TreeSet<>();
    for (String className : referencedClasses(new DataInputStream(in))) {
      if (NETWORK_CLASSES.contains(className)) {
        found.add(className.replace('/', '.'));
      }
    }
    if (!found.isEmpty()) {
      violations.add(where + " refers to " + String.join(", ", found));
    }
  }

  /** Returns the names of the classes in the CONSTANT_Class entries of a class file. */
  private static List<String> referencedClasses(DataInputStream in) throws IOException {
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file: bad magic number");
    }
    in.readUnsignedShort(); // minor version
    in.readUnsignedShort(); // major version
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    List<Integer> classNameIndexes = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1: // Utf8
          utf8[i] = in.readUTF();
          break;
        case 7: // Class
          classNameIndexes.add(in.readUnsignedShort());
          break;
        case 8: // String
        case 16: // MethodType
        case 19: // Module
        case 20: // Package
          in.readUnsignedShort();
          break;
        case 15: // MethodHandle
          in.readUnsignedByte();
          in.readUnsignedShort();
          break;
        case 3: // Integer
        case 4: // Float
        case 9: // Fieldref
        case 10: // Methodref
        case 11: // InterfaceMethodref
        case 12: // NameAndType
        case 17: // Dynamic
        case 18: // InvokeDynamic
          in.readInt();
          break;
        case 5: // Long
        case 6: // Double
          in.readLong();
          i++; // eight-byte constants take two slots
          break;
        default:
          throw new IOException("unknown constant pool tag " + tag + " at index " + i);
      }
    }
    List<String> names = new ArrayList<>();
    for (int index : classNameIndexes) {
      String name = utf8[index];
      if (name != null) {
        // Array classes are named like [Ljava/net/Socket; so strip the array syntax.
        names.add(name.replaceFirst("^\\[+L", "").replaceFirst(";$", ""));
      }
    }
    return names;
  }
}
