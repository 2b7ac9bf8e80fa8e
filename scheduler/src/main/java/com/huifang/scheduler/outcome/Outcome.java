package com.huifang.scheduler.outcome;

/**
 * The outcome of one dial, as stored and reported (api.md "Attempt outcomes"), with the labels
 * supervisors and regulators read (domain.md).
 */
public enum Outcome {
  ANSWERED("接通", "answered", OutcomeClass.CONNECTED),
  NO_ANSWER("无人接听", "no answer", OutcomeClass.RETRY),
  BUSY("忙音/占线", "busy", OutcomeClass.RETRY),
  REJECTED("拒绝接听", "rejected", OutcomeClass.RETRY),
  EARLY_HANGUP("提前挂机", "early hang-up", OutcomeClass.RETRY),
  POWERED_OFF("关机", "powered off", OutcomeClass.RETRY),
  OUT_OF_SERVICE_AREA("不在服务区", "out of service area", OutcomeClass.LINE_PROBLEM),
  EMPTY_NUMBER("空号", "empty number", OutcomeClass.NUMBER_PROBLEM),
  SUSPENDED("停机", "suspended", OutcomeClass.NUMBER_PROBLEM),
  BARRED("号码暂停使用", "barred", OutcomeClass.NUMBER_PROBLEM),
  LINE_FAULT("线路故障", "line fault", OutcomeClass.LINE_PROBLEM),
  ABANDONED("呼损(无空闲坐席)", "abandoned", OutcomeClass.RETRY),
  FAILED("呼叫失败", "failed", OutcomeClass.LINE_PROBLEM),
  UNKNOWN("状态未知", "unknown", OutcomeClass.UNRESOLVED);

  private final String chineseLabel;
  private final String englishLabel;
  private final OutcomeClass outcomeClass;

  Outcome(String chineseLabel, String englishLabel, OutcomeClass outcomeClass) {
    this.chineseLabel = chineseLabel;
    this.englishLabel = englishLabel;
    this.outcomeClass = outcomeClass;
  }

  public String chineseLabel() {
    return chineseLabel;
  }

  public String englishLabel() {
    return englishLabel;
  }

  public OutcomeClass outcomeClass() {
    return outcomeClass;
  }
}
