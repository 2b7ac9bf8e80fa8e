package com.huifang.dialer.agent;

import java.util.Objects;

/** A registered agent: extension, display name, group, and where they are now. */
public record Agent(String extension, String name, String group, AgentStatus status, long version) {

  public Agent {
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(status, "status");
  }
}
