package com.huifang.dialer.engine;

import com.huifang.scheduler.store.AttemptStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node does about attempts whose call it cannot follow: at start-up, what it leased before
 * it stopped; later, attempts nobody knows the fate of, once no PBX carries their call any more.
 */
final class Recovery {

  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  private final Clock clock;
  private final String node;
  private final AttemptStore attempts;
  private final List<PbxPort> pbxs;
  private final AgentConnector connector;

  Recovery(
      Clock clock,
      String node,
      AttemptStore attempts,
      List<PbxPort> pbxs,
      AgentConnector connector) {
    this.clock = clock;
    this.node = node;
    this.attempts = attempts;
    this.pbxs = pbxs;
    this.connector = connector;
  }

  /** At start-up: give back what this node leased but never placed; check what it was dialling. */
  Future<Void> recover() {
    Instant now = clock.instant();
    return attempts
        .openAttempts(node)
        .compose(
            open -> {
              List<Future<?>> work = new ArrayList<>();
              boolean dialling = false;
              for (AttemptStore.OpenAttempt a : open) {
                if (a.state().equals("LEASED")) {
                  // never dialled; in PREVIEW an agent may be reserved for it: free them too
                  work.add(
                      attempts
                          .release(a.attemptId(), node, now)
                          .compose(x -> connector.freeAgentOf(a.attemptId())));
                } else {
                  dialling = true;
                }
              }
              if (dialling) {
                // this node lost track of those calls when it stopped: end their leases now, so
                // they become UNKNOWN and are reconciled against the PBX, never dialled blindly
                work.add(attempts.renew(node, now.minusMillis(1)));
              }
              LOG.info("event=recovered node={} open={}", node, open.size());
              return Future.join(work).mapEmpty();
            });
  }

  /**
   * Unknown attempts: if no PBX has the call any more (and it is not one of {@code ours} up now),
   * the outcome is lost: settle as unknown.
   */
  void settleUnknown(List<AttemptStore.OpenAttempt> unknown, Predicate<UUID> ours) {
    if (unknown.isEmpty()) {
      return;
    }
    List<Future<Set<UUID>>> lives = new ArrayList<>();
    for (PbxPort p : pbxs) {
      lives.add(p.available() ? p.liveAttempts() : Future.failedFuture("down"));
    }
    Future.join(lives)
        .onComplete(
            r -> {
              if (lives.stream().anyMatch(Future::failed)) {
                LOG.warn(
                    "event=reconcile_deferred unknown={} reason=a PBX cannot be asked now",
                    unknown.size());
                return; // a PBX we cannot ask might still carry the call: wait
              }
              Instant now = clock.instant();
              for (AttemptStore.OpenAttempt a : unknown) {
                boolean live = lives.stream().anyMatch(f -> f.result().contains(a.attemptId()));
                if (!live && !ours.test(a.attemptId())) {
                  attempts
                      .reconcileNotFound(a.attemptId(), now)
                      .onComplete(
                          x ->
                              LOG.info(
                                  "event=reconciled attempt={} result={}",
                                  a.attemptId(),
                                  x.succeeded() ? x.result() : x.cause()));
                }
              }
            });
  }
}
