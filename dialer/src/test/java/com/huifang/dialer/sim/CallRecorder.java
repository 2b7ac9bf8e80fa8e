package com.huifang.dialer.sim;

import com.huifang.dialer.engine.CallEnd;
import com.huifang.dialer.engine.CallListener;
import com.huifang.dialer.engine.PbxPort;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a PBX port reported, per attempt, for the contract tests to wait on. Each accessor returns
 * the same future whether it is asked for before or after the report arrived.
 */
final class CallRecorder implements CallListener {

  private final Map<UUID, CompletableFuture<CallEnd>> ends = new ConcurrentHashMap<>();
  private final Map<UUID, CompletableFuture<Instant>> answers = new ConcurrentHashMap<>();
  private final Map<UUID, CompletableFuture<Instant>> agentAnswers = new ConcurrentHashMap<>();
  private final Map<UUID, CompletableFuture<String>> agentMissed = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> reconnected = new CompletableFuture<>();

  CompletableFuture<CallEnd> end(UUID attemptId) {
    return future(ends, attemptId);
  }

  CompletableFuture<Instant> answer(UUID attemptId) {
    return future(answers, attemptId);
  }

  CompletableFuture<Instant> agentAnswer(UUID attemptId) {
    return future(agentAnswers, attemptId);
  }

  /** The dial status of the agent's leg that was not answered. */
  CompletableFuture<String> agentMissed(UUID attemptId) {
    return future(agentMissed, attemptId);
  }

  /** Completes on the first reconnection. */
  CompletableFuture<Void> reconnected() {
    return reconnected;
  }

  @Override
  public void answered(UUID attemptId, Instant at) {
    answer(attemptId).complete(at);
  }

  @Override
  public void agentAnswered(UUID attemptId, Instant at) {
    agentAnswer(attemptId).complete(at);
  }

  @Override
  public void agentUnreachable(UUID attemptId, String dialStatus) {
    agentMissed(attemptId).complete(dialStatus);
  }

  @Override
  public void ended(CallEnd end) {
    end(end.attemptId()).complete(end);
  }

  @Override
  public void reconnected(PbxPort pbx) {
    reconnected.complete(null);
  }

  private static <T> CompletableFuture<T> future(Map<UUID, CompletableFuture<T>> map, UUID id) {
    return map.computeIfAbsent(id, k -> new CompletableFuture<>());
  }
}
