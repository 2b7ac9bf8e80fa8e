package com.huifang.scheduler.priority;

/**
 * Hand-out levels (处理顺序, domain.md "Order of hand-out"), lowest code first. The code is what the
 * store keeps in its {@code tier} column and indexes on.
 */
public enum Tier {
  /** 核实件. */
  VERIFICATION(0),
  /** 问题件/次标准件 issued last month (上月). */
  LAST_MONTH(1),
  /** 问题件/次标准件 issued the month before last (上上月). */
  MONTH_BEFORE_LAST(2),
  /** 问题件/次标准件 of any other month (其他月份). */
  OLDER(3),
  /** New callbacks. */
  NEW(4);

  private final int code;

  Tier(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static Tier byCode(int code) {
    for (Tier t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("no tier with code " + code);
  }
}
