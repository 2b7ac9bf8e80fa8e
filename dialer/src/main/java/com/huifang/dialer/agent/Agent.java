package com.huifang.dialer.agent;

import java.util.Objects;

/** A registered agent: extension, display name, group, and where they are now. */
/**
 * A callback agent.
 *
 * @param salesCode the agent's own code as a seller, when they also sell; null otherwise. They
 *     never get the callback of a policy sold under it.
 */
public record Agent(
    String extension,
    String name,
    String group,
    String salesCode,
    AgentStatus status,
    long version) {

  public Agent {
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(status, "status");
  }
}
