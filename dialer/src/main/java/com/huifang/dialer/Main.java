package com.huifang.dialer;

/** The command line: {@code serve}, {@code demo}, {@code sim-pbx}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.err.println("usage: java -jar dialer.jar serve [--config FILE] | demo | sim-pbx");
    System.exit(2);
  }
}
