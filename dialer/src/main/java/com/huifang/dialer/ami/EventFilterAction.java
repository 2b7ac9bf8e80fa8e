package com.huifang.dialer.ami;

import org.asteriskjava.manager.action.AbstractManagerAction;

/**
 * The AMI {@code Filter} action in its Asterisk 20 form, {@code Operation: Add} with {@code
 * MatchCriteria} (asterisk-java's own {@code FilterAction} knows only the regex {@code Filter}).
 */
public final class EventFilterAction extends AbstractManagerAction {

  private static final long serialVersionUID = 1L;

  private final String matchCriteria;

  /**
   * @param matchCriteria e.g. {@code name(Hangup)}: pass the events of that name
   */
  public EventFilterAction(String matchCriteria) {
    this.matchCriteria = matchCriteria;
  }

  @Override
  public String getAction() {
    return "Filter";
  }

  public String getOperation() {
    return "Add";
  }

  public String getMatchCriteria() {
    return matchCriteria;
  }
}
