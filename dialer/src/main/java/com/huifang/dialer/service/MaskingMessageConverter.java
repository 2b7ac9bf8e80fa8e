package com.huifang.dialer.service;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.huifang.scheduler.phone.PhoneNumbers;

/**
 * {@code %maskedMsg} in {@code logback.xml}: the message, with every phone number that a library
 * put in it masked as our own lines mask theirs ({@link PhoneNumbers#maskIn}). asterisk-java logs
 * whole AMI events at {@code WARN} when one is slow to process, and their fields ({@code
 * CallerIDNum}, {@code Exten}, the channel {@code PJSIP/13800001017@carrier}) carry the customer's
 * number. Our own code masks what it logs and may log counts of seven digits, so its lines are
 * passed through.
 */
public final class MaskingMessageConverter extends MessageConverter {

  private static final String OURS = "com.huifang.";

  @Override
  public String convert(ILoggingEvent event) {
    String message = super.convert(event);
    return event.getLoggerName().startsWith(OURS) ? message : PhoneNumbers.maskIn(message);
  }
}
