package com.huifang.dialer.recording;

import com.huifang.dialer.engine.Autodialer;
import com.huifang.recording.retention.RetentionPolicy;
import com.huifang.recording.store.Recording;
import com.huifang.recording.store.RecordingStore;
import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.store.LeasedCall;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dialer's side of recordings: the reference row (attempt, every policy number of the call,
 * PBX, path, retention) is written before the PBX starts recording, and at hang-up the file is
 * looked for in the PBX's recordings directory, fingerprinted and the reference completed. When the
 * directory has no file and the PBX can hand it out (ARI's stored recordings, {@link #fetchWith}),
 * it is fetched into the directory first. A file that has not appeared within {@code grace} is
 * marked {@code MISSING}, counted and alarmed, unless the PBX never began recording the call (the
 * customer hung up first, or it refused): that one is marked {@code NOT_STARTED} and counted. File
 * names come from date, campaign and attempt only, never from a number or a name. Once stopped it
 * looks no more: the next start completes what was left open.
 */
public final class RecordingReferences implements Autodialer.RecordingHook {

  private static final Logger LOG = LoggerFactory.getLogger(RecordingReferences.class);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd");

  private final Vertx vertx;
  private final RecordingStore store;
  private final RetentionPolicy retention;
  private final RecordingFiles files;
  private final Duration grace;
  private final Clock clock;
  private final Counter missing;
  private final Counter completed;
  private final Counter notStarted;
  private final Map<UUID, Future<?>> opening = new ConcurrentHashMap<>();

  /** Calls the PBX did not begin recording, till their reference is settled. */
  private final Set<UUID> unstarted = ConcurrentHashMap.newKeySet();

  private volatile boolean stopped;
  private final Map<String, Fetcher> fetchers = new ConcurrentHashMap<>();

  /** Fetches a finished recording ({@code path} as in the reference) from its PBX into a file. */
  @FunctionalInterface
  public interface Fetcher {
    Future<Void> fetch(String path, Path target);
  }

  /**
   * @param grace real time to wait for the PBX to finish writing the file after the hang-up
   */
  public RecordingReferences(
      Vertx vertx,
      RecordingStore store,
      RetentionPolicy retention,
      RecordingFiles files,
      Duration grace,
      Clock clock,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.store = store;
    this.retention = retention;
    this.files = files;
    this.grace = grace;
    this.clock = clock;
    this.missing = registry.counter("recordings_missing_total");
    this.completed = registry.counter("recordings_completed_total");
    this.notStarted = registry.counter("recordings_not_started_total");
  }

  /** Recordings of {@code pbx} missing from its directory are fetched through {@code fetcher}. */
  public void fetchWith(String pbx, Fetcher fetcher) {
    fetchers.put(pbx, fetcher);
  }

  /** The file name of a call's recording. */
  public static String fileName(Campaign campaign, UUID attemptId, Instant at) {
    return DAY.format(at.atZone(campaign.settings().timezone()))
        + "/c"
        + campaign.id()
        + "-"
        + attemptId
        + ".wav";
  }

  @Override
  public Future<String> open(LeasedCall call, Campaign campaign, String pbx, Instant now) {
    String path = fileName(campaign, call.attemptId(), now);
    String product = call.policies().getFirst().productType().name();
    Future<String> opened =
        store
            .open(
                call.attemptId(),
                call.policyNos(),
                campaign.id(),
                null,
                pbx,
                path,
                product,
                now,
                retention.retainUntil(now, product, campaign.settings().timezone()))
            .map(Recording::path);
    // a hang-up that comes before the reference is written waits for it (see close)
    opening.put(call.attemptId(), opened);
    return opened.onComplete(done -> opening.remove(call.attemptId()));
  }

  @Override
  public void notStarted(UUID attemptId) {
    unstarted.add(attemptId);
  }

  @Override
  public void close(UUID attemptId, String agent, Instant endedAt) {
    Future<?> pending = opening.getOrDefault(attemptId, Future.succeededFuture());
    pending
        .transform(opened -> store.byAttempt(attemptId))
        .onSuccess(
            r ->
                r.ifPresentOrElse(
                    rec -> look(rec, agent, endedAt, System.nanoTime()),
                    // its reference was never written, so nothing will settle it
                    () -> unstarted.remove(attemptId)));
  }

  /** Completes every reference left open before {@code before} (after a restart). */
  public Future<Integer> completeLeftOpen(Instant before) {
    return store
        .openSince(before)
        .map(
            open -> {
              open.forEach(r -> look(r, r.agent(), before, System.nanoTime()));
              return open.size();
            });
  }

  /** Looks for no more files (the service is stopping: its workers and pool go next). */
  public void stop() {
    stopped = true;
  }

  private void look(Recording r, String agent, Instant endedAt, long since) {
    if (stopped) {
      return;
    }
    Optional<Path> file = files.resolve(r.pbx(), r.path());
    vertx
        .executeBlocking(
            () ->
                file.isPresent()
                        && Files.isRegularFile(file.get())
                        && RecordingFiles.looksLikeWav(file.get())
                    ? Optional.of(RecordingFiles.fingerprint(file.get()))
                    : Optional.<RecordingFiles.Fingerprint>empty(),
            false)
        .onComplete(
            found -> {
              if (found.succeeded() && found.result().isPresent()) {
                RecordingFiles.Fingerprint f = found.result().get();
                long ms = Math.max(0, Duration.between(r.startedAt(), endedAt).toMillis());
                unstarted.remove(r.attemptId());
                store
                    .complete(r.id(), agent, endedAt, ms, f.bytes(), f.sha256())
                    .onSuccess(x -> completed.increment());
              } else if (System.nanoTime() - since < grace.toNanos()) {
                Fetcher fetcher = fetchers.get(r.pbx());
                if (fetcher != null && file.isPresent()) {
                  fetcher
                      .fetch(r.path(), file.get())
                      .onComplete(
                          fetched -> {
                            if (fetched.succeeded()) {
                              look(r, agent, endedAt, since);
                            } else {
                              retry(r, agent, endedAt, since);
                            }
                          });
                } else {
                  retry(r, agent, endedAt, since);
                }
              } else if (unstarted.remove(r.attemptId())) {
                // nothing was to come: the PBX never began recording (the customer hung up first)
                notStarted.increment();
                LOG.info(
                    "event=recording_not_started recording={} attempt={} pbx={}",
                    r.id(),
                    r.attemptId(),
                    r.pbx());
                store.notStarted(r.id(), endedAt);
              } else {
                missing.increment();
                LOG.error(
                    "event=recording_missing recording={} attempt={} pbx={} path={}",
                    r.id(),
                    r.attemptId(),
                    r.pbx(),
                    r.path());
                store.missing(r.id(), clock.instant());
              }
            });
  }

  private void retry(Recording r, String agent, Instant endedAt, long since) {
    vertx.setTimer(Math.max(50, grace.toMillis() / 10), t -> look(r, agent, endedAt, since));
  }
}
