package com.huifang.recording.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A recording reference: which call (attempt, every policy number of it), who took it, where the
 * audio is (relative to the PBX's recordings directory), and, once the call is over, its length,
 * size and SHA-256. The row outlives the audio: a purge keeps it with its purge time.
 */
public record Recording(
    UUID id,
    UUID attemptId,
    List<String> policyNos,
    long campaignId,
    String agent,
    String pbx,
    String path,
    State state,
    String productType,
    Instant startedAt,
    Instant endedAt,
    Long durationMs,
    Long bytes,
    String sha256,
    Instant retainUntil,
    boolean legalHold,
    Instant purgedAt) {

  /** Where the recording is in its life. */
  public enum State {
    /** The reference is written; the PBX is recording. */
    RECORDING,
    /** The file was found and fingerprinted. */
    COMPLETE,
    /** The file never appeared: alarmed, never silently dropped. */
    MISSING,
    /**
     * The PBX never began recording the call (the customer hung up first, or the PBX refused), and
     * no file appeared: there is no audio.
     */
    NOT_STARTED,
    /** The audio was deleted after retention; the reference stays. */
    PURGED
  }

  public Recording {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(attemptId, "attemptId");
    policyNos = List.copyOf(policyNos);
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(state, "state");
  }
}
