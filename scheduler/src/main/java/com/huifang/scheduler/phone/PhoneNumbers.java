package com.huifang.scheduler.phone;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads phone numbers as domain.md allows them: mainland mobiles (11 digits starting with 1) or
 * landlines with their area code (0 + area code + 7-8 digits, optionally {@code -extension});
 * {@code +86} may precede either (a landline's trunk 0 may then be left out). Spaces, dots and
 * brackets are ignored; a hyphen separates the area code, the local number and the extension.
 */
public final class PhoneNumbers {

  private static final Pattern IGNORED = Pattern.compile("[\\s.()]");
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final int MAX_EXTENSION = 6;

  private PhoneNumbers() {}

  public static PhoneParse parse(String text) {
    if (text == null || text.isBlank()) {
      return invalid("empty");
    }
    String s = IGNORED.matcher(text).replaceAll("");
    boolean international = s.startsWith("+");
    if (international) {
      if (!s.startsWith("+86")) {
        return invalid("country code is not +86 (mainland China)");
      }
      s = s.substring(3);
      if (s.startsWith("-")) {
        s = s.substring(1);
      }
    }
    if (s.isEmpty()) {
      return invalid("no digits after +86");
    }
    String[] parts = s.split("-", -1);
    if (international && withoutTrunkZero(parts)) {
      parts[0] = "0" + parts[0];
    }
    for (String p : parts) {
      if (!DIGITS.matcher(p).matches()) {
        return invalid(
            p.isEmpty()
                ? "misplaced '-'"
                : "contains characters other than digits, '-' and a leading +86");
      }
    }
    return switch (parts.length) {
      case 1 -> whole(parts[0], null);
      case 2 -> twoParts(parts[0], parts[1]);
      case 3 -> landline(parts[0], parts[1], parts[2]);
      default -> invalid("too many '-' separated parts");
    };
  }

  /** Masks all but the first 3 and last 4 digits: {@code 13812341017} → {@code 138****1017}. */
  public static String mask(String digits) {
    if (digits == null) {
      return "null";
    }
    if (digits.length() <= 7) {
      return "*".repeat(digits.length());
    }
    return digits.substring(0, 3)
        + "*".repeat(digits.length() - 7)
        + digits.substring(digits.length() - 4);
  }

  /**
   * A run of 7 to 15 digits, after an optional {@code +}, that no letter or digit touches on either
   * side: a number in a channel name ({@code PJSIP/13800001017@carrier}) or an event's field, not a
   * policy number ({@code P20261100001}).
   */
  private static final Pattern NUMBER_IN_TEXT =
      Pattern.compile("(?<![\\p{Alnum}+])\\+?(\\d{7,15})(?!\\p{Alnum})");

  /**
   * {@code text} (a PBX's error, a library's log line) with every phone number in it masked as
   * {@link #mask} does; a channel's sequence of eight digits ({@code -00000001}) is masked with the
   * rest.
   */
  public static String maskIn(String text) {
    if (text == null) {
      return "null";
    }
    Matcher m = NUMBER_IN_TEXT.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    do {
      String sign = m.group().startsWith("+") ? "+" : "";
      m.appendReplacement(out, Matcher.quoteReplacement(sign + mask(m.group(1))));
    } while (m.find());
    m.appendTail(out);
    return out.toString();
  }

  /** Masks a raw text that may not be a valid number (for logging rejected input). */
  public static String maskRaw(String text) {
    return text == null ? "null" : mask(text.replaceAll("\\D", ""));
  }

  /**
   * +86 10 6234 5678, +86 755 2345678: the international form drops a landline's trunk 0. Only
   * Beijing's area code (10) starts with 1, and a mobile never has 10 digits.
   */
  private static boolean withoutTrunkZero(String[] parts) {
    String first = parts[0];
    if (first.isEmpty() || first.charAt(0) == '0') {
      return false;
    }
    if (first.charAt(0) != '1') {
      return true;
    }
    return first.equals("10")
        || (parts.length == 1 && first.length() == 10 && first.startsWith("10"));
  }

  private static PhoneParse twoParts(String first, String second) {
    if (first.startsWith("0") && first.length() <= 4) {
      return landline(first, second, null);
    }
    // a whole number followed by an extension
    return whole(first, second);
  }

  private static PhoneParse whole(String digits, String extension) {
    if (digits.startsWith("1")) {
      if (extension != null) {
        return invalid("a mobile number has no extension");
      }
      if (digits.length() != 11) {
        return invalid("a mobile number has 11 digits, found " + digits.length());
      }
      return valid(new PhoneNumber(PhoneNumber.Kind.MOBILE, digits, null));
    }
    if (!digits.startsWith("0")) {
      return invalid("a landline needs its area code (starting with 0)");
    }
    if (digits.length() < 10 || digits.length() > 12) {
      return invalid(
          "a landline has 0 + area code + 7-8 digits (10-12 digits), found " + digits.length());
    }
    return withExtension(digits, extension);
  }

  private static PhoneParse landline(String area, String local, String extension) {
    if (!area.startsWith("0") || area.length() < 3 || area.length() > 4) {
      return invalid("area code must be 0 followed by 2-3 digits");
    }
    if (local.length() < 7 || local.length() > 8) {
      return invalid("local number must have 7-8 digits, found " + local.length());
    }
    if (local.startsWith("0") || local.startsWith("1")) {
      return invalid("local number must not start with 0 or 1");
    }
    return withExtension(area + local, extension);
  }

  private static PhoneParse withExtension(String digits, String extension) {
    if (extension != null && (extension.isEmpty() || extension.length() > MAX_EXTENSION)) {
      return invalid("extension must have 1-" + MAX_EXTENSION + " digits");
    }
    return valid(new PhoneNumber(PhoneNumber.Kind.LANDLINE, digits, extension));
  }

  private static PhoneParse valid(PhoneNumber n) {
    return new PhoneParse.Valid(n);
  }

  private static PhoneParse invalid(String reason) {
    return new PhoneParse.Invalid(reason);
  }
}
