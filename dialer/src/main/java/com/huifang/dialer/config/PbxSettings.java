package com.huifang.dialer.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One Asterisk PBX the dialer drives, over AMI or ARI (exactly one of them).
 *
 * @param dialPattern the dial string for customers, with {@code {number}}
 * @param agentDialPattern the dial string for agent extensions, with {@code {extension}}
 * @param recordingsDir where this PBX's recordings appear to the dialer
 */
public record PbxSettings(
    String name,
    Optional<AmiEndpoint> ami,
    Optional<AriEndpoint> ari,
    String dialPattern,
    String agentDialPattern,
    int maxChannels,
    Path recordingsDir) {

  public static final String NUMBER = "{number}";
  public static final String EXTENSION = "{extension}";

  public PbxSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dialPattern, "dialPattern");
    Objects.requireNonNull(agentDialPattern, "agentDialPattern");
    Objects.requireNonNull(recordingsDir, "recordingsDir");
    if (ami.isPresent() == ari.isPresent()) {
      throw new IllegalArgumentException("a PBX is reached over exactly one of ami or ari");
    }
  }

  /** The channel to originate for a customer number. */
  public String customerChannel(String number) {
    return dialPattern.replace(NUMBER, number);
  }

  /** The channel to originate for an agent's extension. */
  public String agentChannel(String extension) {
    return agentDialPattern.replace(EXTENSION, extension);
  }
}
