package com.huifang.dialer.recording;

import com.huifang.recording.audit.AccessAudit;
import com.huifang.recording.store.Recording;
import com.huifang.recording.store.RecordingStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily purge: audio past its retention and not under legal hold is deleted; its reference
 * stays, marked with the purge time, and every purge is written to the access audit.
 */
public final class RetentionPurge {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);

  private final Vertx vertx;
  private final RecordingStore store;
  private final AccessAudit audit;
  private final RecordingFiles files;

  public RetentionPurge(
      Vertx vertx, RecordingStore store, AccessAudit audit, RecordingFiles files) {
    this.vertx = vertx;
    this.store = store;
    this.audit = audit;
    this.files = files;
  }

  /** Purges what is due at {@code now}; returns how many recordings lost their audio. */
  public Future<Integer> runOnce(Instant now) {
    return store
        .purgeable(now, 1000)
        .compose(
            due -> {
              Future<Integer> chain = Future.succeededFuture(0);
              for (Recording r : due) {
                chain = chain.compose(n -> purge(r, now).map(done -> done ? n + 1 : n));
              }
              return chain;
            })
        .onSuccess(n -> LOG.info("event=retention_purge purged={}", n));
  }

  private Future<Boolean> purge(Recording r, Instant now) {
    Optional<Path> file = files.resolve(r.pbx(), r.path());
    return vertx
        .executeBlocking(() -> file.isPresent() && Files.deleteIfExists(file.get()), false)
        .compose(deleted -> store.markPurged(r.id(), now))
        .compose(
            marked ->
                marked
                    ? audit
                        .append(
                            new AccessAudit.Entry(
                                now, "system", "system", "PURGE", r.id(), "retention ended"))
                        .map(true)
                    : Future.succeededFuture(false));
  }
}
