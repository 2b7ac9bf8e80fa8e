package com.huifang.dialer.config;

import java.util.Locale;

/** The roles of api.md; a token maps to exactly one. */
public enum Role {
  ADMIN,
  SUPERVISOR,
  QA,
  AGENT,
  IMPORTER;

  /** The lower-case name used in config files and audit records. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
