package com.huifang.dialer.service;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.huifang.scheduler.phone.PhoneNumbers;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code %maskedMsg} in {@code logback.xml}: the message, with every phone number that a library
 * put in it masked as our own lines mask theirs ({@code 138****1017}). asterisk-java logs whole AMI
 * events at {@code WARN} when one is slow to process, and their fields ({@code CallerIDNum}, {@code
 * Exten}, the channel {@code PJSIP/13800001017@carrier}) carry the customer's number. A number is a
 * run of 7 to 15 digits, after an optional {@code +}, that no letter or digit touches on either
 * side: a policy number ({@code P20261100001}) is left alone, a channel's sequence of eight digits
 * ({@code -00000001}) is masked with the rest. Our own code masks what it logs and may log counts
 * of seven digits, so its lines are passed through.
 */
public final class MaskingMessageConverter extends MessageConverter {

  private static final Pattern NUMBER = Pattern.compile("(?<![\\p{Alnum}+])\\+?(\\d{7,15})(?!\\d)");

  private static final String OURS = "com.huifang.";

  @Override
  public String convert(ILoggingEvent event) {
    String message = super.convert(event);
    return event.getLoggerName().startsWith(OURS) ? message : mask(message);
  }

  /** {@code text} with every phone number in it masked. */
  static String mask(String text) {
    Matcher m = NUMBER.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    do {
      String sign = m.group().startsWith("+") ? "+" : "";
      m.appendReplacement(out, Matcher.quoteReplacement(sign + PhoneNumbers.mask(m.group(1))));
    } while (m.find());
    m.appendTail(out);
    return out.toString();
  }
}
