package com.huifang.scheduler.report;

/** How a callback was finally done (回访方式, seed 002 第五条). */
public enum CallbackMethod {
  /** 电话回访: the main method. */
  PHONE("电话回访"),
  /** 上门回访: by the branch, when the phone failed. */
  VISIT("上门回访"),
  /** 信函回访: when neither phone nor visit worked. */
  LETTER("信函回访");

  private final String chineseLabel;

  CallbackMethod(String chineseLabel) {
    this.chineseLabel = chineseLabel;
  }

  public String chineseLabel() {
    return chineseLabel;
  }
}
