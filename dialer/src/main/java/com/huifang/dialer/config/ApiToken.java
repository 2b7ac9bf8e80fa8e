package com.huifang.dialer.config;

import java.util.Objects;

/** A bearer token and who presents it. */
public record ApiToken(String token, String principal, Role role) {

  public ApiToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(role, "role");
  }

  /** Tokens never appear in logs or {@code toString}. */
  @Override
  public String toString() {
    return "ApiToken[principal=" + principal + ", role=" + role.wireName() + "]";
  }
}
