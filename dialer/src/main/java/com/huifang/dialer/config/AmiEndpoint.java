package com.huifang.dialer.config;

import java.util.Objects;

/** Where and as whom to log in to a PBX's Asterisk Manager Interface. */
public record AmiEndpoint(String host, int port, String user, String secret) {

  public AmiEndpoint {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    return "AmiEndpoint[" + user + "@" + host + ":" + port + "]";
  }
}
