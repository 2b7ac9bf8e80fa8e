package com.huifang.dialer.config;

import java.net.URI;
import java.util.Objects;

/** Where and as whom to reach a PBX's Asterisk REST Interface. */
public record AriEndpoint(URI url, String user, String password) {

  public AriEndpoint {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return "AriEndpoint[" + user + "@" + url + "]";
  }
}
