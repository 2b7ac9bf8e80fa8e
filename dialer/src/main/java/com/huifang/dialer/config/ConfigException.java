package com.huifang.dialer.config;

/** A configuration value that stops start-up; the message names the key and what is wrong. */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String key;

  public ConfigException(String key, String problem) {
    super("config key '" + key + "': " + problem);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
